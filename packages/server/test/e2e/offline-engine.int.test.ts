// End-to-end on the full offline engine: the workbench and the kiosk in real Chromium against
// the real app whose recommender is analyzeCase + createRecommender over a real store (PGlite,
// a few real laws from the shared corpus, offline embeddings). Nothing is a stand-in, so the
// assertions are about properties (exact corpus text, the detected type, evidence highlighted)
// rather than fixed wording. Screenshots → test-artifacts/.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTestArticles, sharedCorpusAvailable } from "../test-retrieval.ts";
import { ARTIFACTS as artifacts, chromiumAvailable, launchChromium, recordProblems } from "./chromium.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

describe.skipIf(!chromiumAvailable() || !sharedCorpusAvailable())("pages on the full offline engine in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const corpusTexts = new Set(readTestArticles().map((a) => a.text.replace(/\n{2,}/g, "\n")));

  beforeAll(async () => {
    server = await startTestServer({ engine: "offline" });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("workbench: a drinking and violence divorce story gets its type, highlighted evidence, plan and exact articles", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 2000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${server.url}/workbench`);
    const narrative =
      "我叫李某，和丈夫王某结婚十年，有一个八岁的儿子。他每天喝酒，喝醉了就打我，上个月把我打得住了院，我报了警。我想离婚，孩子要跟我，他每月要付抚养费。";
    await page.fill("#narrative", narrative);
    await page.click("#analyze");
    await page.locator("#output").waitFor({ state: "visible" });

    expect(await page.textContent("#type-name")).toBe("婚姻家庭纠纷");
    expect(await page.textContent("#engine")).toBe("离线引擎");
    // The highlighted text is the narrative itself, with the evidence of the contested points marked.
    expect(await page.textContent("#highlighted")).toBe(narrative);
    const marks = await page.locator("#highlighted mark.hl").allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(narrative).toContain(mark);
    expect(marks.join("")).toMatch(/打|喝/);
    expect(await page.locator("#risk-level").textContent()).not.toBe("绿");
    expect(await page.locator("#risk-reasons li").count()).toBeGreaterThan(0);
    expect(await page.locator("#plan ol li").count()).toBeGreaterThan(0);

    // Every cited article is quoted exactly as one of the laws in the store has it.
    const texts = await page.locator("#articles .article .text").allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(corpusTexts.has(text)).toBe(true);
    const titles = (await page.locator("#articles .article .title").allTextContents()).join("");
    expect(titles).toMatch(/反家庭暴力法|民法典/);
    const reasons = await page.locator("#articles .article .reason").allTextContents();
    for (const reason of reasons) expect(reason.length).toBeGreaterThan("适用理由：".length);
    // The store holds one family-violence case; same-type cases only.
    expect(await page.locator("#cases .case").count()).toBeGreaterThan(0);
    expect(await page.textContent("#cases")).toContain("酒后家暴离婚纠纷");
    await page.screenshot({ path: path.join(artifacts, "workbench-offline-engine.png"), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  });

  it("kiosk: a wage story told in plain words ends with a labour-dispute result and a case code", async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1600 }, locale: "zh-CN" });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${server.url}/kiosk`);
    await page.click("button[data-topic='拖欠工资']");
    await page.locator(".bubble.assistant").first().waitFor();
    for (const text of ["我在工地干活，包工头一直不发工资", "已经拖了三个月了，一共一万二", "我想把工钱要回来"]) {
      if (await page.locator("#result").isVisible()) break;
      const before = await page.locator(".bubble.assistant").count();
      await page.fill("#input", text);
      await page.press("#input", "Enter");
      await page.locator(".bubble.assistant").nth(before).waitFor();
      await page.locator("#send:not([disabled])").waitFor();
    }
    await page.locator("#result").waitFor({ state: "visible" });
    expect(await page.textContent("#type-name")).toBe("劳动争议纠纷");
    expect((await page.textContent("#case-code"))?.trim()).toMatch(/^MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.locator("#qr svg").count()).toBe(1);
    // The plain-language explanation names a law the store really holds.
    expect(await page.textContent("#explanation")).toMatch(/《(劳动合同法|保障农民工工资支付条例|人民调解法)》/);
    expect(await page.locator("#emergency").isHidden()).toBe(true);
    await page.screenshot({ path: path.join(artifacts, "kiosk-offline-engine.png"), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
