import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURE_CONFIG, ngramId } from "./element-features.ts";
import { applyKnn, buildKnnIndex } from "./knn-scorer.ts";
import { applyContextLayer } from "./context-layer.ts";
import { classifyDocument, scoreDocument } from "./classify-elements.ts";
import { sentenceFeatureIds } from "./element-features.ts";
import { RULE_PROBABILITY } from "./element-rules.ts";
import { applyRules, createDomainModel, ELEMENT_MODEL_VERSION, lookupFeature, parseElementModel, predictDomain, predictVector, serializeElementModel, vectorize, type ElementModel } from "./element-model.ts";

const id = (s: string) => ngramId(Array.from(s, (c) => c.charCodeAt(0)));

function sample(): ElementModel {
  const features = Uint32Array.from(["借", "借款", "利息", "还款"].map(id));
  const labels = [
    { code: "LN5", name: "返还借款" },
    { code: "LN9", name: "支付利息" },
  ];
  const weights = Float32Array.from([1.5, -0.25, 0.75, 0.1, -2, 3.25, 0.001, 0]);
  return {
    version: ELEMENT_MODEL_VERSION,
    featureConfig: DEFAULT_FEATURE_CONFIG,
    training: { seed: 1 },
    domains: {
      loan: createDomainModel({
        schema: "loan",
        labels,
        features,
        idf: Float32Array.from([1, 1.5, 2, 2.5]),
        weights,
        bias: Float32Array.from([-1, -2]),
        thresholds: Float32Array.from([0.4, 0.55]),
      }),
    },
  };
}

