import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAhoCorasick } from "./aho-corasick.ts";

function naive(patterns: string[], text: string) {
  const out: Array<{ id: number; start: number; end: number }> = [];
  patterns.forEach((p, id) => {
    if (!p) return;
    for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) out.push({ id, start: i, end: i + p.length });
  });
  return out;
}
const key = (m: { id: number; start: number }) => `${m.start}:${m.id}`;

describe("createAhoCorasick", () => {
  it("finds overlapping and nested patterns", () => {
    const ac = createAhoCorasick(["工资", "拖欠工资", "欠工", "资"]);
    const found = ac.search("老板拖欠工资").map((m) => [m.id, m.start, m.end]);
    expect(found).toEqual(
      expect.arrayContaining([
        [0, 4, 6],
        [1, 2, 6],
        [2, 3, 5],
        [3, 5, 6],
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it("agrees with a naive search", () => {
    const alphabet = fc.constantFrom("工", "资", "欠", "拖", "a", "b");
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(""));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.array(alphabet, { maxLength: 40 }), (patterns, chars) => {
        const text = chars.join("");
        const got = createAhoCorasick(patterns).search(text).map(key).sort();
        const want = naive(patterns, text).map(key).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it("scan reports the same occurrences in the same order as search", () => {
    const ac = createAhoCorasick(["工资", "拖欠工资", "欠工", "资", "老板"]);
    const text = "老板拖欠工资，老板又欠工资";
    const scanned: Array<{ id: number; start: number; end: number }> = [];
    ac.scan(text, (id, start, end) => scanned.push({ id, start, end }));
    expect(scanned).toEqual(ac.search(text));
    expect(scanned.length).toBe(9); // 老板×2, 拖欠工资, 欠工×2, 工资×2, 资×2
  });
});
