import { describe, expect, it } from "vitest";
import { MediateError } from "../errors/mediate-error.ts";
import { defaultTaxonomyDir } from "../taxonomy/load-taxonomy.ts";
import { loadRiskDefusers, NO_DEFUSERS, parseRiskDefusers } from "./risk-defusers.ts";

describe("risk defusers", () => {
  it("a file without defusers has none", () => {
    expect(parseRiskDefusers({ version: 1 })).toEqual(NO_DEFUSERS);
    expect(parseRiskDefusers(null)).toEqual(NO_DEFUSERS);
  });

  it("an invalid defusers block is a MediateError", () => {
    expect(() => parseRiskDefusers({ defusers: { cues: [""], signals: [] } })).toThrow(MediateError);
  });

  it("the checkout's defusers name only known signals", async () => {
    const d = loadRiskDefusers(defaultTaxonomyDir());
    expect(d.cues.length).toBeGreaterThan(0);
    const { loadTaxonomy } = await import("../taxonomy/load-taxonomy.ts");
    const codes = new Set(loadTaxonomy().risk.signals.map((s) => s.code));
    for (const c of d.signals) expect(codes.has(c)).toBe(true);
  });
});
