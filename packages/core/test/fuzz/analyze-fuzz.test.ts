// Property tests of the offline analysis on hostile text: random Unicode (every code unit,
// lone surrogates, control characters, emoji, mixed scripts), lengths up to the limit, and
// inputs dense in the patterns extractors scan for. Invariants: only MediateError is thrown,
// every span quotes the original text exactly, each input finishes in bounded time; and the
// `--jsonl` CLI processes every valid line of a mixed batch, in order, reporting each invalid
// one with its id and line number.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeCase } from "../../src/analyze/analyze-case.ts";
import { MediateError } from "../../src/errors/mediate-error.ts";
import { CaseAnalysisSchema, MAX_TEXT_LENGTH } from "../../src/schema/case-analysis.ts";
import { prepareText } from "../../src/text/prepare-text.ts";
import { runAnalyzeCli } from "../run-analyze-cli.ts";

// Elements need the trained model for divorce/labor/loan; these properties are about the
// extractors, so the element step is left to its own tests (schemas: []).
const NO_ELEMENTS = { schemas: [] as [] };

const PIECES = [
  "老板", "拖欠", "工资", "三个月", "8万元", "一万二", "1.5万", "800余万元", "约", "左右", "元", "块钱", "万", "亿",
  "丈夫", "妻子", "离婚", "孩子", "抚养费", "打我", "派出所", "报警", "楼上", "漏水", "物业", "邻居", "宅基地",
  "借条", "利息", "2023年5月", "去年", "上周", "第三条", "《民法典》", "第一千零七十九条",
  "。", "，", "！", "？", "；", "\n", "\r\n", "“", "”", "「", "」", "（", "）", "(", ")", " ", "\u3000", "\t",
  "\u0007", "\u001b", "\u200b", "\u202e", "\ufeff", "\ud800", "\udc00", "😀", "👨‍👩‍👧", "🇨🇳", "é", "ﬁ", "Ａ", "１２", "％",
  "萬", "與", "離婚", "薪資", "樓上", "漏水", "ไทย", "عربى", "русский", "a", "1", "0",
];

const narrative = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((a) => a.join("")) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 400 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x3400, max: 0x9fff }).map((c) => String.fromCharCode(c)), maxLength: 600 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\n\t", "\u0000", "a\u0000b", "\u0001".repeat(50)) },
);

type SpanLike = { text: string; start: number; end: number };

/** Every {text,start,end} object anywhere in the analysis. */
function spansOf(value: unknown, out: SpanLike[] = []): SpanLike[] {
  if (Array.isArray(value)) for (const v of value) spansOf(v, out);
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.text === "string" && typeof o.start === "number" && typeof o.end === "number") out.push(o as SpanLike);
    for (const v of Object.values(o)) spansOf(v, out);
  }
  return out;
}

function analyzeChecked(text: string, boundMs: number): void {
  const started = performance.now();
  let analysis;
  try {
    analysis = analyzeCase(text, NO_ELEMENTS);
  } catch (error) {
    if (!(error instanceof MediateError)) throw new Error(`non-MediateError thrown: ${String(error)}`, { cause: error });
    expect(["empty_text", "text_too_long", "binary_input", "invalid_input"]).toContain(error.code);
    return;
  } finally {
    expect(performance.now() - started).toBeLessThan(boundMs);
  }
  CaseAnalysisSchema.parse(analysis);
  expect(analysis.textLength).toBe(text.length);
  for (const s of spansOf(analysis)) {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(s.start, s.end)).toBe(s.text);
  }
}

