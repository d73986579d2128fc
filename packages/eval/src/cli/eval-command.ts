import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { isMediateError, type Recommendation } from "@mediate/core";
import { compareToBaseline, formatComparison, readBaseline } from "../baseline/compare-baseline.ts";
import { ENGINE_NAMES, type EngineName, type EvalEngine } from "../engines/eval-engine.ts";
import { defaultPaths, type EvalPaths } from "../paths.ts";
import { renderHtml } from "../report/report-html.ts";
import { renderMarkdown } from "../report/report-md.ts";
import type { EvalReport } from "../report/report-model.ts";
import { runEvaluation } from "../run-evaluation.ts";
import type { Progress } from "../runners/timing.ts";
import type { CaseItem } from "../suites/case-item.ts";
import { listSuites, loadSuite } from "../suites/suite-loader.ts";
import { createProgressBar } from "./progress-bar.ts";

export const EXIT = { ok: 0, error: 1, usage: 2, regression: 3 } as const;

/** Suites run when none is named: the full evaluation. */
export const DEFAULT_SUITES = ["cases", "cail-divorce", "cail-labor", "cail-loan", "retrieval-questions"];

export const USAGE = `用法 / usage: mediate eval [SUITE…] [--engine offline|llm] [--baseline FILE] [--tolerance X] [--out DIR] [--limit N] [--judge]
  SUITE        packages/eval/suites/<SUITE>.suite.json (default: ${DEFAULT_SUITES.join(" ")}); --list shows them
  --engine     offline (default) or llm (needs MEDIATE_LLM_*)
  --baseline   report.json to compare against; exit 3 on a regression beyond --tolerance (default 0.02)
  --out        output directory for report.json, report.md, report.html (default ./eval-out)
  --limit      at most N items per suite (N documents per CAIL domain)
  --judge      also score each plan with the LLM judge (prompts/judge-plan.v1.md; --engine llm only)
exit codes: 0 ok, 1 run error (or a suite where every item failed), 2 bad usage (unknown suite/engine/option), 3 regression against the baseline`;

export type EngineFactory = (name: EngineName, opts: { paths: EvalPaths; env: Record<string, string | undefined>; needsRetrieval: boolean }) => Promise<EvalEngine>;

export type EvalCommandDeps = {
  env?: Record<string, string | undefined>;
  paths?: EvalPaths;
  createEngine?: EngineFactory;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  progress?: Progress;
};

const defaultEngineFactory: EngineFactory = async (name, opts) => {
  if (name === "llm") {
    const { createLlmEngine } = await import("../engines/llm-engine.ts");
    return createLlmEngine({ env: opts.env, needsRetrieval: opts.needsRetrieval });
  }
  const { createOfflineEngine } = await import("../engines/offline-engine.ts");
  return createOfflineEngine({ env: opts.env, needsRetrieval: opts.needsRetrieval });
};

