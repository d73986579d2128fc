import { describe, expect, it } from "vitest";
import { createDomainModel, ELEMENT_MODEL_VERSION, parseElementModel, predictVector, serializeElementModel, vectorize, type ElementModel } from "./element-model.ts";
import { DEFAULT_FEATURE_CONFIG } from "./element-features.ts";

function sample(): ElementModel {
  const features = ["c:借", "c:借款", "w:利息", "b:^|借款"];
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
    expect(b.features).toEqual(a.features);
    expect(Array.from(b.idf)).toEqual(Array.from(a.idf));
    expect(Array.from(b.thresholds)).toEqual(Array.from(a.thresholds));
    const maxPerLabel = [3.25 / 127, 3.25 / 127];
    a.weights.forEach((w, i) => expect(Math.abs(b.weights[i]! - w)).toBeLessThanOrEqual(maxPerLabel[i % 2]! / 2 + 1e-6));
    // Same predictions after the round trip (to quantisation precision).
    const x = vectorize(b, ["c:借款", "w:利息", "c:unknown"]);
    const p1 = predictVector(a.weights, a.bias, 2, vectorize(a, ["c:借款", "w:利息"]));
    const p2 = predictVector(b.weights, b.bias, 2, x);
    p1.forEach((p, i) => expect(p2[i]).toBeCloseTo(p, 2));
  });

  it("rejects other files with a clear message", () => {
    expect(() => parseElementModel("{")).toThrow(/not valid JSON/);
    expect(() => parseElementModel('{"format":"other"}')).toThrow(/not a mediate-elements file/);
    const wrongVersion = JSON.parse(serializeElementModel(sample()));
    wrongVersion.version = 99;
    expect(() => parseElementModel(JSON.stringify(wrongVersion))).toThrow(/version 99/);
    const broken = JSON.parse(serializeElementModel(sample()));
    broken.domains.loan.features.pop();
    expect(() => parseElementModel(JSON.stringify(broken))).toThrow(/inconsistent/);
  });

  it("vectorises to unit length over known features only", () => {
    const d = sample().domains.loan!;
    const x = vectorize(d, ["c:借", "w:利息", "nope"]);
    expect(Array.from(x.idx)).toEqual([0, 2]);
    expect(Math.hypot(...x.val)).toBeCloseTo(1, 6);
  });
});
