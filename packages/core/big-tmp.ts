import { readFileSync } from "node:fs";
import { analyzeCase } from "./src/analyze/analyze-case.ts";
import { prepareText } from "./src/text/prepare-text.ts";
import { extractFacts } from "./src/facts/extract-facts.ts";
const base = readFileSync("test/fixtures/narratives/long-ledger.txt", "utf8");
const big = (base + base + base).slice(0, 30000);
const worst = ("我要求张某某还钱，老王说：“不给！”" ).repeat(2000).slice(0, 30000);
const nopunct = "欠".repeat(30000);
for (const [n, t] of [["ledger30k", big], ["dense30k", worst], ["nopunct30k", nopunct]] as const) {
  analyzeCase(t, { schemas: [] });
  const s = process.cpuUsage(); const w = performance.now();
  const a = analyzeCase(t, { schemas: [] });
  const u = process.cpuUsage(s);
  const p = prepareText(t); const s2 = process.cpuUsage(); extractFacts(p); const u2 = process.cpuUsage(s2);
  console.log(n, "analyze cpu ms", ((u.user + u.system) / 1000).toFixed(1), "wall", (performance.now() - w).toFixed(1), "facts cpu ms", ((u2.user + u2.system) / 1000).toFixed(1), "parties", a.facts.parties.length, "demands", a.facts.demands.length);
}
