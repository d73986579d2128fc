// Versioned prompt templates kept as markdown in prompts/<name>.v<version>.md:
// a front-matter header (name, version, …), then "## system" and "## user" sections with
// {{variable}} slots.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MediateError } from "@mediate/core";

export const DEFAULT_PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../prompts");

export type PromptTemplate = {
  name: string;
  version: number;
  /** `${name}.v${version}`, recorded with every answer. */
  id: string;
  meta: Record<string, string>;
  system: string;
  user: string;
  variables: string[];
};

const SLOT = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

export function parsePromptTemplate(source: string, file = "prompt"): PromptTemplate {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source.replace(/\r\n/g, "\n"));
  if (!m) throw new MediateError("internal", `${file}: missing front-matter header`);
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split("\n")) {
    const kv = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (kv) meta[kv[1]!] = kv[2]!.trim();
  }
  const version = Number(meta.version);
  if (!meta.name || !Number.isInteger(version) || version < 1) {
    throw new MediateError("internal", `${file}: header needs "name" and an integer "version"`);
  }
  const sections = new Map<string, string>();
  const parts = m[2]!.split(/^## (system|user)\s*$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) sections.set(parts[i]!, parts[i + 1]!.trim());
  const system = sections.get("system");
  const user = sections.get("user");
  if (!system || !user) throw new MediateError("internal", `${file}: needs "## system" and "## user" sections`);
  const variables = [...new Set([...`${system}\n${user}`.matchAll(SLOT)].map((x) => x[1]!))];
  return { name: meta.name, version, id: `${meta.name}.v${version}`, meta, system, user, variables };
}

const cache = new Map<string, PromptTemplate>();

export function loadPromptTemplate(name: string, version: number, dir = DEFAULT_PROMPTS_DIR): PromptTemplate {
  const file = path.join(dir, `${name}.v${version}.md`);
  const hit = cache.get(file);
  if (hit) return hit;
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (cause) {
    throw new MediateError("internal", `prompt template not found: ${file}`, { cause });
  }
  const t = parsePromptTemplate(source, file);
  if (t.name !== name || t.version !== version) throw new MediateError("internal", `${file}: header says ${t.id}`);
  cache.set(file, t);
  return t;
}

/** Fills every slot; a missing or extra variable is a programming error. */
export function renderPrompt(t: PromptTemplate, vars: Record<string, string>): { system: string; user: string } {
  for (const v of t.variables) if (!(v in vars)) throw new MediateError("internal", `${t.id}: variable "${v}" not provided`);
  for (const v of Object.keys(vars)) if (!t.variables.includes(v)) throw new MediateError("internal", `${t.id}: unknown variable "${v}"`);
  // Single pass, so a value containing "{{x}}" is never expanded again.
  const fill = (s: string) => s.replace(SLOT, (_, v: string) => vars[v]!);
  return { system: t.system, user: fill(t.user) };
}
