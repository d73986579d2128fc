// Everything that defines the statute table's content (ids excluded) plus the ingest progress:
// tests compare two stores, or one store before and after, with it.
import type { Store } from "../src/store/types.ts";

export async function statuteTableContent(store: Store) {
  const statutes = await store.db.query(
    `SELECT law, short_title, level, article, article_sub, label, chapter_path, text, version, superseded, source, content_hash,
            tokens::text AS tokens, embedding::text AS embedding
     FROM statutes ORDER BY source, article, article_sub`,
  );
  const progress = await store.db.query("SELECT source, content_hash, articles FROM ingest_progress ORDER BY source");
  return { statutes: statutes.rows, progress: progress.rows };
}
