// End-to-end: the kiosk and the workbench in real Chromium (Debian's, driven by
// playwright-core) against the real app on a loopback port. Screenshots → test-artifacts/.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS as artifacts, chromiumAvailable, launchChromium, recordProblems } from "./chromium.ts";
import { docxText } from "./read-zip.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

const CASE_CODE = /^MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

type Watched = { page: Page; problems: string[] };

/** A page that records console errors, uncaught exceptions and CSP violations. */
async function watchedPage(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  const problems = recordProblems(page);
  // Injected through the DevTools protocol, so CSP does not apply to it.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, problems };
}

async function lastAssistant(page: Page): Promise<string> {
  return (await page.locator(".bubble.assistant").last().textContent()) ?? "";
}

async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator(".bubble.assistant").count();
  await page.fill("#input", text);
  await page.press("#input", "Enter");
  await page.locator(".bubble.assistant").nth(before).waitFor();
  await page.locator("#send:not([disabled])").waitFor();
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe.skipIf(!chromiumAvailable())("kiosk and workbench in Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("guides a visitor from a chip through the intake to a case code and QR", async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1600 }, locale: "zh-CN" });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/kiosk`);
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(22);
    const chipHeight = await page.locator(".chip").first().evaluate((el) => el.getBoundingClientRect().height);
    expect(chipHeight).toBeGreaterThanOrEqual(64);
    await shot(page, "kiosk-start");

    await page.click("button[data-topic='拖欠工资']");
    await page.locator(".bubble.assistant").first().waitFor();
    expect(await lastAssistant(page)).toContain("发生了什么");
    await say(page, "老板一直不发工资");
    expect(await lastAssistant(page)).toContain("什么时候");
    expect(await page.locator("#progress li.done").allTextContents()).toEqual(["发生了什么", "和谁有关"]);
    await say(page, "三个月了");
    expect(await lastAssistant(page)).toContain("怎么解决");
    await say(page, "我想把钱要回来");

    await page.locator("#result").waitFor({ state: "visible" });
    expect(await page.locator("#progress li.done").count()).toBe(4);
    const code = (await page.textContent("#case-code"))?.trim() ?? "";
    expect(code).toMatch(CASE_CODE);
    expect(await page.locator("#qr svg").count()).toBe(1);
    expect(await page.textContent("#type-name")).toBe("劳动争议纠纷");
    expect(await page.textContent("#explanation")).toContain("《劳动合同法》第三十条");
    expect(await page.textContent("#window")).toBe("劳动争议调解仲裁窗口");
    expect(await page.locator("#emergency").isHidden()).toBe(true);

    // Nothing but the session id/token is kept in the browser.
    const stored = await page.evaluate(() => ({
      session: Object.keys(sessionStorage),
      local: Object.keys(localStorage),
      cookie: document.cookie,
      value: sessionStorage.getItem("mediate.kiosk.session") ?? "",
    }));
    expect(stored.session).toEqual(["mediate.kiosk.session"]);
    expect(stored.local).toEqual([]);
    expect(stored.cookie).toBe("");
    expect(Object.keys(JSON.parse(stored.value)).sort()).toEqual(["sessionId", "sessionToken"]);
    await shot(page, "kiosk-result");

    // 繁體 toggle converts the page.
    await page.click("#script-toggle");
    await expect.poll(() => page.textContent("#result-title")).toBe("您的案件碼");
    expect(await page.textContent("#window")).toBe("勞動爭議調解仲裁窗口");
    await shot(page, "kiosk-traditional");

    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the emergency banner for a violence story", async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1600 } });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/`);
    await say(page, "我老公喝醉了就打我，还说要弄死我");
    await page.locator("#emergency").waitFor({ state: "visible" });
    const banner = (await page.textContent("#emergency")) ?? "";
    for (const n of ["110", "120", "12338"]) expect(banner).toContain(n);
    await shot(page, "kiosk-emergency");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("keeps sessions apart: another browser context cannot read the first session", async () => {
    const first = await browser.newContext();
    const a = await watchedPage(first);
    await a.page.goto(`${server.url}/kiosk`);
    await say(a.page, "楼上邻居家漏水，把我家泡了");
    const session = await a.page.evaluate(() => JSON.parse(sessionStorage.getItem("mediate.kiosk.session") ?? "null"));
    expect(session?.sessionId).toBeTruthy();

    const second = await browser.newContext();
    const b = await watchedPage(second);
    await b.page.goto(`${server.url}/kiosk`);
    expect(await b.page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await b.page.locator(".bubble").count()).toBe(0);
    await say(b.page, "老板欠我工资");
    const other = await b.page.evaluate(() => JSON.parse(sessionStorage.getItem("mediate.kiosk.session") ?? "null"));
    expect(other.sessionId).not.toBe(session.sessionId);

    // Knowing the first session's id is not enough: with the second token it is refused.
    const attempt = await b.page.evaluate(
      async ([id, token]) => {
        const res = await fetch("/v1/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sessionId: id, sessionToken: token, message: "上周" }) });
        return { status: res.status, body: await res.text() };
      },
      [session.sessionId, other.sessionToken] as const,
    );
    expect(attempt.status).toBe(404);
    expect(attempt.body).not.toContain("漏水");
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual(["HTTP 404 POST /v1/chat"]); // the refused attempt above, nothing else
    await first.close();
    await second.close();
  });

  it("workbench shows highlights, risk reasons, plan, articles and downloads the plan", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1800 }, acceptDownloads: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/workbench`);
    const narrative = "我和丈夫结婚十年。他喝醉了就打我，上个月把我打伤了。我想离婚，孩子归我。";
    await page.fill("#narrative", narrative);
    await page.click("#analyze");
    await page.locator("#output").waitFor({ state: "visible" });

    const marks = await page.locator("#highlighted mark.hl").allTextContents();
    expect(marks).toContain("打我");
    expect(await page.textContent("#highlighted")).toBe(narrative);
    expect(await page.textContent("#type-name")).toBe("婚姻家庭纠纷");
    expect(await page.locator("#risk-reasons li").first().textContent()).toContain("人身伤害");
    expect(await page.locator("#plan ol li").count()).toBe(3);
    const articles = (await page.textContent("#articles")) ?? "";
    expect(articles).toContain("《中华人民共和国民法典》第一千零四十二条");
    expect(articles).toContain("禁止家庭暴力。禁止家庭成员间的虐待和遗弃。");
    expect(await page.locator("#cases .case").count()).toBe(1);
    await shot(page, "workbench");

    await page.click("#copy-plan");
    await expect.poll(() => page.textContent("#plan-status")).toBe("已复制到剪贴板");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("调解方案");
    expect(copied).toContain("禁止家庭暴力");

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-plan")]);
    expect(download.suggestedFilename()).toMatch(/^调解方案-\d{4}-\d{2}-\d{2}\.docx$/);
    const file = path.join(artifacts, "workbench-plan.docx");
    await download.saveAs(file);
    const text = docxText(readFileSync(file));
    expect(text).toContain("婚姻家庭纠纷");
    expect(text).toContain("禁止家庭暴力。禁止家庭成员间的虐待和遗弃。");
    expect(text).toContain(narrative);

    expect(problems).toEqual([]);
    await context.close();
  });

  it("publishes /v1/chat and /v1/plan-document in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/chat", "/v1/plan-document"]));
  });

  it("pages carry a CSP without inline script", async () => {
    for (const p of ["/", "/kiosk", "/workbench"]) {
      const res = await fetch(`${server.url}${p}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });
});