describe("analyzeCase on random Unicode", () => {
  it("throws only MediateError, spans quote the original, bounded time", () => {
    analyzeCase("楼上漏水", NO_ELEMENTS); // load lexicons outside the timed runs
    fc.assert(
      fc.property(narrative, (text) => analyzeChecked(text, 2_000)),
      { numRuns: 300, interruptAfterTimeLimit: 12_000, markInterruptAsFailure: false },
    );
  });

  it("prepareText keeps the normalized copy index-aligned and sentences exact", () => {
    fc.assert(
      fc.property(narrative, (text) => {
        let p;
        try {
          p = prepareText(text);
        } catch (error) {
          expect(error).toBeInstanceOf(MediateError);
          return;
        }
        expect(p.normalized.length).toBe(text.length);
        for (const s of p.sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
      }),
      { numRuns: 300 },
    );
  });

  it("inputs of maximum length dense in amounts, numbers, quotes or breaks finish in bounded time", () => {
    const dense = ["1元", "一万", "8万", "¥1", "上周", "三人", "约3万元左右", "第一条", "“", "（", "。", "，", "\n", "工资", "漏"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...dense), { minLength: 1, maxLength: 3 }), (unit) => {
        const text = unit.join("").repeat(MAX_TEXT_LENGTH).slice(0, MAX_TEXT_LENGTH);
        // Generous for a loaded 2-core CI machine: a clean linear pass takes well under a second.
        analyzeChecked(text, 8_000);
      }),
      { numRuns: 6 },
    );
  });
});


type LineSpec = { kind: "valid"; id: string | number; text: string } | { kind: "invalid"; id: string | number | null; raw: string };

const VALID_TEXTS = [
  "楼上卫生间漏水，把我家天花板泡坏了，物业说是楼上防水层老化，楼上不肯赔。",
  "我和邻居因为宅基地界线吵了好几年，他家新盖的院墙占了我家一米。",
  "物流公司运了我的货，运费八千元一直没结清，对方说货物有损坏。",
];

const lineSpec: fc.Arbitrary<LineSpec> = fc.oneof(
  fc.record({ kind: fc.constant("valid" as const), id: fc.oneof(fc.string({ maxLength: 12 }), fc.integer()), text: fc.constantFrom(...VALID_TEXTS) }),
  fc.oneof(
    fc.integer().map((id) => ({ kind: "invalid" as const, id, raw: JSON.stringify({ id, text: "" }) })),
    fc.string({ maxLength: 8 }).map((id) => ({ kind: "invalid" as const, id, raw: JSON.stringify({ id, text: 42 }) })),
    fc.string({ maxLength: 8 }).map((id) => ({ kind: "invalid" as const, id, raw: JSON.stringify({ id, text: "漏水", schema: "nope" }) })),
    fc.string({ maxLength: 8 }).map((id) => ({ kind: "invalid" as const, id, raw: JSON.stringify({ id, text: "\u0000\u0001\u0002" }) })),
    fc.string({ maxLength: 8 }).map((id) => ({ kind: "invalid" as const, id, raw: JSON.stringify({ id }) })),
    fc.string({ maxLength: 8 }).map((id) => ({ kind: "invalid" as const, id, raw: JSON.stringify({ id, text: "漏".repeat(MAX_TEXT_LENGTH + 1) }) })),
    fc.constantFrom("{broken", "[1,2]", "null", '"just a string"', "{\"text\":").map((raw) => ({ kind: "invalid" as const, id: null, raw })),
  ),
);

describe("mediate analyze --jsonl with a random mix of valid and invalid lines", () => {
  it("processes every valid line in order and reports each invalid one with its id and line", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineSpec, { minLength: 1, maxLength: 12 }), fc.boolean(), async (specs, crlf) => {
        const input = specs.map((s) => (s.kind === "valid" ? JSON.stringify({ id: s.id, text: s.text }) : s.raw)).join(crlf ? "\r\n" : "\n");
        const r = await runAnalyzeCli(["--jsonl"], input);
        const out = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(out).toHaveLength(specs.length);
        specs.forEach((spec, i) => {
          const line = out[i]!;
          if (spec.kind === "valid") {
            expect(line.error).toBeUndefined();
            expect(line.id).toBe(spec.id);
            expect(line.textLength).toBe(spec.text.length);
          } else {
            expect(line).toMatchObject({ id: spec.id, line: i + 1, error: { code: expect.any(String), message: expect.stringContaining(`第 ${i + 1} 行`) } });
          }
        });
        const failed = specs.filter((s) => s.kind === "invalid").length;
        expect(r.code).toBe(failed > 0 ? 1 : 0);
      }),
      { numRuns: 40 },
    );
  });
});
