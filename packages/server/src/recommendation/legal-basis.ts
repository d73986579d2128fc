// Legal basis (法律依据): the taxonomy-linked core articles of the detected contested points
// and dispute type, merged with a statute search over the narrative. Every entry is an
// article the corpus returned (getArticle / searchStatutes), quoted as stored, with a reason
// naming the contested point or the fact of the case it supports.
import type { CaseAnalysis, ContestedPoint, StatuteCitation } from "@mediate/core";
import type { Retrieval, StatuteArticle } from "@mediate/retrieval/types.ts";
import type { ArticleLookup } from "./article-cache.ts";

export type TaxonomyLinks = {
  pointByCode: Map<string, { code: string; name: string; types: readonly string[]; articles: Array<{ law: string; article: number }> }>;
  typeByCode: Map<string, { code: string; name: string; articles: Array<{ law: string; article: number }> }>;
};

type Candidate = {
  article: StatuteArticle;
  supports: Set<string>;
  /** Contested points this article is linked from, with the sentence that carries each. */
  points: Array<{ name: string; evidence?: string }>;
  reasons: string[];
  score: number;
  /** Best detected point this article was linked from (for per-point coverage). */
  firstPoint?: string;
  searchScore?: number;
};

const keyOf = (a: { law: string; article: number; articleSub?: number }) => `${a.law}#${a.article}#${a.articleSub ?? 0}`;

function excerpt(text: string, max = 36): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function bigrams(text: string): Set<string> {
  const s = new Set<string>();
  const clean = text.replace(/[\s，。、；：！？“”‘’（）《》,.;:!?()"'\d]/g, "");
  for (let i = 0; i + 1 < clean.length; i++) s.add(clean.slice(i, i + 2));
  return s;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

function reasonOf(c: Candidate): string {
  const parts: string[] = [];
  if (c.points.length > 0) {
    const evidence = c.points.find((p) => p.evidence)?.evidence;
    const names = c.points.map((p) => `「${p.name}」`).join("");
    parts.push(evidence ? `针对争议焦点${names}（案情：“${excerpt(evidence)}”）` : `针对争议焦点${names}`);
  }
  for (const r of c.reasons) if (parts.length < 2) parts.push(r);
  return parts.join("；");
}

/** A compact query: short narratives as they are; long ones reduced to the sentences that carry the dispute. */
export function statuteQuery(text: string, analysis: CaseAnalysis): string {
  if (text.length <= 600) return text;
  const parts = new Set<string>();
  for (const p of analysis.contestedPoints) for (const e of p.evidence) parts.add(e.text);
  for (const d of analysis.facts.demands) parts.add(d.text);
  for (const c of analysis.facts.causes) parts.add(c.text);
  const joined = [...parts].join("。");
  return (joined.length >= 20 ? joined : text).slice(0, 1000);
}

export async function buildLegalBasis(input: {
  text: string;
  analysis: CaseAnalysis;
  retrieval: Pick<Retrieval, "searchStatutes">;
  lookup: ArticleLookup;
  links: TaxonomyLinks;
  max: number;
  searchK?: number;
}): Promise<StatuteCitation[]> {
  const { analysis, links, lookup, max } = input;
  const candidates = new Map<string, Candidate>();
  const points = [...analysis.contestedPoints].sort((a, b) => b.confidence - a.confidence);
  const typeDef = links.typeByCode.get(analysis.type.code);

  const add = (article: StatuteArticle, score: number, reason: string | null, point?: ContestedPoint): Candidate => {
    const key = keyOf(article);
    let c = candidates.get(key);
    if (!c) {
      c = { article, supports: new Set(), points: [], reasons: [], score: 0 };
      candidates.set(key, c);
    }
    c.score = Math.max(c.score, score) + (c.reasons.length + c.points.length > 0 ? 0.15 : 0);
    if (reason && !c.reasons.includes(reason)) c.reasons.push(reason);
    if (point) {
      c.supports.add(point.code);
      c.firstPoint ??= point.code;
    }
    return c;
  };

  // Linked articles and the search run concurrently; lookups are cached.
  const linkedJobs = points.flatMap((point) =>
    (links.pointByCode.get(point.code)?.articles ?? []).map(async (ref, i) => ({ point, i, article: await lookup(ref.law, ref.article) })),
  );
  const typeJobs = (typeDef?.articles ?? []).map(async (ref, i) => ({ i, article: await lookup(ref.law, ref.article) }));
  const searchJob = input.retrieval.searchStatutes(statuteQuery(input.text, analysis), {
    k: input.searchK ?? 8,
    typeCode: analysis.type.code,
    points: points.map((p) => p.code),
  });
  const [linked, typed, hits] = await Promise.all([Promise.all(linkedJobs), Promise.all(typeJobs), searchJob]);

  for (const { point, i, article } of linked) {
    if (!article) continue; // the corpus lacks it: never cite
    const c = add(article, 1 + point.confidence - i * 0.05, null, point);
    if (!c.points.some((p) => p.name === point.name)) c.points.push({ name: point.name, evidence: point.evidence[0]?.text });
  }
  for (const { i, article } of typed) {
    if (!article) continue;
    add(article, 0.8 - i * 0.05, `本案初步判断为「${analysis.type.name}」，此条为该类纠纷的常用依据`);
  }

  const sentenceGrams = analysis.sentences.map((s) => ({ text: s.text, grams: bigrams(s.text) }));
  const pointGrams = points.map((p) => ({ point: p, grams: bigrams([p.name, ...p.evidence.map((e) => e.text)].join("")) }));
  hits.forEach((hit, rank) => {
    const { score: _score, ...article } = hit;
    const grams = bigrams(article.text);
    const bestPoint = pointGrams
      .map((p) => ({ ...p, n: overlap(p.grams, grams) }))
      .sort((a, b) => b.n - a.n)[0];
    let reason: string;
    let point: ContestedPoint | undefined;
    if (bestPoint && bestPoint.n >= 3) {
      point = bestPoint.point;
      reason = `条文内容与争议焦点「${point.name}」相关`;
    } else {
      const bestSentence = sentenceGrams.map((s) => ({ ...s, n: overlap(s.grams, grams) })).sort((a, b) => b.n - a.n)[0];
      reason = bestSentence && bestSentence.n >= 2 ? `与案情“${excerpt(bestSentence.text)}”相关` : `与本案「${analysis.type.name}」的案情相关`;
    }
    const c = add(article, 0.9 - rank * 0.06, reason, point);
    c.searchScore = hit.score;
  });

  // Every detected point first gets its best article, then the rest by score.
  const ranked = [...candidates.values()].sort((a, b) => b.score - a.score || b.supports.size - a.supports.size);
  const chosen: Candidate[] = [];
  for (const point of points) {
    if (chosen.length >= max) break;
    const best = ranked.find((c) => c.supports.has(point.code) && !chosen.includes(c));
    if (best && !chosen.some((c) => c.supports.has(point.code))) chosen.push(best);
  }
  for (const c of ranked) {
    if (chosen.length >= max) break;
    if (!chosen.includes(c)) chosen.push(c);
  }
  return chosen
    .sort((a, b) => b.score - a.score)
    .map((c) => {
      const citation: StatuteCitation = {
        law: c.article.law,
        article: c.article.article,
        label: c.article.label,
        text: c.article.text,
        reason: reasonOf(c),
        supports: [...c.supports],
        score: Math.round(c.score * 1000) / 1000,
      };
      if (c.article.articleSub !== undefined) citation.articleSub = c.article.articleSub;
      return citation;
    });
}
