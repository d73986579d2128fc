// The LLM wrapper around the offline recommender: the offline engine always answers first;
// the LLM then reviews the contested points and writes the plan's wording, grounded only in
// the articles and cases the offline engine retrieved. Any failure — timeout, HTTP error,
// broken JSON, off-contract output, echoed system prompt, open circuit — returns the offline
// answer marked engine "offline" with a Chinese fallbackReason.
import {
  isMediateError,
  MediateError,
  RecommendationSchema,
  type ContestedPoint,
  type Recommendation,
  type StatuteCitation,
} from "@mediate/core";
import type { StatuteArticle } from "@mediate/retrieval/types.ts";
import type { z } from "zod";
import type { RecommendInput, Recommender } from "../recommendation/types.ts";
import { parseStructured, type ChatModel } from "./chat-model.ts";
import { echoesSystemPrompt, lawKey, parseArticleRef, scrubUnverifiedReferences } from "./citation-check.ts";
import { createCircuitBreaker, type CircuitBreaker } from "./circuit-breaker.ts";
import { RefineAnalysisOutputSchema, WritePlanOutputSchema, type RefineAnalysisOutput, type WritePlanOutput } from "./llm-output-schemas.ts";
import { createMasker, restoreDeep, type Masker } from "./mask-personal-data.ts";
import { loadPromptTemplate, renderPrompt, type PromptTemplate } from "./prompt-templates.ts";
import { withRetry, type RetrySettings } from "./retry.ts";
import { fitWholeItems, truncateToTokens } from "./token-budget.ts";

export type LlmLogger = { warn(message: string, details?: Record<string, unknown>): void };

export type LlmRecommenderOptions = {
  offline: Recommender;
  model: ChatModel;
  /** Looks up an article the LLM named that was not among those supplied. */
  getArticle?: (law: string, article: number, articleSub?: number) => Promise<StatuteArticle | null>;
  /** Per attempt (default 20 s). */
  timeoutMs?: number;
  retry?: Partial<RetrySettings>;
  /** Shared breaker (one per process), or settings for a new one. */
  breaker?: CircuitBreaker;
  circuit?: { failureThreshold: number; cooldownMs: number; now?: () => number };
  maskNames?: boolean;
  /** Token budget for the narrative in each prompt (default 3000). */
  narrativeTokenBudget?: number;
  /** Token budget for the article texts in the plan prompt (default 3000). */
  articleTokenBudget?: number;
  promptsDir?: string;
  logger?: LlmLogger;
};

// Data-block delimiters; removed from case text so a narrative cannot close the block itself.
const DELIMITER = /<<<\s*案情数据\s*(?:开始|结束)\s*>>>|<<<\s*待评建议\s*(?:开始|结束)\s*>>>/g;

const REASONS = {
  circuit: "大模型服务暂时不可用（连续失败后暂停调用），本结果由离线引擎生成。",
  timeout: "大模型响应超时，本结果由离线引擎生成。",
  unavailable: "大模型服务调用失败，本结果由离线引擎生成。",
  invalid: "大模型返回的内容格式不符合要求，本结果由离线引擎生成。",
  unsafe: "大模型输出未通过安全校验，本结果由离线引擎生成。",
} as const;

class UnsafeOutputError extends Error {}

const silent: LlmLogger = { warn: () => {} };

