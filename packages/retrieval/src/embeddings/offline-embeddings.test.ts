import { describe, expect, it } from "vitest";
import { createOfflineEmbeddings, offlineFeatures } from "./offline-embeddings.ts";
import { embeddingsContract } from "./embeddings.case.ts";
import { defaultLexiconMatcher } from "../search/lexicon.ts";

embeddingsContract("offline", async () => createOfflineEmbeddings({ dimensions: 256 }));

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe("offline embeddings", () => {
  it("is L2-normalised and names its version and size", async () => {
    const e = createOfflineEmbeddings();
    expect(e.model).toBe("mediate-offline-hash-v1-384");
    expect(e.dimensions).toBe(384);
    const v = await e.embedQuery("楼上漏水把我家泡了");
    expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 6);
  });

  it("gives the zero vector for text without features instead of NaN", async () => {
    const v = await createOfflineEmbeddings({ dimensions: 64 }).embedQuery("！！");
    expect(v.every((x) => x === 0)).toBe(true);
  });

  it("adds lexicon concept features so colloquial and legal wordings share coordinates", () => {
    const lex = defaultLexiconMatcher();
    const colloquial = offlineFeatures("老公喝醉了就打我", lex);
    const legal = offlineFeatures("禁止家庭暴力。禁止家庭成员间的虐待和遗弃。", lex);
    expect(colloquial.has("c:domestic-violence")).toBe(true);
    expect(legal.has("c:domestic-violence")).toBe(true);
  });

  it("folds traditional characters in queries", async () => {
    const e = createOfflineEmbeddings({ dimensions: 256 });
    const t = await e.embedQuery("離婚時彩禮要退嗎");
    const s = await e.embedQuery("离婚时彩礼要退吗");
    expect(dot(t, s)).toBeCloseTo(1, 6);
  });

  it("rejects a silly size", () => {
    expect(() => createOfflineEmbeddings({ dimensions: 3 })).toThrow(/dimensions/);
  });
});
