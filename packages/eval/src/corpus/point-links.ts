import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PointArticleLinks } from "../metrics/citations.ts";
import { refKey } from "../metrics/ranking.ts";

type Raw = Record<string, unknown>;

/**
 * Reads the contested-point → core-article links of corpora/taxonomy/contested-points.json.
 * Accepts an array of points or `{ points: [...] }`, each `{ code, articles|statutes: [{law, article}] }`.
 * A missing file yields no links (support then rests on gold articles alone).
 */
export async function loadPointArticleLinks(repoRoot: string): Promise<{ links: PointArticleLinks; codes: Set<string> }> {
  const file = path.join(repoRoot, "corpora/taxonomy/contested-points.json");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return { links: new Map(), codes: new Set() };
  }
  return parsePointLinks(json);
}

export function parsePointLinks(json: unknown): { links: PointArticleLinks; codes: Set<string> } {
  const list = Array.isArray(json) ? json : Array.isArray((json as Raw)?.points) ? ((json as Raw).points as unknown[]) : [];
  const links: PointArticleLinks = new Map();
  const codes = new Set<string>();
  for (const entry of list) {
    if (typeof entry !== "object" || entry === null) continue;
    const e = entry as Raw;
    if (typeof e.code !== "string") continue;
    codes.add(e.code);
    const refs = [e.articles, e.statutes, e.coreArticles].find(Array.isArray) as unknown[] | undefined;
    const set = new Set<string>();
    for (const r of refs ?? []) {
      const ref = r as Raw;
      if (typeof ref?.law === "string" && typeof ref.article === "number") set.add(refKey({ law: ref.law, article: ref.article }));
    }
    links.set(e.code, set);
  }
  return { links, codes };
}