describe("element model file", () => {
  it("round-trips through JSON with int8 weights within the quantisation step", () => {
    const m = sample();
    const back = parseElementModel(serializeElementModel(m));
    const a = m.domains.loan!;
    const b = back.domains.loan!;
    expect(back.version).toBe(ELEMENT_MODEL_VERSION);
    expect(back.featureConfig).toEqual(DEFAULT_FEATURE_CONFIG);
    expect(b.labels).toEqual(a.labels);
    expect(Array.from(b.features)).toEqual(Array.from(a.features));
    expect(Array.from(b.idf)).toEqual(Array.from(a.idf));
    expect(Array.from(b.thresholds)).toEqual(Array.from(a.thresholds));
    const maxPerLabel = [3.25 / 127, 3.25 / 127];
    a.weights.forEach((w, i) => expect(Math.abs(b.weights[i]! - w)).toBeLessThanOrEqual(maxPerLabel[i % 2]! / 2 + 1e-6));
    const ids = Uint32Array.from([id("借款"), id("利息"), id("未知")]);
    const p1 = predictVector(a.weights, a.bias, 2, vectorize(a, ids, "binary"));
    const p2 = predictVector(b.weights, b.bias, 2, vectorize(b, ids, "binary"));
    p1.forEach((p, i) => expect(p2[i]).toBeCloseTo(p, 2));
  });

  it("round-trips rules, the context layer and kNN positives, and applies rules after the model", () => {
    const base = sample().domains.loan!;
    const row = vectorize(base, Uint32Array.from([id("借款"), id("利息")]), "log");
    const m: ElementModel = {
      ...sample(),
      featureConfig: { ...DEFAULT_FEATURE_CONFIG, context: { ngrams: [1, 2], positionBuckets: 4 } },
      domains: {
        loan: createDomainModel({
          ...base,
          rules: [{ patterns: ["拒不(偿还|归还)"], exclude: ["并非拒不"] }, undefined],
          contextLayer: { weights: [undefined, Float64Array.from([1, 0.5, 0.25, 0, -0.1])] },
          knn: buildKnnIndex([{ label: 1, row }], base.features.length, [undefined, "mean"]),
        }),
      },
    };
    const back = parseElementModel(serializeElementModel(m));
    expect(back.featureConfig.context).toEqual({ ngrams: [1, 2], positionBuckets: 4 });
    const d = back.domains.loan!;
    expect(d.rules[0]).toEqual({ patterns: ["拒不(偿还|归还)"], exclude: ["并非拒不"] });
    expect(d.rules[1]).toBeUndefined();
    expect(d.contextLayer?.weights[0]).toBeUndefined();
    expect(Array.from(d.contextLayer!.weights[1]!)).toEqual([1, 0.5, 0.25, 0, -0.1]);
    expect(d.knn?.modes).toEqual([undefined, "mean"]);
    expect(Array.from(d.knn!.labelOf)).toEqual([1]);
    expect(Array.from(d.knn!.offsets)).toEqual(Array.from(m.domains.loan!.knn!.offsets));
    const p = Float64Array.from([0.1, 0.1]);
    expect(Array.from(applyRules(d, "被告拒不偿还借款", p))).toEqual([RULE_PROBABILITY, 0.1]);
    expect(Array.from(applyRules(d, "被告并非拒不偿还", Float64Array.from([0.1, 0.1])))).toEqual([0.1, 0.1]);
    // A higher model probability is kept.
    expect(applyRules(d, "被告拒不偿还", Float64Array.from([0.99, 0]))[0]).toBe(0.99);
    // Inference runs linear model → context layer → kNN → rules over a whole document.
    const doc = ["被告借款未还利息", "被告拒不偿还借款"];
    const plain = scoreDocument(doc, "loan", sample());
    const full = scoreDocument(doc, "loan", back);
    const applyLayer = applyContextLayer(d.contextLayer!, plain.map((p) => Float64Array.from(p)));
    const x0 = vectorize(d, sentenceFeatureIds(doc[0]!, back.featureConfig), "log");
    const withKnn = applyKnn(d.knn!, x0, Float64Array.from(applyLayer[0]!));
    expect(full[0]![1]).toBeCloseTo(withKnn[1]!, 6);
    expect(full[0]![1]).not.toBeCloseTo(plain[0]![1]!, 3);
    expect(full[1]![0]).toBe(RULE_PROBABILITY);
    expect(classifyDocument(doc, "loan", back)[1]).toContain("返还借款");
    const broken = JSON.parse(serializeElementModel(m));
    broken.domains.loan.rules = { LN99: { patterns: ["x"] } };
    expect(() => parseElementModel(JSON.stringify(broken))).toThrow(/rule for unknown label LN99/);
  });

  it("rejects other files with a clear message", () => {
    expect(() => parseElementModel("{")).toThrow(/not valid JSON/);
    expect(() => parseElementModel('{"format":"other"}')).toThrow(/not a mediate-elements file/);
    const wrongVersion = JSON.parse(serializeElementModel(sample()));
    wrongVersion.version = 99;
    expect(() => parseElementModel(JSON.stringify(wrongVersion))).toThrow(/version 99/);
    wrongVersion.version = 2;
    expect(() => parseElementModel(JSON.stringify(wrongVersion))).toThrow(/model version 2, this code reads 3 — retrain/);
    const broken = JSON.parse(serializeElementModel(sample()));
    broken.domains.loan.idf = Buffer.from(new Float32Array(3).buffer).toString("base64");
    expect(() => parseElementModel(JSON.stringify(broken))).toThrow(/inconsistent/);
  });

  it("looks up every feature id and nothing else", () => {
    const d = sample().domains.loan!;
    d.features.forEach((f, i) => expect(lookupFeature(d.table, f)).toBe(i));
    expect(lookupFeature(d.table, id("不在"))).toBe(-1);
  });

  it("vectorises to unit length over known features, counting repeats with log tf", () => {
    const d = sample().domains.loan!;
    const bin = vectorize(d, Uint32Array.from([id("借"), id("利息"), id("利息"), id("nope")]), "binary");
    expect(Array.from(bin.idx)).toEqual([0, 2]);
    expect(Math.hypot(...bin.val)).toBeCloseTo(1, 6);
    expect(bin.val[1]! / bin.val[0]!).toBeCloseTo(2, 5);
    const log = vectorize(d, Uint32Array.from([id("借"), id("利息"), id("利息")]), "log");
    expect(log.val[1]! / log.val[0]!).toBeCloseTo(2 * (1 + Math.log(2)), 5);
    // Scratch state does not leak between sentences.
    expect(Array.from(vectorize(d, Uint32Array.from([id("还款")]), "log").idx)).toEqual([3]);
  });

  it("predicts with int8 weights as the float model does, within the quantisation step", () => {
    const a = sample().domains.loan!;
    const x = vectorize(a, Uint32Array.from([id("借"), id("借款"), id("利息"), id("还款")]), "log");
    const exact = predictVector(a.weights, a.bias, 2, x);
    const fast = predictDomain(a, x);
    exact.forEach((p, i) => expect(fast[i]).toBeCloseTo(p, 2));
    // After a file round trip the int8 path is exact.
    const b = parseElementModel(serializeElementModel(sample())).domains.loan!;
    const xb = vectorize(b, Uint32Array.from([id("借"), id("借款"), id("利息"), id("还款")]), "log");
    const viaFloat = predictVector(b.weights, b.bias, 2, xb);
    predictDomain(b, xb).forEach((p, i) => expect(p).toBeCloseTo(viaFloat[i]!, 6));
  });
});
