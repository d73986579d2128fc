import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractEvents } from "./extract-events.ts";

const events = (text: string) => extractEvents(prepareText(text)).map((s) => s.text);

describe("extractEvents", () => {
  it("reads the clauses of what happened", () => {
    const found = events(loadFixture("child-support-police"));
    expect(found).toEqual(expect.arrayContaining(["薛某某推搡了贾某某", "贾某某随即报警", "一直没有支付抚养费"]));
    expect(events(loadFixture("elderly-support-household-split"))).toContain("妻子李某某情绪激动下损毁部分家具");
    expect(events(loadFixture("water-leak-neighbors"))[0]).toContain("漏水");
  });

  it("reports each clause once", () => {
    const found = events("他拖欠工资还拒付运费，又辱骂了我。");
    expect(found).toEqual(["他拖欠工资还拒付运费", "又辱骂了我"]);
  });

  it("finds nothing in a narrative without events", () => {
    expect(events("今天天气很好，我们去公园散步。")).toEqual([]);
  });
});
