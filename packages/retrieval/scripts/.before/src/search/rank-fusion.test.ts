import { describe, expect, it } from "vitest";
import { reciprocalRankFusion, RRF_K } from "./rank-fusion.ts";

const list = (name: string, weight: number, items: string[]) => ({ name, weight, items });

describe("reciprocal rank fusion", () => {
  it("sums weight/(k+rank) over lists and sorts by it", () => {
    const fused = reciprocalRankFusion([list("a", 1, ["x", "y", "z"]), list("b", 1, ["y", "w"])], (s) => s);
    expect(fused.map((f) => f.item)).toEqual(["y", "x", "w", "z"]);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1), 12);
    expect(fused[0]!.ranks).toEqual({ a: 2, b: 1 });
  });

  it("honours weights and ignores lists of weight 0", () => {
    const fused = reciprocalRankFusion([list("a", 1, ["x"]), list("b", 3, ["y"]), list("c", 0, ["z"])], (s) => s);
    expect(fused.map((f) => f.item)).toEqual(["y", "x"]);
  });

  it("counts an item once per list and keeps first-seen order on ties", () => {
    const fused = reciprocalRankFusion([list("a", 1, ["x", "x", "y"]), list("b", 1, ["q"])], (s) => s);
    expect(fused.find((f) => f.item === "x")!.ranks).toEqual({ a: 1 });
    expect(fused.map((f) => f.item)).toEqual(["x", "q", "y"]);
  });

  it("returns nothing for no lists", () => {
    expect(reciprocalRankFusion<string>([], (s) => s)).toEqual([]);
  });
});
