import { readdir } from "node:fs/promises";
import path from "node:path";
import { MediateError } from "@mediate/core";

/** Law files under corpusDir (corpus-relative, sorted), excluding `_index.md`, the template and `案例/`. */
export async function listLawFiles(corpusDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = (await readdir(corpusDir, { recursive: true })) as string[];
  } catch (cause) {
    throw new MediateError("corpus_not_found", `statute corpus not found at ${corpusDir} (set MEDIATE_CORPUS_DIR)`, {
      cause,
      details: { corpusDir },
    });
  }
  return entries
    .map((e) => e.split(path.sep).join("/"))
    .filter((e) => e.endsWith(".md") && !e.endsWith("_index.md") && e !== "法律法规模版.md" && !e.startsWith("案例/"))
    .sort();
}

/** Typical-case files under `案例/`. */
export async function listCaseFiles(corpusDir: string): Promise<string[]> {
  const entries = (await readdir(path.join(corpusDir, "案例"), { recursive: true }).catch(() => [])) as string[];
  return entries
    .map((e) => `案例/${e.split(path.sep).join("/")}`)
    .filter((e) => e.endsWith(".md") && !e.endsWith("_index.md"))
    .sort();
}
