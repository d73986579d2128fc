import { describe, expect, it } from "vitest";
import { chunkToTokenBudget, countTokens, embedWithinBudget, poolChunkVectors, truncateToTokenBudget } from "./token-budget.ts";

describe("token budget", () => {
  it("counts tokens with tiktoken", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("禁止家庭暴力。")).toBeGreaterThan(3);
  });

  it("keeps a text that fits as one chunk", () => {
    expect(chunkToTokenBudget("禁止家庭暴力。", 100)).toEqual(["禁止家庭暴力。"]);
  });

  it("splits at sentence ends, every chunk within budget, nothing lost", () => {
    const text = "第一句话很短。第二句话也不长；第三句话在这里！\n第四句。".repeat(20);
    const chunks = chunkToTokenBudget(text, 40);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(countTokens(c)).toBeLessThanOrEqual(40);
    expect(chunks.join("")).toBe(text);
  });

  it("hard-splits a single sentence longer than the budget", () => {
    const text = "劳动者".repeat(200);
    const chunks = chunkToTokenBudget(text, 50);
    for (const c of chunks) expect(countTokens(c)).toBeLessThanOrEqual(50);
    expect(chunks.join("")).toBe(text);
    expect(truncateToTokenBudget(text, 50)).toBe(chunks[0]);
  });

  it("pools chunk vectors by length and normalises", () => {
    const v = poolChunkVectors([[1, 0], [0, 1]], [3, 1]);
    expect(v[0]! / v[1]!).toBeCloseTo(3, 6);
    expect(Math.hypot(...v)).toBeCloseTo(1, 6);
  });

  it("returns exactly one vector per input text", async () => {
    const calls: string[][] = [];
    const out = await embedWithinBudget(["短。", "长句子。".repeat(30)], 20, async (batch) => {
      calls.push(batch);
      return batch.map((t) => [t.length, 1]);
    });
    expect(out).toHaveLength(2);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.length).toBeGreaterThan(2);
  });
});
