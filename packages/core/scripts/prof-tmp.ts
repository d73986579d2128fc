import { readFileSync, readdirSync } from "node:fs";
import { extractFacts } from "../src/facts/extract-facts.ts";
import { prepareText } from "../src/text/prepare-text.ts";
const dir = "packages/core/test/fixtures/narratives/";
const texts = readdirSync(dir).filter((f) => f.endsWith(".txt") && f !== "long-ledger.txt").map((f) => readFileSync(dir + f, "utf8").slice(0, 1000));
for (let i = 0; i < 300; i++) extractFacts(prepareText(texts[i % texts.length]!));
const stages = { prep: 0, facts: 0 };
const names = ["extractHeadCounts","extractParties","extractEvents","extractPlaces","extractTimes","extractCauses","extractAmounts","extractDemands"];
const per: Record<string, number> = {};
const mods = await import("../src/facts/index.ts") as any;
for (let i = 0; i < 2000; i++) {
  const t = texts[i % texts.length]!;
  let s = performance.now(); const p = prepareText(t); stages.prep += performance.now() - s;
  s = performance.now(); extractFacts(p); stages.facts += performance.now() - s;
  for (const n of names) { s = performance.now(); mods[n](p, []); per[n] = (per[n] ?? 0) + performance.now() - s; }
}
console.log(stages.prep / 2000, stages.facts / 2000, Object.entries(per).map(([k, v]) => k + " " + (v / 2000).toFixed(3)).join(", "));
