// Fault injection: a statute ingest that dies part-way through with an exception (the
// embedding service failing after N files — the abort-signal case is covered by
// packages/retrieval/src/ingest/ingest-statutes.test.ts) and is then resumed. The final
// tables must equal those of an uninterrupted ingest, row for row (ids excluded).
import { ingestStatutes } from "@mediate/retrieval/ingest/ingest-statutes.ts";
import { openStore } from "@mediate/retrieval/store/sql-store.ts";
import type { Store } from "@mediate/retrieval/store/types.ts";
import type { Embeddings } from "@mediate/retrieval/types.ts";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHashEmbeddings } from "../../../retrieval/test/hash-embeddings.ts";
import { statuteTableContent } from "../../../retrieval/test/statute-table.ts";
import { SHARED_LAWS, TEST_LAW_FILES } from "../test-retrieval.ts";

let corpus: string;
const stores: Store[] = [];

beforeAll(async () => {
  corpus = await mkdtemp(path.join(os.tmpdir(), "mediate-ingest-fault-"));
  for (const f of TEST_LAW_FILES) {
    await mkdir(path.dirname(path.join(corpus, f)), { recursive: true });
    await cp(path.join(SHARED_LAWS, f), path.join(corpus, f));
  }
});
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  await rm(corpus, { recursive: true, force: true });
});

async function newStore(): Promise<Store> {
  const s = await openStore({ dimensions: 32, embeddingModel: "test-hash-32" });
  stores.push(s);
  return s;
}


/** Embeddings that throw once `failAfter` batches have been embedded (an outage mid-ingest). */
function failingEmbeddings(failAfter: number): Embeddings {
  const inner = createHashEmbeddings();
  let batches = 0;
  return {
    model: inner.model,
    dimensions: inner.dimensions,
    embedQuery: (t) => inner.embedQuery(t),
    async embedDocuments(texts) {
      if (++batches > failAfter) throw Object.assign(new Error("embedding service went away"), { code: "ECONNRESET" });
      return inner.embedDocuments(texts);
    },
  };
}

describe("statute ingest interrupted by an exception and resumed", () => {
  it.each([1, 3])("after %i batches: the resumed index equals an uninterrupted one", async (failAfter) => {
    const reference = await newStore();
    await ingestStatutes({ store: reference, embeddings: createHashEmbeddings(), corpusDir: corpus, batchSize: 40 });
    const expected = await statuteTableContent(reference);
    expect(expected.statutes.length).toBeGreaterThan(100);

    const store = await newStore();
    await expect(ingestStatutes({ store, embeddings: failingEmbeddings(failAfter), corpusDir: corpus, batchSize: 40 })).rejects.toThrow(/embedding service went away/);
    const partial = await statuteTableContent(store);
    expect(partial.statutes.length).toBeLessThan(expected.statutes.length);
    // Progress is only recorded for files that were written completely.
    for (const p of partial.progress as Array<{ source: string; articles: number }>) {
      expect(partial.statutes.filter((s) => (s as { source: string }).source === p.source)).toHaveLength(p.articles);
    }

    const resumed = await ingestStatutes({ store, embeddings: createHashEmbeddings(), corpusDir: corpus, batchSize: 40 });
    expect(resumed.aborted).toBe(false);
    expect(await statuteTableContent(store)).toEqual(expected);
  }, 120_000);
});
