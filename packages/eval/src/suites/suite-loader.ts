import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { MediateError } from "@mediate/core";
import { CailDocSchema, CaseItemSchema, RetrievalQuestionSchema, type CailDoc, type CaseItem, type RetrievalQuestion } from "./case-item.ts";
import { SuiteFileSchema, type Suite } from "./suite-schema.ts";

export type Paths = { repoRoot: string; shared: string };

/** A data line that failed validation: reported with file and line, then skipped. */
export type InvalidLine = { file: string; line: number; error: string };

export type Loaded<T> = { items: T[]; invalid: InvalidLine[] };

export const suitesDir = (repoRoot: string) => path.join(repoRoot, "packages/eval/suites");

export async function listSuites(repoRoot: string): Promise<string[]> {
  const names = await readdir(suitesDir(repoRoot));
  return names.filter((n) => n.endsWith(".suite.json")).map((n) => n.slice(0, -".suite.json".length)).sort();
}

/** Loads `<name>.suite.json`; an unknown name is a MediateError listing the known suites. */
export async function loadSuite(name: string, repoRoot: string): Promise<Suite> {
  const file = path.join(suitesDir(repoRoot), `${name}.suite.json`);
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    const known = await listSuites(repoRoot).catch(() => []);
    throw new MediateError("not_found", `unknown suite "${name}" (known: ${known.join(", ") || "none"})`, {
      details: { suite: name },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new MediateError("invalid_json", `suite file ${file} is not valid JSON`, { cause });
  }
  const parsed = SuiteFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new MediateError("invalid_input", `suite file ${file} is invalid: ${formatIssues(parsed.error)}`);
  }
  return { ...parsed.data, name, file };
}

export function resolveDataPath(spec: string, paths: Paths): string {
  const replaced = spec.replace(/^\$\{shared\}/, paths.shared);
  return path.isAbsolute(replaced) ? replaced : path.resolve(paths.repoRoot, replaced);
}

/** Expands a `*` in the last path segment. */
export async function expandDataPaths(specs: string[], paths: Paths): Promise<string[]> {
  const out: string[] = [];
  for (const spec of specs) {
    const full = resolveDataPath(spec, paths);
    const base = path.basename(full);
    if (!base.includes("*")) {
      out.push(full);
      continue;
    }
    const dir = path.dirname(full);
    const re = new RegExp(`^${base.split("*").map(escapeRegExp).join(".*")}$`);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (cause) {
      throw new MediateError("not_found", `data directory ${dir} not found`, { cause });
    }
    out.push(...names.filter((n) => re.test(n)).sort().map((n) => path.join(dir, n)));
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** Parses JSONL text with a schema: valid lines become items, the rest are reported. */
export function parseJsonl<T>(text: string, schema: z.ZodType<T>, file: string): Loaded<T> {
  const items: T[] = [];
  const invalid: InvalidLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      invalid.push({ file, line: i + 1, error: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) items.push(parsed.data);
    else invalid.push({ file, line: i + 1, error: formatIssues(parsed.error) });
  });
  return { items, invalid };
}

async function readData(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (cause) {
    throw new MediateError("not_found", `suite data file ${file} not found`, { cause });
  }
}

async function loadAll<T>(suite: Suite, paths: Paths, schema: z.ZodType<T>): Promise<Loaded<T & { source: string }>> {
  const files = await expandDataPaths(suite.data, paths);
  if (files.length === 0) throw new MediateError("not_found", `suite "${suite.name}" matches no data file`);
  const items: Array<T & { source: string }> = [];
  const invalid: InvalidLine[] = [];
  for (const file of files) {
    const rel = path.relative(paths.repoRoot, file);
    const loaded = parseJsonl(await readData(file), schema, rel);
    items.push(...loaded.items.map((item) => ({ ...item, source: rel })));
    invalid.push(...loaded.invalid);
  }
  return { items, invalid };
}

export async function loadCaseItems(suite: Suite, paths: Paths): Promise<Loaded<CaseItem & { source: string }>> {
  const loaded = await loadAll(suite, paths, CaseItemSchema);
  const seen = new Set<string>();
  const items = [];
  for (const item of loaded.items) {
    if (seen.has(item.id)) {
      loaded.invalid.push({ file: item.source, line: 0, error: `duplicate id ${item.id}` });
      continue;
    }
    seen.add(item.id);
    items.push(item);
  }
  const { ids, tags } = suite.options;
  const idSet = ids ? new Set(ids) : null;
  const filtered = items.filter(
    (item) => (!idSet || idSet.has(item.id)) && (!tags || tags.some((t) => item.tags?.includes(t))),
  );
  return { items: filtered, invalid: loaded.invalid };
}

export async function loadRetrievalQuestions(suite: Suite, paths: Paths): Promise<Loaded<RetrievalQuestion>> {
  const loaded = await loadAll(suite, paths, RetrievalQuestionSchema);
  const split = suite.options.split;
  const items = split && split !== "all" ? loaded.items.filter((q) => q.split === split) : loaded.items;
  return { items, invalid: loaded.invalid };
}

export type CailDomainDocs = {
  schema: "divorce" | "labor" | "loan";
  file: string;
  docs: CailDoc[];
  /** Label names of `<domain>.labels.json` beside the data file (empty when absent). */
  labels: string[];
};

/** Dev split = documents with index ≥ floor(0.8·n) in each file (the last 20%), as in issue 2. */
export function devSplit<T>(docs: T[]): T[] {
  return docs.slice(Math.floor(docs.length * 0.8));
}

export async function loadCailDocs(suite: Suite, paths: Paths): Promise<{ domains: CailDomainDocs[]; invalid: InvalidLine[] }> {
  const files = await expandDataPaths(suite.data, paths);
  const domains: CailDomainDocs[] = [];
  const invalid: InvalidLine[] = [];
  for (const file of files) {
    const schema = suite.options.schema ?? schemaFromFile(file);
    if (!schema) throw new MediateError("invalid_input", `cannot tell the CAIL schema of ${file}; set options.schema`);
    const rel = path.relative(paths.repoRoot, file);
    const loaded = parseJsonl(await readData(file), CailDocSchema, rel);
    invalid.push(...loaded.invalid);
    const split = suite.options.split ?? "dev";
    domains.push({ schema, file: rel, docs: split === "dev" ? devSplit(loaded.items) : loaded.items, labels: await readLabelNames(file) });
  }
  return { domains, invalid };
}

async function readLabelNames(dataFile: string): Promise<string[]> {
  try {
    const json = JSON.parse(await readFile(dataFile.replace(/\.jsonl$/, ".labels.json"), "utf8")) as Record<string, unknown>;
    return Object.values(json).filter((v): v is string => typeof v === "string");
  } catch {
    return [];
  }
}

function schemaFromFile(file: string): "divorce" | "labor" | "loan" | null {
  const base = path.basename(file);
  for (const s of ["divorce", "labor", "loan"] as const) if (base.startsWith(s)) return s;
  return null;
}
