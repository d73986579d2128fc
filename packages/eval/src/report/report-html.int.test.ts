// Opens report.html in headless Chromium: the charts must render, offline, with no console
// errors; a screenshot goes to test-artifacts/ as evidence.
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../cli/eval-command.ts";
import { loadStatuteIndex } from "../corpus/statute-index.ts";
import { defaultPaths } from "../paths.ts";
import { silentProgress } from "../runners/timing.ts";
import { createFakeEngine } from "../testing/fake-engine.ts";

const paths = defaultPaths(process.env);
let browser: Browser;
let outDir: string;

beforeAll(async () => {
  const statutes = await loadStatuteIndex(paths.corpusDir);
  outDir = await mkdtemp(path.join(tmpdir(), "eval-html-"));
  const code = await run(["smoke", "cail-divorce", "--limit", "30", "--out", outDir], {
    paths,
    env: {},
    progress: silentProgress,
    stdout: () => {},
    stderr: () => {},
    createEngine: async () => createFakeEngine({ statutes, crashIds: ["labor-001"] }),
  });
  expect(code).toBe(0);
  browser = await chromium.launch({
    executablePath: process.env.MEDIATE_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("report.html in headless Chromium", () => {
  it("renders every chart offline with no console errors and no network requests", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.goto(pathToFileURL(path.join(outDir, "report.html")).href, { waitUntil: "load" });

    for (const id of ["smoke-type-f1", "smoke-type-slices", "smoke-confusion", "smoke-recall", "smoke-points-f1", "smoke-risk", "smoke-latency", "cail-divorce-divorce-f1"]) {
      const box = await page.locator(`svg#${id}`).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(50);
      expect(box!.height, id).toBeGreaterThan(50);
    }
    // Bars and heatmap cells are drawn, not just empty frames.
    expect(await page.locator("svg#smoke-type-f1 rect.bar").count()).toBeGreaterThanOrEqual(20);
    expect(await page.locator("svg#smoke-confusion rect.cell").count()).toBeGreaterThanOrEqual(400);
    expect(await page.locator("svg#smoke-recall polyline.series").count()).toBe(2);
    expect(await page.locator("svg#smoke-latency rect.bar").count()).toBeGreaterThanOrEqual(1);
    await expect(page.locator("text=failures 1").count()).resolves.toBeGreaterThan(0);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);

    const artifacts = path.join(paths.repoRoot, "test-artifacts");
    await mkdir(artifacts, { recursive: true });
    const shot = path.join(artifacts, "eval-report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect((await readFile(shot)).length).toBeGreaterThan(10_000);
    await page.close();
  });
});
