// Prompt sizing with tiktoken (cl100k_base, bundled with the package: nothing is fetched).
// Counts are approximate for non-OpenAI models but safe as a budget.
import { get_encoding, type Tiktoken } from "tiktoken";

let encoder: Tiktoken | undefined;
function enc(): Tiktoken {
  encoder ??= get_encoding("cl100k_base");
  return encoder;
}

export function countTokens(text: string): number {
  return enc().encode_ordinary(text).length;
}

export const ELISION = "\n……（中间部分因篇幅省略）……\n";

/**
 * Shortens text to at most `maxTokens`, keeping the beginning (who, what: 70%) and the end
 * (what is wanted now: 30%) of a narrative and eliding the middle.
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean; tokens: number } {
  const tokens = enc().encode_ordinary(text);
  if (tokens.length <= maxTokens) return { text, truncated: false, tokens: tokens.length };
  const decoder = new TextDecoder("utf-8");
  const decode = (t: Uint32Array) => decoder.decode(enc().decode(t));
  // Cutting between tokens can split a character: drop the broken edge.
  let budget = Math.max(0, maxTokens - countTokens(ELISION));
  for (let attempt = 0; attempt < 8; attempt++) {
    const headN = Math.ceil(budget * 0.7);
    const tailN = budget - headN;
    const head = decode(tokens.slice(0, headN)).replace(/\uFFFD+$/u, "");
    const tail = tailN > 0 ? decode(tokens.slice(tokens.length - tailN)).replace(/^\uFFFD+/u, "") : "";
    const out = head + ELISION + tail;
    const n = countTokens(out);
    // Re-tokenising at the seams can cost a few tokens more than the parts did.
    if (n <= maxTokens || budget === 0) return { text: out, truncated: true, tokens: n };
    budget = Math.max(0, budget - (n - maxTokens));
  }
  const head = decode(tokens.slice(0, Math.max(0, maxTokens - 20))).replace(/\uFFFD+$/u, "");
  return { text: head, truncated: true, tokens: countTokens(head) };
}

/** Keeps whole items, in order, while they fit; items that don't fit are left out rather than cut. */
export function fitWholeItems<T>(items: T[], render: (item: T) => string, maxTokens: number): T[] {
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    const n = countTokens(render(item));
    if (used + n > maxTokens) continue;
    kept.push(item);
    used += n;
  }
  return kept;
}
