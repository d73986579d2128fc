import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadStatuteIndex, type StatuteIndex } from "../corpus/statute-index.ts";
import { defaultPaths } from "../paths.ts";
import type { EvalReport } from "../report/report-model.ts";
import { silentProgress } from "../runners/timing.ts";
import { createFakeEngine } from "../testing/fake-engine.ts";
import { run, type EvalCommandDeps } from "./eval-command.ts";

const paths = defaultPaths(process.env);
let statutes: StatuteIndex;
beforeAll(async () => {
  statutes = await loadStatuteIndex(paths.corpusDir);
});

function harness(extra: Partial<EvalCommandDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: EvalCommandDeps = {
    paths,
    env: {},
    progress: silentProgress,
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    createEngine: async () => createFakeEngine({ statutes, inventArticle: true, crashIds: ["neighbor-011"] }),
    ...extra,
  };
  return { deps, out: () => out.join(""), err: () => err.join("") };
}

describe("mediate eval", () => {
  it("exits 2 on an unknown suite, engine or option", async () => {
    let h = harness();
    expect(await run(["no-such-suite"], h.deps)).toBe(2);
    expect(h.err()).toMatch(/unknown suite "no-such-suite" \(known: .*smoke/);
    h = harness();
    expect(await run(["smoke", "--engine", "gpt"], h.deps)).toBe(2);
    expect(h.err()).toMatch(/unknown engine "gpt"/);
    h = harness();
    expect(await run(["smoke", "--tolerance", "-1"], h.deps)).toBe(2);
    h = harness();
    expect(await run(["smoke", "--bogus"], h.deps)).toBe(2);
    h = harness();
    expect(await run(["smoke", "--judge"], h.deps)).toBe(2);
    expect(h.err()).toMatch(/--judge needs --engine llm/);
  });

  it("exits 2 for the llm engine when no LLM is configured", async () => {
    const h = harness({ createEngine: undefined });
    expect(await run(["smoke", "--engine", "llm"], h.deps)).toBe(2);
    expect(h.err()).toMatch(/MEDIATE_LLM_PROVIDER/);
  });

  it("runs the smoke suite, records a crashing case as a failure and writes the three reports", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "eval-out-"));
    const h = harness();
    expect(await run(["smoke", "--out", outDir], h.deps)).toBe(0);
    const report = JSON.parse(await readFile(path.join(outDir, "report.json"), "utf8")) as EvalReport;
    const suite = report.suites[0]!;
    expect(suite).toMatchObject({ name: "smoke", kind: "cases", items: 24, completed: 23 });
    expect(suite.failures).toEqual([{ id: "neighbor-011", error: "Error: boom on neighbor-011" }]);
    if (suite.kind !== "cases" || !suite.metrics) throw new Error("no metrics");
    // The fake always answers marriage-family: exactly one smoke item has that gold type.
    expect(suite.metrics.type.accuracy).toBeCloseTo(1 / 23);
    // One real article and one invented article per answer.
    expect(suite.metrics.citationValidity).toMatchObject({ cited: 46, valid: 23, validity: 0.5 });
    expect(report.headline["smoke.citations.validity"]!.value).toBe(0.5);
    // 1079 is linked to the detected point "divorce" in the taxonomy; the invented article is not.
    expect(suite.metrics.citationSupport).toMatchObject({ cited: 46, supported: 23, support: 0.5 });
    expect(report.headline["smoke.completion"]!.value).toBeCloseTo(23 / 24);
    const md = await readFile(path.join(outDir, "report.md"), "utf8");
    expect(md).toMatch(/failure neighbor-011/);
    const html = await readFile(path.join(outDir, "report.html"), "utf8");
    expect(html).toMatch(/<svg[^>]+id="smoke-confusion"/);
    expect(html).not.toMatch(/<script|<link|(?:src|href)="?https?:|@import|url\(/);
  });

  it("exits 1 when every item of a suite failed, naming the error", async () => {
    const h = harness({
      createEngine: async () => ({ name: "broken", recommend: async () => Promise.reject(new Error("model file missing")), close: async () => {} }),
    });
    expect(await run(["smoke", "--out", await mkdtemp(path.join(tmpdir(), "eval-out-"))], h.deps)).toBe(1);
    expect(h.err()).toMatch(/suite smoke: every item failed, e\.g\. Error: model file missing/);
  });

  it("compares against a baseline: exit 0 within tolerance, exit 3 naming the regressed metric", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "eval-out-"));
    expect(await run(["smoke", "--out", outDir], harness().deps)).toBe(0);
    const baselineFile = path.join(outDir, "report.json");
    let h = harness();
    expect(await run(["smoke", "--out", outDir, "--baseline", baselineFile], h.deps)).toBe(0);
    expect(h.out()).toMatch(/no regression beyond tolerance/);

    const better = JSON.parse(await readFile(baselineFile, "utf8")) as EvalReport;
    better.headline["smoke.type.accuracy"]!.value += 0.5;
    const betterFile = path.join(outDir, "better.json");
    await writeFile(betterFile, JSON.stringify(better));
    h = harness();
    expect(await run(["smoke", "--out", outDir, "--baseline", betterFile, "--tolerance", "0.1"], h.deps)).toBe(3);
    expect(h.err()).toMatch(/regression against .*: smoke\.type\.accuracy/);
    expect(h.out()).toMatch(/REGRESSION smoke\.type\.accuracy/);

    h = harness();
    expect(await run(["smoke", "--baseline", path.join(outDir, "missing.json")], h.deps)).toBe(2);

    const unrelated = { ...better, headline: { "other-suite.type.accuracy": { value: 1, better: "higher", gated: true } } };
    await writeFile(path.join(outDir, "unrelated.json"), JSON.stringify(unrelated));
    h = harness();
    expect(await run(["smoke", "--out", outDir, "--baseline", path.join(outDir, "unrelated.json")], h.deps)).toBe(2);
    expect(h.err()).toMatch(/has no gated metric for the suites run/);
  });

  it("runs CAIL and retrieval suites with --limit through the same engine interface", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "eval-out-"));
    const h = harness();
    expect(await run(["cail-divorce", "--limit", "2", "--out", outDir], h.deps)).toBe(0);
    const report = JSON.parse(await readFile(path.join(outDir, "report.json"), "utf8")) as EvalReport;
    const suite = report.suites[0]!;
    if (suite.kind !== "cail-elements" || !suite.metrics) throw new Error("no metrics");
    expect(suite.metrics.domains[0]!.documents).toBe(2);
    expect(report.headline["cail-divorce.cailScore"]!.value).toBeGreaterThanOrEqual(0);
  });
});
