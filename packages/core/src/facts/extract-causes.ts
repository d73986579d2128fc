// 因: why the dispute arose — 因为/由于/因…/以…为由/导致/造成/引发 — as the clause saying it.
import type { Span } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { clauseAround, matchAll, spanOf } from "./spans.ts";

// 因 alone is ambiguous (因此, 原因, 因素); the look-arounds keep the causal readings.
const CAUSE_RE = /因为|由于|(?<![原起基诱成])因(?![此而素为了果])|以[^，。！？；,;!?\n]{1,24}?为由|导致|致使|造成|引发|引起|起因是|原因是|源于|缘于|所以/g;

export function extractCauses(p: PreparedText): Span[] {
  const t = p.normalized;
  const out: Span[] = [];
  let lastEnd = -1;
  for (const m of matchAll(CAUSE_RE, t)) {
    const cue = m[0];
    let { start, end } = clauseAround(p, m.index, m.index + cue.length);
    // 导致/造成/所以 follow their cause: take the clause before as well when the cue opens its clause.
    if (/^(导致|致使|造成|引发|引起|所以)$/.test(cue) && m.index - start <= 1 && start > 0) {
      const prev = clauseAround(p, start - 2, start - 1);
      if (!/[。！？!?；;\n]/.test(t.slice(prev.end, start))) start = prev.start;
    }
    if (start < lastEnd) start = Math.max(start, lastEnd);
    if (end <= start) continue;
    if (out.length > 0 && start <= lastEnd) continue;
    out.push(spanOf(p, start, end));
    lastEnd = end;
  }
  return out;
}
