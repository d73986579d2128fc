import { readFileSync } from "node:fs";
import { prepareText } from "../src/text/prepare-text.ts";
import { extractFacts } from "../src/facts/extract-facts.ts";
const f = process.argv[2]!;
const text = f.endsWith(".txt") ? readFileSync(f, "utf8") : f;
const facts = extractFacts(prepareText(text));
const short = (xs: any[]) => xs.map((x) => { const { spans, start, end, ...rest } = x; return JSON.stringify(rest); }).join("\n  ");
for (const [k, v] of Object.entries(facts)) console.log(k + ":\n  " + short(v as any[]));
