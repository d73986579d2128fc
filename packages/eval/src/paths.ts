import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, from this file's location (packages/eval/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export type EvalPaths = { repoRoot: string; shared: string; corpusDir: string };

/** Defaults: shared data beside the checkout; env overrides are read by the CLI only. */
export function defaultPaths(env: Record<string, string | undefined> = {}, repoRoot = REPO_ROOT): EvalPaths {
  const shared = env.MEDIATE_SHARED_DIR ?? path.resolve(repoRoot, "../shared");
  return { repoRoot, shared, corpusDir: env.MEDIATE_CORPUS_DIR ?? path.join(shared, "corpora/laws") };
}
