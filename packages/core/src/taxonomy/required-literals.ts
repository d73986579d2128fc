// Necessary literals of a regex: a set of strings such that every match of the regex
// contains at least one of them. The cue matcher finds these with its Aho-Corasick pass
// and runs a pattern only on texts that contain one, so a text costs one automaton pass
// plus the few patterns it can trigger, not a scan per pattern.
import { RegExpParser, type AST } from "@eslint-community/regexpp";

/** Larger sets stop paying off (and cross products grow fast). */
const MAX_SET = 64;

type Strings = string[];

/**
 * Strings one of which every match of `source` contains, or undefined when none can be
 * derived (the pattern must then always run). Case-insensitive patterns get undefined.
 */
export function requiredLiterals(source: string, flags = ""): string[] | undefined {
  if (flags.includes("i")) return undefined;
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: flags.includes("u") || flags.includes("v") });
  } catch {
    return undefined;
  }
  const req = requiredOfAlternatives(pattern.alternatives);
  return req && req.length > 0 && req.every((s) => s.length > 0) ? dedupe(req) : undefined;
}

function requiredOfAlternatives(alternatives: AST.Alternative[]): Strings | undefined {
  const out: string[] = [];
  for (const alt of alternatives) {
    const r = requiredOfSequence(alt.elements);
    if (!r) return undefined;
    out.push(...r);
    if (out.length > MAX_SET) return undefined;
  }
  return out;
}

/**
 * Every element of a sequence must match, so any one element's requirement holds; runs of
 * adjacent fixed elements combine into longer strings (more selective triggers).
 */
function requiredOfSequence(elements: AST.Element[]): Strings | undefined {
  const candidates: Strings[] = [];
  let run: Strings | undefined;
  const closeRun = () => {
    if (run && run.every((s) => s.length > 0)) candidates.push(run);
    run = undefined;
  };
  for (const el of elements) {
    const exact = exactOf(el);
    if (exact) {
      const joined = run ? product(run, exact) : exact;
      // Too many combinations: keep what the run had and start a new one here.
      if (!joined) closeRun();
      run = joined ?? exact;
      continue;
    }
    closeRun();
    const r = requiredOfElement(el);
    if (r) candidates.push(r);
  }
  closeRun();
  return best(candidates);
}

function requiredOfElement(el: AST.Element): Strings | undefined {
  switch (el.type) {
    case "Group":
    case "CapturingGroup":
      return requiredOfAlternatives(el.alternatives);
    case "Quantifier":
      return el.min >= 1 ? requiredOfElement(el.element) : undefined;
    default:
      return exactOf(el);
  }
}

/** The finite set of strings an element matches (small sets only), or undefined. */
function exactOf(el: AST.Element | AST.Alternative): Strings | undefined {
  switch (el.type) {
    case "Character":
      return [String.fromCodePoint(el.value)];
    case "CharacterClass": {
      if (el.negate || el.unicodeSets) return undefined;
      const chars: string[] = [];
      for (const c of el.elements) {
        if (c.type === "Character") chars.push(String.fromCodePoint(c.value));
        else if (c.type === "CharacterClassRange" && c.max.value - c.min.value < MAX_SET) {
          for (let v = c.min.value; v <= c.max.value; v++) chars.push(String.fromCodePoint(v));
        } else return undefined;
        if (chars.length > MAX_SET) return undefined;
      }
      return chars.length > 0 ? chars : undefined;
    }
    case "CharacterSet":
      return el.kind === "digit" && !el.negate ? "0123456789".split("") : undefined;
    case "Group":
    case "CapturingGroup": {
      const out: string[] = [];
      for (const alt of el.alternatives) {
        const e = exactOf(alt);
        if (!e) return undefined;
        out.push(...e);
        if (out.length > MAX_SET) return undefined;
      }
      return out;
    }
    case "Alternative": {
      let acc: Strings | undefined = [""];
      for (const child of el.elements) {
        const e = exactOf(child);
        if (!e) return undefined;
        acc = product(acc, e);
        if (!acc) return undefined;
      }
      return acc;
    }
    case "Quantifier": {
      // x? is x or nothing; fixed small repeats multiply out; anything else is open-ended.
      const e = exactOf(el.element);
      if (!e || el.max > 4) return undefined;
      let acc: Strings | undefined = [""];
      const options: string[] = el.min === 0 ? [""] : [];
      for (let i = 1; i <= el.max; i++) {
        acc = product(acc, e);
        if (!acc) return undefined;
        if (i >= el.min) options.push(...acc);
        if (options.length > MAX_SET) return undefined;
      }
      return options;
    }
    default:
      // Assertions and back-references: zero-width or not a fixed string.
      return undefined;
  }
}

function product(a: Strings, b: Strings): Strings | undefined {
  if (a.length * b.length > MAX_SET) return undefined;
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return out;
}

/** The most selective requirement: longest shortest string, then fewest strings. */
function best(candidates: Strings[]): Strings | undefined {
  let chosen: Strings | undefined;
  let chosenMin = 0;
  for (const c of candidates) {
    const min = Math.min(...c.map((s) => s.length));
    if (!chosen || min > chosenMin || (min === chosenMin && c.length < chosen.length)) {
      chosen = c;
      chosenMin = min;
    }
  }
  return chosen;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
