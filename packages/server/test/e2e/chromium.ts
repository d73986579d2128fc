// Debian's Chromium for the page tests, launched headless with the flags the issue names, and
// pages that record what went wrong in them (console errors, HTTP ≥ 400, uncaught exceptions).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.MEDIATE_CHROMIUM ?? "/usr/bin/chromium";
export const chromiumAvailable = () => existsSync(CHROMIUM);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
/** Screenshots and downloads the tests keep. */
export const ARTIFACTS = path.join(repoRoot, "test-artifacts");

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Collects console errors (other than failed loads, reported with their URL), HTTP ≥ 400 and page errors. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) problems.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}
