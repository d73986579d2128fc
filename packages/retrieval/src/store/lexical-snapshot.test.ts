import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { queryTerms } from "./bm25.ts";
import { lexicalTokens, toLexemeList } from "./lexical-tokens.ts";
import { MemoryLexicalIndex, type IndexedDoc } from "./memory-lexical-index.ts";
import { openStore, SqlStore } from "./sql-store.ts";
import { CONTRACT_DIMENSIONS, CONTRACT_STATUTES } from "./store.case.ts";

const TEXTS = ["用人单位拖欠劳动报酬", "夫妻一方要求离婚", "劳动者加班费与劳动报酬", "房屋漏水造成损失"];

async function* pages(): AsyncIterable<IndexedDoc<{ n: number }>[]> {
  yield TEXTS.map((t, i) => {
    const tokens = lexicalTokens(t);
    return { id: i + 1, lexemes: toLexemeList(tokens), tokens: null, length: tokens.length, attrs: { n: i } };
  });
}

describe("lexical index snapshot", () => {
  it("round-trips: the loaded index ranks exactly like the built one", async () => {
    const built = await MemoryLexicalIndex.build("7", pages());
    const loaded = MemoryLexicalIndex.fromSnapshot<{ n: number }>(built.toSnapshot());
    expect(loaded?.version).toBe("7");
    expect(loaded?.size).toBe(TEXTS.length);
    for (const q of ["劳动报酬", "离婚 夫妻", "漏水损失", "不存在的词语"]) {
      const terms = queryTerms(lexicalTokens(q));
      expect(loaded?.search(terms, 3, () => true)).toEqual(built.search(terms, 3, () => true));
    }
    expect(built.search(queryTerms(lexicalTokens("离婚")), 3, () => true)[0]?.attrs).toEqual({ n: 1 });
  });

  it("rejects bytes that are not a snapshot", () => {
    expect(MemoryLexicalIndex.fromSnapshot(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(MemoryLexicalIndex.fromSnapshot(new Uint8Array(64))).toBeNull();
  });

  it.each(["table (in-memory PGlite)", "file (PGlite data directory)"])("%s: a second process loads the stored snapshot instead of rebuilding; a write invalidates it", async (where) => {
    const dataDir = where.startsWith("file") ? await mkdtemp(path.join(os.tmpdir(), "mediate-snap-")) : undefined;
    const settings = { dimensions: CONTRACT_DIMENSIONS, embeddingModel: "snap", lexicalSnapshotMinDocs: 1, ...(dataDir ? { dataDir } : {}) };
    const store = await openStore(settings);
    try {
      await store.upsertStatutes(CONTRACT_STATUTES);
      const first = await store.lexicalSearchStatutes("拖欠劳动报酬", { k: 3 });
      expect(first[0]?.article).toBe(30);
      const saved = await store.db.query<{ version: string }>("SELECT version FROM lexical_snapshots WHERE corpus = 'statutes'");
      expect(saved.rows).toHaveLength(dataDir ? 0 : 1);
      if (dataDir) expect(existsSync(path.join(dataDir, "mediate-lexical-statutes.bin"))).toBe(true);

      // Blank the stored lexemes without bumping the data version: only the snapshot still knows the words.
      await store.db.query("UPDATE statutes SET lexemes = ''");
      const other = new SqlStore(store.db, store.backend, settings);
      expect((await other.lexicalSearchStatutes("拖欠劳动报酬", { k: 3 })).map((h) => h.article)).toEqual(first.map((h) => h.article));

      // A real write bumps the version: the snapshot is stale and the index is rebuilt from the rows.
      await store.upsertStatutes([{ ...CONTRACT_STATUTES[1]!, text: "改写后的条文：夜班补贴" }]);
      const after = await new SqlStore(store.db, store.backend, settings).lexicalSearchStatutes("夜班补贴", { k: 3 });
      expect(after.map((h) => h.article)).toEqual([82]);
    } finally {
      await store.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  });
});
