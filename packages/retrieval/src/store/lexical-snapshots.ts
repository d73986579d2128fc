// Where snapshots of the in-process lexical index live. PGlite with a data directory: a file in
// that directory (reading a 60 MB bytea through PGlite's wire protocol takes ~15 s, a file
// ~0.1 s). PostgreSQL and in-memory PGlite: the lexical_snapshots table (migration 4).
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SqlClient } from "./types.ts";

export type LexicalSnapshots = {
  /** The bytes stored for `corpus` at data version `version`, else null. */
  read(corpus: string, version: string): Promise<Uint8Array | null>;
  write(corpus: string, version: string, bytes: Uint8Array): Promise<void>;
};

export function createTableSnapshots(db: SqlClient): LexicalSnapshots {
  return {
    async read(corpus, version) {
      const r = await db.query<{ data: Uint8Array }>("SELECT data FROM lexical_snapshots WHERE corpus = $1 AND version = $2", [corpus, version]);
      return r.rows[0]?.data ?? null;
    },
    async write(corpus, version, bytes) {
      await db.query(
        `INSERT INTO lexical_snapshots (corpus, version, data) VALUES ($1, $2, $3)
         ON CONFLICT (corpus) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, updated_at = now()`,
        [corpus, version, bytes],
      );
    },
  };
}

/** `<dir>/mediate-lexical-<corpus>.bin`: 4-byte version length, version, snapshot bytes. */
export function createFileSnapshots(dir: string): LexicalSnapshots {
  const file = (corpus: string) => path.join(dir, `mediate-lexical-${corpus}.bin`);
  return {
    async read(corpus, version) {
      const bytes = await readFile(file(corpus)).catch(() => null);
      if (!bytes || bytes.length < 4) return null;
      const n = bytes.readUInt32LE(0);
      if (bytes.subarray(4, 4 + n).toString("utf8") !== version) return null;
      return bytes.subarray(4 + n);
    },
    async write(corpus, version, bytes) {
      const v = Buffer.from(version, "utf8");
      const head = Buffer.alloc(4);
      head.writeUInt32LE(v.length, 0);
      // Write then rename: a reader never sees half a file.
      const tmp = `${file(corpus)}.${process.pid}.tmp`;
      await writeFile(tmp, Buffer.concat([head, v, bytes]));
      await rename(tmp, file(corpus));
    },
  };
}
