// Shared by the hold-out evaluation scripts (type, risk, points): JSONL reading, the labelled
// eval corpus, and the small flag parsing they all use.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Every item of corpora/eval/*.jsonl (files in name order), as parsed. */
export function evalCorpusItems<T>(): T[] {
  const dir = fileURLToPath(new URL("../../../corpora/eval/", import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) => readJsonl<T>(dir + f));
}

/** `--flag value` options, boolean `--flags` and the one positional argument (a file). */
export function holdoutArgs(argv: string[], valueFlags: string[]) {
  const valueOf = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const values = new Set(valueFlags.map(valueOf).filter((v): v is string => v !== undefined));
  return {
    valueOf,
    has: (flag: string) => argv.includes(flag),
    positional: argv.find((a) => !a.startsWith("--") && !values.has(a)),
  };
}
