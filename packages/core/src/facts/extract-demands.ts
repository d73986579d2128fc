// 诉求: what each party asks for — 要求/希望/请求/诉求/想/申请/主张 … — with who asks.
import type { Demand, Party } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { matchAll, sentenceBounds, spanOf } from "./spans.ts";

// 要求 as a noun (按…的要求, 符合要求) is not a demand; 希望 after 没有 neither.
const DEMAND_RE = /(?<![的按照符合达到提出无没有不])要求|(?<![没不])希望|请求|诉求是|诉求为|想要|想让|想把|(?<![没不])想(?=[离要把让回拿分讨退换找])|(?<!被)申请(?!人|书|执行|表)|主张|坚持要|只求|只想|请中心|请调解/g;
// Where a demand ends: the sentence end, or a clause that turns to a condition or threat.
const DEMAND_END = /[。！？!?；;\n]|，(?:否则|不然|如果|要不|但|可是|双方|调解员)|，(?=[^，。]{0,6}?(?:要求|希望|请求|想要|主张))/;
const SUMMARY_END = /[，,。！？!?；;：:\n]/;

type Mention = { start: number; end: number; mention: string; named: boolean };

export function extractDemands(p: PreparedText, parties: Party[] = []): Demand[] {
  const t = p.normalized;
  // Every party mention, sorted, so each demand looks only at its own sentence.
  const mentions: Mention[] = parties
    .flatMap((party) => {
      const named = party.mention !== party.label || /某/.test(party.mention);
      return party.spans.map((s) => ({ start: s.start, end: s.end, mention: party.mention, named }));
    })
    .sort((a, b) => a.start - b.start);
  const out: Demand[] = [];
  let lastEnd = -1;
  for (const m of matchAll(DEMAND_RE, t)) {
    const cueEnd = m.index + m[0].length;
    if (m.index < lastEnd) continue;
    const rest = t.slice(cueEnd, cueEnd + 400);
    const stop = DEMAND_END.exec(rest);
    const end = cueEnd + (stop ? stop.index : rest.length);
    const body = t.slice(cueEnd, end).replace(/^[：:，,\s]+/, "");
    if (body.length < 2) continue;
    // A question at the kiosk (我想问…) asks for information, not a remedy.
    if (/^(问|咨询|了解|知道)/.test(body)) continue;
    // The asker is named close to the cue; bounding the look-back keeps long run-on
    // sentences linear.
    const sentence = sentenceBounds(p, m.index);
    const from = Math.max(sentence.start, m.index - 120);
    const first = lowerBound(mentions, from);
    const inSentence: Mention[] = [];
    for (let i = first; i < mentions.length && mentions[i]!.start < m.index; i++) {
      if (mentions[i]!.end <= m.index) inSentence.push(mentions[i]!);
    }
    const start = subjectStart(t, inSentence, m.index) ?? m.index;
    const demand: Demand = { ...spanOf(p, start, end), summary: summarize(body) };
    const by = demander(t, inSentence, previousNamed(mentions, first), from, m.index);
    if (by) demand.by = by;
    out.push(demand);
    lastEnd = end;
  }
  return out;
}

function lowerBound(list: Mention[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function previousNamed(list: Mention[], before: number): string | undefined {
  for (let i = before - 1; i >= 0 && i >= before - 50; i--) if (list[i]!.named) return list[i]!.mention;
  return undefined;
}

function summarize(body: string): string {
  const first = body.split(SUMMARY_END)[0] ?? body;
  return first.replace(/^(对方|他|她|其|中心|调解员)/, "").slice(0, 40).trim() || body.slice(0, 40);
}

const isObject = (t: string, s: Mention) => t[s.end] === "的" || /[与和跟向对给被把将让]$/.test(t.slice(Math.max(0, s.start - 1), s.start));

/**
 * Who asks: the last party named in the cue's clause that is not an object (与王某,
 * 王某的); else the first such party of the sentence (its subject); for 他/她 the nearest
 * named party before the sentence.
 */
function demander(t: string, inSentence: Mention[], previous: string | undefined, from: number, cue: number): string | undefined {
  const clauseStart = Math.max(from, t.lastIndexOf("，", cue - 1) + 1, t.lastIndexOf(",", cue - 1) + 1, t.lastIndexOf("：", cue - 1) + 1);
  let inClause: Mention | undefined;
  let subject: Mention | undefined;
  for (const s of inSentence) {
    if (isObject(t, s)) continue;
    if (s.start >= clauseStart) inClause = s;
    subject ??= s;
  }
  if (inClause) return inClause.mention;
  const lead = t.slice(from, cue).replace(/^[“”"\s]+/, "");
  if (/^[他她]/.test(lead) || /[他她]$/.test(t.slice(Math.max(from, cue - 2), cue))) return previous;
  return subject?.mention;
}

/** Where the demand starts: its subject when it stands in the same clause as the cue. */
function subjectStart(t: string, inSentence: Mention[], cue: number): number | undefined {
  for (const s of inSentence) {
    if (!/[，,。；;]/.test(t.slice(s.end, cue))) return s.start;
  }
  return undefined;
}
