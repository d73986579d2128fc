import { describe, expect, it } from "vitest";
import { buildStatuteIndex } from "../corpus/statute-index.ts";
import { checkCitation, citationSupport, citationValidity } from "./citations.ts";

const index = buildStatuteIndex([
  { law: "法A", article: 1, text: "第一条 甲。\n乙。" },
  { law: "法A", article: 2, text: "第二条 丙。" },
  { law: "法A", article: 2, text: "第二条 丙（新版本）。" },
]);

describe("citation validity", () => {
  it("accepts exact text (whitespace aside) of any version and rejects invented or altered articles", () => {
    expect(checkCitation({ law: "法A", article: 1, text: "第一条 甲。 乙。" }, index)).toBe("valid");
    expect(checkCitation({ law: "法A", article: 2, text: "第二条 丙（新版本）。" }, index)).toBe("valid");
    expect(checkCitation({ law: "法A", article: 1, text: "甲。\n\n乙。" }, index)).toBe("valid");
    expect(checkCitation({ law: "法A", article: 1, text: "第一条 甲。" }, index)).toBe("text-mismatch");
    expect(checkCitation({ law: "法A", article: 1, text: "第一条" }, index)).toBe("text-mismatch");
    expect(checkCitation({ law: "法A", article: 1, text: "甲。乙。丁。" }, index)).toBe("text-mismatch");
    expect(checkCitation({ law: "法A", article: 3, text: "第三条" }, index)).toBe("unknown-article");
    expect(checkCitation({ law: "法B", article: 1, text: "第一条 甲。\n乙。" }, index)).toBe("unknown-article");
  });

  it("aggregates validity with the failing citations listed", () => {
    const m = citationValidity(
      [
        { id: "c1", citations: [{ law: "法A", article: 1, text: "第一条 甲。\n乙。" }, { law: "法A", article: 9, text: "x" }] },
        { id: "c2", citations: [] },
      ],
      index,
    );
    expect(m).toMatchObject({ cited: 2, valid: 1, validity: 0.5 });
    expect(m.invalid).toEqual([{ id: "c1", law: "法A", article: 9, verdict: "unknown-article" }]);
    expect(citationValidity([], index).validity).toBe(1);
  });
});

describe("citation support", () => {
  it("supports gold articles and articles linked to a detected contested point", () => {
    const links = new Map([["divorce", new Set(["法A#2"])]]);
    const m = citationSupport(
      [
        { gold: [{ law: "法A", article: 1 }], detectedPoints: ["divorce"], citations: [{ law: "法A", article: 1 }, { law: "法A", article: 2 }, { law: "法A", article: 3 }] },
        { gold: [], detectedPoints: [], citations: [{ law: "法A", article: 2 }] },
      ],
      links,
    );
    expect(m).toMatchObject({ cited: 4, supported: 2, viaPointOnly: 1 });
    expect(m.support).toBe(0.5);
  });
});
