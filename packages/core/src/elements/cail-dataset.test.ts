import { describe, expect, it } from "vitest";
import { parseDocuments, splitDocuments } from "./cail-dataset.ts";

describe("CAIL2019 data", () => {
  it("parses one judgment per line and names the bad line", () => {
    const docs = parseDocuments('{"doc":0,"sentences":[{"sentence":"借款10万元","labels":["借款金额x万元"]}]}\n\n', "t.jsonl");
    expect(docs).toEqual([{ doc: 0, sentences: [{ sentence: "借款10万元", labels: ["借款金额x万元"] }] }]);
    expect(() => parseDocuments('{"doc":0,"sentences":[]}\n{oops', "t.jsonl")).toThrow(/t.jsonl:2/);
    expect(() => parseDocuments('{"doc":0}', "t.jsonl")).toThrow(/sentences/);
  });

  it("holds out the last 20% of documents in file order", () => {
    const { train, dev } = splitDocuments(Array.from({ length: 151 }, (_, i) => i));
    expect(train).toHaveLength(120);
    expect(dev).toHaveLength(31);
    expect(dev[0]).toBe(120);
    expect(dev.at(-1)).toBe(150);
  });
});
