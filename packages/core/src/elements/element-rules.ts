// High-precision pattern rules for CAIL2019 element labels with few training sentences, written
// from the labels' legal definitions (corpora/elements/element-rules.json). A rule's patterns
// are regular expressions over one (simplified) sentence; an `exclude` match vetoes the rule
// (negations such as 未注销). Training decides per label, by cross-validation, whether the
// rule is combined with the linear model; the model file embeds the rules it uses.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { MediateError } from "../errors/mediate-error.ts";
import { ELEMENT_SCHEMAS, type ElementSchema } from "../schema/codes.ts";

export const ELEMENT_RULES_FORMAT = "mediate-element-rules";

/** The score a matching rule gives its label (the combined score is max(LR probability, this)). */
export const RULE_PROBABILITY = 0.95;

export const ElementRuleSchema = z.object({
  patterns: z.array(z.string().min(1)).min(1),
  exclude: z.array(z.string().min(1)).default([]),
  /** Why the rule says what it says (legal basis); documentation only. */
  basis: z.string().optional(),
});
export type ElementRule = z.infer<typeof ElementRuleSchema>;

const RulesFileSchema = z.object({
  format: z.literal(ELEMENT_RULES_FORMAT),
  version: z.literal(1),
  /** Exclude patterns added to every rule (e.g. quoted statute text, which states law, not facts). */
  excludeAll: z.object({ basis: z.string().optional(), patterns: z.array(z.string().min(1)) }).optional(),
  /** Per schema: label name (exactly as in *.labels.json) → rule. */
  schemas: z.partialRecord(z.enum(ELEMENT_SCHEMAS), z.record(z.string(), ElementRuleSchema)),
});
export type ElementRulesFile = z.infer<typeof RulesFileSchema>;

export type CompiledRule = { match: RegExp; exclude: RegExp | undefined };

function compileAlternation(sources: string[], what: string): RegExp {
  try {
    return new RegExp(sources.map((s) => `(?:${s})`).join("|"), "u");
  } catch (cause) {
    throw new MediateError("internal", `element rules: invalid pattern in ${what}`, { cause });
  }
}

export function compileRule(rule: Pick<ElementRule, "patterns" | "exclude">, what = "rule"): CompiledRule {
  return {
    match: compileAlternation(rule.patterns, what),
    exclude: rule.exclude.length > 0 ? compileAlternation(rule.exclude, `${what} (exclude)`) : undefined,
  };
}

/** True when a pattern matches and no exclude pattern does. */
export function ruleMatches(rule: CompiledRule, sentence: string): boolean {
  return rule.match.test(sentence) && !(rule.exclude?.test(sentence) ?? false);
}

export function parseElementRules(json: string, source = "element rules"): ElementRulesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new MediateError("internal", `${source}: not valid JSON`, { cause });
  }
  const parsed = RulesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MediateError("internal", `${source}: not a ${ELEMENT_RULES_FORMAT} v1 file (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`);
  }
  // Compile everything once so a broken pattern fails at load, naming its label.
  if (parsed.data.excludeAll) compileRule({ patterns: parsed.data.excludeAll.patterns, exclude: [] }, "excludeAll");
  for (const [schema, rules] of Object.entries(parsed.data.schemas)) {
    for (const [label, rule] of Object.entries(rules ?? {})) compileRule(rule, `${schema}/${label}`);
  }
  return parsed.data;
}

export function loadElementRules(file: string): ElementRulesFile {
  let json: string;
  try {
    json = readFileSync(file, "utf8");
  } catch (cause) {
    throw new MediateError("internal", `element rules not found: ${file}`, { cause });
  }
  return parseElementRules(json, file);
}

/**
 * Rules of one schema by label index (undefined where a label has none), each with the file's
 * `excludeAll` patterns added to its own excludes; unknown labels are an error.
 */
export function rulesForLabels(file: ElementRulesFile, schema: ElementSchema, labelNames: string[]): Array<ElementRule | undefined> {
  const rules = file.schemas[schema] ?? {};
  const known = new Set(labelNames);
  for (const name of Object.keys(rules)) {
    if (!known.has(name)) throw new MediateError("internal", `element rules: "${name}" is not a ${schema} label`);
  }
  const common = file.excludeAll?.patterns ?? [];
  return labelNames.map((n) => {
    const r = rules[n];
    return r ? { ...r, exclude: [...r.exclude, ...common] } : undefined;
  });
}