export function createLlmRecommender(options: LlmRecommenderOptions): Recommender {
  const breaker =
    options.breaker ?? createCircuitBreaker(options.circuit ?? { failureThreshold: 5, cooldownMs: 30_000 });
  const retry: RetrySettings = { retries: 2, baseDelayMs: 300, maxDelayMs: 4_000, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 20_000;
  const log = options.logger ?? silent;
  const refineTemplate = loadPromptTemplate("refine-analysis", 1, options.promptsDir);
  const planTemplate = loadPromptTemplate("write-plan", 1, options.promptsDir);

  async function ask<T>(template: PromptTemplate, vars: Record<string, string>, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const { system, user } = renderPrompt(template, vars);
    const text = await withRetry(
      () => {
        const timeout = AbortSignal.timeout(timeoutMs);
        return options.model.complete({
          messages: [
            { role: "system", content: system },
            { role: "user", content: user },
          ],
          json: true,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      },
      retry,
      signal,
    );
    const parsed = parseStructured(text, schema);
    if (!parsed.success) throw parsed.error;
    if (stringsOf(parsed.value).some((s) => echoesSystemPrompt(s, system))) {
      throw new UnsafeOutputError(`${template.id}: answer echoes the system prompt`);
    }
    return parsed.value;
  }

  return {
    async recommend(input: RecommendInput, signal?: AbortSignal): Promise<Recommendation> {
      const offline = await options.offline.recommend(input, signal);
      if (!breaker.tryAcquire()) return fallback(offline, REASONS.circuit);
      try {
        const result = await refine(input, offline, signal);
        breaker.recordSuccess();
        return result;
      } catch (error) {
        if (signal?.aborted) {
          // The caller went away: not the model's fault, don't count it either way.
          breaker.release();
          throw error;
        }
        breaker.recordFailure();
        const reason = reasonFor(error);
        log.warn("llm fallback to offline", { reason, error: describe(error), model: options.model.name, circuit: breaker.state() });
        return fallback(offline, reason);
      }
    },
  };

  async function refine(input: RecommendInput, offline: Recommendation, signal?: AbortSignal): Promise<Recommendation> {
    const masker = createMasker({ names: options.maskNames ?? false, knownNames: offline.analysis.facts.parties.map((p) => p.mention) });
    const narrative = prepareNarrative(input.text, masker, options.narrativeTokenBudget ?? 3_000);
    const points = offline.analysis.contestedPoints;
    const pointsText = renderPoints(points, masker);

    const refined = restoreDeep(
      await ask(refineTemplate, { narrative, points: pointsText || "（离线引擎未识别出争议焦点）" }, RefineAnalysisOutputSchema, signal),
      masker.mapping,
    );
    const contestedPoints = applyRefinement(points, refined, input.text);

    const articles = fitWholeItems(
      offline.legalBasis.map((c, i) => ({ id: `A${i + 1}`, citation: c })),
      (a) => renderArticle(a.id, a.citation),
      options.articleTokenBudget ?? 3_000,
    );
    const planOut = restoreDeep(
      await ask(
        planTemplate,
        {
          narrative,
          type: offline.type.name,
          risk: `${offline.risk.level}；${offline.risk.reasons.map((r) => masker.mask(r.label)).join("；") || "无明显风险信号"}`,
          points: renderPoints(contestedPoints, masker) || "（无）",
          plan: masker.mask(renderPlanFrame(offline)),
          articles: articles.map((a) => renderArticle(a.id, a.citation)).join("\n\n") || "（无）",
          cases: offline.similarCases.map((c, i) => masker.mask(`C${i + 1} ${c.title}：${c.summary} 处理：${c.plan} 结果：${c.outcome}`)).join("\n") || "（无）",
        },
        WritePlanOutputSchema,
        signal,
      ),
      masker.mapping,
    );

    const legalBasis = await groundCitations(planOut, articles, contestedPoints);
    const recommendation = assemble(offline, contestedPoints, planOut, legalBasis.length > 0 ? legalBasis : offline.legalBasis);
    const checked = RecommendationSchema.safeParse(recommendation);
    if (!checked.success) {
      throw new MediateError("llm_invalid_output", `merged recommendation is invalid: ${checked.error.issues[0]?.message ?? ""}`);
    }
    return checked.data;
  }

  async function groundCitations(
    out: WritePlanOutput,
    supplied: Array<{ id: string; citation: StatuteCitation }>,
    points: ContestedPoint[],
  ): Promise<StatuteCitation[]> {
    const pointCodes = new Set(points.map((p) => p.code));
    const accepted: StatuteCitation[] = [];
    const seen = new Set<string>();
    for (const entry of out.legalBasis) {
      let base: StatuteCitation | null = null;
      const byRef = entry.ref ? supplied.find((a) => a.id === entry.ref?.trim().toUpperCase()) : undefined;
      if (byRef) base = byRef.citation;
      else if (entry.law && entry.article !== undefined) {
        const ref = parseArticleRef(entry.article);
        if (ref) {
          const match = supplied.find(
            (a) => lawKey(a.citation.law) === lawKey(entry.law!) && a.citation.article === ref.article && a.citation.articleSub === ref.sub,
          );
          if (match) base = match.citation;
          else if (options.getArticle) {
            const found = await options.getArticle(entry.law, ref.article, ref.sub).catch(() => null);
            if (found) {
              base = {
                law: found.law,
                article: found.article,
                ...(found.articleSub !== undefined ? { articleSub: found.articleSub } : {}),
                label: found.label,
                text: found.text,
                reason: "",
                supports: [],
              };
            }
          }
        }
      }
      if (!base) {
        log.warn("llm citation dropped: not among supplied articles nor in the corpus", { ref: entry.ref, law: entry.law, article: entry.article });
        continue;
      }
      const key = `${base.law}#${base.article}#${base.articleSub ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const supports = entry.supports.filter((s) => pointCodes.has(s));
      // The article text always comes from the corpus; only the reason is the model's.
      accepted.push({ ...base, reason: entry.reason, supports: supports.length > 0 ? supports : base.supports });
    }
    return accepted;
  }

  function assemble(offline: Recommendation, points: ContestedPoint[], out: WritePlanOutput, legalBasis: StatuteCitation[]): Recommendation {
    const allowed = legalBasis.map((c) => ({ law: c.law, article: c.article }));
    const scrub = (text: string) => {
      const r = scrubUnverifiedReferences(text, allowed);
      if (r.removed.length > 0) log.warn("llm text referenced articles outside the legal basis; removed", { removed: r.removed });
      return r.text;
    };
    const names = new Map(points.map((p) => [p.code, p.name]));
    const talkingPoints = out.talkingPoints
      .filter((t) => names.has(t.point))
      .map((t) => ({ point: t.point, pointName: names.get(t.point)!, text: scrub(t.text) }));
    const covered = new Set(talkingPoints.map((t) => t.point));
    const { fallbackReason: _unused, ...base } = offline;
    return {
      ...base,
      engine: "llm",
      analysis: { ...offline.analysis, engine: "llm", contestedPoints: points },
      plan: {
        ...offline.plan,
        summary: scrub(out.summary),
        steps: out.steps.map((s, i) => ({ order: i + 1, title: scrub(s.title), detail: scrub(s.detail) })),
        // Offline talking points remain for points the model did not address.
        talkingPoints: [
          ...talkingPoints,
          ...offline.plan.talkingPoints.filter((t) => !covered.has(t.point) && names.has(t.point)),
        ],
      },
      legalBasis: legalBasis.map((c) => ({ ...c, reason: scrub(c.reason) })),
    };
  }
}

/** Every string value in a parsed answer (keys excluded: they legitimately match the prompt's schema). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** Offline answer, marked as such. */
function fallback(offline: Recommendation, reason: string): Recommendation {
  return { ...offline, engine: "offline", fallbackReason: reason };
}

function reasonFor(error: unknown): string {
  if (error instanceof UnsafeOutputError) return REASONS.unsafe;
  if (isMediateError(error)) {
    if (error.code === "llm_invalid_output") return REASONS.invalid;
    if (error.details.aborted === true) return REASONS.timeout;
    return REASONS.unavailable;
  }
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError") return REASONS.timeout;
  return REASONS.unavailable;
}

function describe(error: unknown): Record<string, unknown> {
  if (isMediateError(error)) return { code: error.code, message: error.message, status: error.details.httpStatus };
  return { message: error instanceof Error ? error.message : String(error) };
}

function prepareNarrative(text: string, masker: Masker, budget: number): string {
  const cleaned = text.replace(DELIMITER, "").replace(/\u0000/g, "");
  return truncateToTokens(masker.mask(cleaned), budget).text;
}

function renderPoints(points: ContestedPoint[], masker: Masker): string {
  return points
    .map((p) => `- ${p.code}（${p.name}），引擎把握 ${p.confidence.toFixed(2)}；证据：${p.evidence.map((e) => `「${masker.mask(e.text)}」`).join(" ")}`)
    .join("\n");
}

function renderArticle(id: string, c: StatuteCitation): string {
  return `[${id}] 《${c.law}》${c.label}：${c.text}`;
}

function renderPlanFrame(r: Recommendation): string {
  const p = r.plan;
  return [
    `调解方式：${p.approaches.map((a) => a.name).join("、") || "（无）"}`,
    `参与部门：${p.departments.map((d) => d.name).join("、") || "（无）"}`,
    `时限：${p.timeLimit.days} 天（${p.timeLimit.why}）`,
    `需核实：${p.verify.join("；") || "（无）"}`,
    `需收集证据：${p.evidenceToGather.join("；") || "（无）"}`,
    `离线步骤：${p.steps.map((s) => `${s.order}. ${s.title}`).join(" ")}`,
  ].join("\n");
}

/**
 * Applies the model's review: a point it marks keep=false is dropped; kept points take its
 * confidence and any evidence quotes that really occur in the narrative. Points it did not
 * mention stay as the offline engine found them; it cannot add codes.
 */
export function applyRefinement(points: ContestedPoint[], out: RefineAnalysisOutput, text: string): ContestedPoint[] {
  const verdicts = new Map(out.contestedPoints.map((v) => [v.code, v]));
  const result: ContestedPoint[] = [];
  for (const p of points) {
    const v = verdicts.get(p.code);
    if (!v) {
      result.push(p);
      continue;
    }
    if (!v.keep) continue;
    const evidence = [...p.evidence];
    for (const quote of v.evidence) {
      const q = quote.trim();
      if (q.length < 2) continue;
      const start = text.indexOf(q);
      if (start < 0 || evidence.some((e) => e.start <= start && start < e.end)) continue;
      evidence.push({ text: q, start, end: start + q.length, cue: "llm" });
    }
    result.push({ ...p, confidence: v.confidence, evidence });
  }
  return result.sort((a, b) => b.confidence - a.confidence);
}