export async function run(args: string[], deps: EvalCommandDeps = {}): Promise<number> {
  const out = deps.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = deps.stderr ?? ((s: string) => void process.stderr.write(s));
  const env = deps.env ?? process.env;
  const paths = deps.paths ?? defaultPaths(env);

  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        engine: { type: "string", default: "offline" },
        baseline: { type: "string" },
        tolerance: { type: "string", default: "0.02" },
        out: { type: "string", default: "eval-out" },
        limit: { type: "string" },
        list: { type: "boolean", default: false },
        judge: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    err(`mediate eval: ${(e as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE + "\n");
    return EXIT.ok;
  }
  if (values.list) {
    out((await listSuites(paths.repoRoot)).join("\n") + "\n");
    return EXIT.ok;
  }
  if (!(ENGINE_NAMES as readonly string[]).includes(values.engine)) {
    err(`mediate eval: unknown engine "${values.engine}" (known: ${ENGINE_NAMES.join(", ")})\n`);
    return EXIT.usage;
  }
  const tolerance = Number(values.tolerance);
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    err(`mediate eval: --tolerance must be a number ≥ 0, got "${values.tolerance}"\n`);
    return EXIT.usage;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    err(`mediate eval: --limit must be a positive integer, got "${values.limit}"\n`);
    return EXIT.usage;
  }
  const suiteNames = positionals.length > 0 ? positionals : DEFAULT_SUITES;

  // Validate suites (and the baseline) before starting an engine: usage errors stay cheap.
  let kinds: string[];
  try {
    kinds = (await Promise.all(suiteNames.map((n) => loadSuite(n, paths.repoRoot)))).map((s) => s.kind);
  } catch (e) {
    err(`mediate eval: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  let baseline: EvalReport | null = null;
  if (values.baseline) {
    try {
      baseline = await readBaseline(path.resolve(values.baseline));
    } catch (e) {
      err(`mediate eval: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
  }

  if (values.judge && values.engine !== "llm") {
    err("mediate eval: --judge needs --engine llm (the judge is an LLM)\n");
    return EXIT.usage;
  }
  const createEngine = deps.createEngine ?? defaultEngineFactory;
  let engine: EvalEngine;
  try {
    engine = await createEngine(values.engine as EngineName, { paths, env, needsRetrieval: kinds.some((k) => k !== "cail-elements") });
  } catch (e) {
    err(`mediate eval: cannot start engine ${values.engine}: ${(e as Error).message}\n`);
    return isMediateError(e) && e.code === "llm_unavailable" ? EXIT.usage : EXIT.error;
  }

  let report: EvalReport;
  try {
    report = await runEvaluation({
      suites: suiteNames,
      engine,
      paths,
      progress: deps.progress ?? createProgressBar(),
      command: ["mediate eval", ...args].join(" "),
      warn: (m) => err(`warning: ${m}\n`),
      ...(values.judge && engine.judge ? { judge: judgeWith(engine) } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
  } catch (e) {
    err(`mediate eval: ${(e as Error).message}\n`);
    return EXIT.error;
  } finally {
    await engine.close().catch(() => {});
  }

  const outDir = path.resolve(values.out);
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, "report.json"), JSON.stringify(report, null, 2) + "\n");
  await writeFile(path.join(outDir, "report.md"), renderMarkdown(report));
  await writeFile(path.join(outDir, "report.html"), renderHtml(report));
  out(summaryLines(report).join("\n") + `\nreports written to ${outDir}\n`);
  const dead = report.suites.filter((s) => s.items > 0 && s.completed === 0);
  for (const s of dead) err(`mediate eval: suite ${s.name}: every item failed, e.g. ${s.failures[0]?.error ?? "?"}\n`);

  if (baseline) {
    const comparison = compareToBaseline(report, baseline, tolerance);
    out(formatComparison(comparison) + "\n");
    if (comparison.compared === 0) {
      err(`mediate eval: baseline ${values.baseline} has no gated metric for the suites run (${suiteNames.join(", ")})\n`);
      return EXIT.usage;
    }
    if (comparison.regressions.length > 0) {
      err(`mediate eval: regression against ${values.baseline}: ${comparison.regressions.map((r) => r.metric).join(", ")}\n`);
      return EXIT.regression;
    }
  }
  return dead.length > 0 ? EXIT.error : EXIT.ok;
}

function judgeWith(engine: EvalEngine) {
  return (item: CaseItem, rec: Recommendation) =>
    engine.judge!(
      { text: item.text, reference: JSON.stringify({ type: item.type, points: item.points, articles: item.articles, plan: item.plan, risk: item.risk }) },
      rec,
    );
}

function summaryLines(report: EvalReport): string[] {
  const lines = [`engine ${report.engine}, ${(report.durationMs / 1000).toFixed(1)} s`];
  for (const [k, m] of Object.entries(report.headline)) lines.push(`  ${k.padEnd(40)} ${Number.isInteger(m.value) ? m.value : m.value.toFixed(4)}`);
  return lines;
}
