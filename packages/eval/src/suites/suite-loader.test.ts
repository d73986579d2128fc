import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseItemSchema } from "./case-item.ts";
import { devSplit, loadCailDocs, loadCaseItems, loadSuite, parseJsonl } from "./suite-loader.ts";

const good = {
  id: "t-1",
  text: "楼上漏水",
  form: "question",
  type: "neighbor",
  points: ["water-leak"],
  articles: [{ law: "中华人民共和国民法典", article: 296 }],
  plan: { approaches: ["face-to-face"], departments: ["village-committee"], timeLimit: "simple" },
  risk: "yellow",
  tags: ["smoke"],
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "eval-suites-"));
  await mkdir(path.join(root, "packages/eval/suites"), { recursive: true });
  await mkdir(path.join(root, "data"), { recursive: true });
  await mkdir(path.join(root, "shared"), { recursive: true });
  const lines = [
    JSON.stringify(good),
    "{not json",
    JSON.stringify({ ...good, id: "t-2", type: "no-such-type" }),
    "",
    JSON.stringify({ ...good, id: "t-3", tags: [] }),
    JSON.stringify(good),
  ];
  await writeFile(path.join(root, "data/cases-a.jsonl"), lines.join("\n"));
  await writeFile(path.join(root, "packages/eval/suites/mine.suite.json"), JSON.stringify({ kind: "cases", data: ["data/cases-*.jsonl"] }));
  await writeFile(path.join(root, "packages/eval/suites/tagged.suite.json"), JSON.stringify({ kind: "cases", data: ["data/cases-a.jsonl"], options: { tags: ["smoke"] } }));
  await writeFile(path.join(root, "packages/eval/suites/broken.suite.json"), JSON.stringify({ kind: "nope", data: [] }));
  const docs = Array.from({ length: 10 }, (_, i) => JSON.stringify({ doc: i, sentences: [{ sentence: `s${i}`, labels: [] }] }));
  await writeFile(path.join(root, "shared/divorce.jsonl"), docs.join("\n"));
  await writeFile(path.join(root, "packages/eval/suites/cail.suite.json"), JSON.stringify({ kind: "cail-elements", data: ["${shared}/divorce.jsonl"], options: { split: "dev" } }));
});

const paths = () => ({ repoRoot: root, shared: path.join(root, "shared") });

describe("suite loading", () => {
  it("skips invalid lines, reporting file and line, and flags duplicate ids", async () => {
    const suite = await loadSuite("mine", root);
    const { items, invalid } = await loadCaseItems(suite, paths());
    expect(items.map((i) => i.id)).toEqual(["t-1", "t-3"]);
    expect(invalid.map((i) => [i.file, i.line])).toEqual([
      ["data/cases-a.jsonl", 2],
      ["data/cases-a.jsonl", 3],
      ["data/cases-a.jsonl", 0],
    ]);
    expect(invalid[0]!.error).toMatch(/invalid JSON/);
    expect(invalid[1]!.error).toMatch(/^type:/);
    expect(invalid[2]!.error).toMatch(/duplicate id t-1/);
  });

  it("filters by tags", async () => {
    const { items } = await loadCaseItems(await loadSuite("tagged", root), paths());
    expect(items.map((i) => i.id)).toEqual(["t-1"]);
  });

  it("rejects unknown and malformed suites with a clear message", async () => {
    await expect(loadSuite("missing", root)).rejects.toThrow(/unknown suite "missing" \(known: broken, cail, mine, tagged\)/);
    await expect(loadSuite("broken", root)).rejects.toThrow(/is invalid: kind/);
  });

  it("takes the CAIL dev split as the last 20% of documents, via ${shared}", async () => {
    const { domains } = await loadCailDocs(await loadSuite("cail", root), paths());
    expect(domains[0]!.schema).toBe("divorce");
    expect(domains[0]!.docs.map((d) => d.doc)).toEqual([8, 9]);
    expect(devSplit([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toEqual([9, 10, 11]);
  });

  it("parseJsonl numbers lines from 1", () => {
    const { invalid } = parseJsonl("\n[]\n", CaseItemSchema, "f");
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.line).toBe(2);
  });
});
