import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { CaseAnalysisSchema, MAX_TEXT_LENGTH } from "../schema/case-analysis.ts";
import { runAnalyzeCli } from "../../test/run-analyze-cli.ts";
import { readLines } from "./analyze-command.ts";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), "mediate-analyze-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Narratives whose dispute type needs no element model (neighbour, contract disputes).
const LEAK = loadFixture("water-leak-neighbors");
const FREIGHT = loadFixture("freight-fee");


describe("mediate analyze (single)", () => {
  it("reads stdin and prints the analysis JSON", async () => {
    const r = await runAnalyzeCli([], LEAK);
    expect(r.code).toBe(0);
    const a = CaseAnalysisSchema.parse(JSON.parse(r.stdout));
    expect(a.type.code).toBe("neighbor");
    expect(a.textLength).toBe(LEAK.length);
  });

  it("reads --file and gives the same result as stdin", async () => {
    const file = path.join(tmp, "freight.txt");
    writeFileSync(file, FREIGHT);
    const fromFile = await runAnalyzeCli(["--file", file], "");
    const fromStdin = await runAnalyzeCli([], FREIGHT);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toBe(fromStdin.stdout);
    expect(JSON.parse(fromFile.stdout).facts.amounts[0].value).toBe(8000);
  });

  it("returns CAIL elements of the --schema asked, in the documented shape", async () => {
    const r = await runAnalyzeCli(["--schema", "labor"], loadFixture("wage-arrears-chain"));
    expect(r.code).toBe(0);
    const a = CaseAnalysisSchema.parse(JSON.parse(r.stdout));
    expect(a.elements.length).toBeGreaterThan(0);
    for (const e of a.elements) {
      expect(Object.keys(e).sort()).toEqual(["code", "confidence", "evidence", "label", "schema"]);
      expect(e.schema).toBe("labor");
    }
    expect(Object.keys(a.type).sort()).toEqual(["alternatives", "code", "confidence", "name"]);
  });

  it("exits 2 for empty text, too-long text, a missing file and bad flags", async () => {
    const empty = await runAnalyzeCli([], "  \n ");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("empty_text");
    expect(empty.stdout).toBe("");
    const long = await runAnalyzeCli([], "欠".repeat(MAX_TEXT_LENGTH + 1));
    expect(long.code).toBe(2);
    expect(long.stderr).toContain(String(MAX_TEXT_LENGTH));
    expect((await runAnalyzeCli(["--file", path.join(tmp, "nope.txt")], "")).stderr).toContain("找不到文件");
    expect((await runAnalyzeCli(["--bogus"], LEAK)).code).toBe(2);
    expect((await runAnalyzeCli(["--file", tmp], "")).code).toBe(2); // a directory
    expect((await runAnalyzeCli(["--jsonl", "--file", tmp], "")).code).toBe(2);
    const schema = await runAnalyzeCli(["--schema", "tax"], LEAK);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toContain("divorce");
    expect((await runAnalyzeCli(["--help"], "")).code).toBe(0);
  });
});

describe("mediate analyze --jsonl", () => {
  it("writes one line per input line, in order, ids echoed, errors per line", async () => {
    const lines = [
      JSON.stringify({ id: "leak", text: LEAK }),
      "{not json",
      JSON.stringify({ id: "empty", text: "   " }),
      JSON.stringify({ id: "no-text" }),
      JSON.stringify({ id: "bad-schema", text: LEAK, schema: "tax" }),
      "",
      JSON.stringify({ id: 7, text: FREIGHT }),
      JSON.stringify({ id: "binary", text: "\u0000\u0001\u0002" }),
      JSON.stringify({ id: "long", text: "欠".repeat(MAX_TEXT_LENGTH + 1) }),
      JSON.stringify([1, 2]),
      JSON.stringify({ id: "kiosk", text: "楼上漏水把我家天花板泡坏了，他不肯赔" }),
    ];
    const r = await runAnalyzeCli(["--jsonl"], lines.join("\n") + "\n");
    expect(r.code).toBe(1);
    const out = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(["leak", null, "empty", "no-text", "bad-schema", 7, "binary", "long", null, "kiosk"]);
    expect(out.map((o) => o.error?.code ?? "ok")).toEqual([
      "ok", "invalid_json", "empty_text", "invalid_input", "unknown_schema", "ok", "binary_input", "text_too_long", "invalid_input", "ok",
    ]);
    // Line numbers count physical lines, the blank one included.
    expect(out[1].line).toBe(2);
    expect(out[1].error.message).toContain("第 2 行");
    expect(out[5].type.code).toBeDefined();
    expect(out[6].line).toBe(8);
    CaseAnalysisSchema.parse(out[0]);
    expect(r.stderr).toContain("7/10");
  });

  it("exits 0 when every line is fine and reads --file", async () => {
    const file = path.join(tmp, "in.jsonl");
    writeFileSync(file, [JSON.stringify({ id: "a", text: LEAK }), JSON.stringify({ id: "b", text: FREIGHT })].join("\r\n"));
    const r = await runAnalyzeCli(["--jsonl", "--file", file], "");
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).id)).toEqual(["a", "b"]);
  });

  it("exits 2 for empty input", async () => {
    expect((await runAnalyzeCli(["--jsonl"], "\n\n")).code).toBe(2);
  });

  it("skips an over-long line without buffering it and keeps going", async () => {
    async function* chunks() {
      yield Buffer.from('{"id":"huge","text":"');
      for (let i = 0; i < 20; i++) yield Buffer.from("欠".repeat(10_000));
      yield Buffer.from('"}\n' + JSON.stringify({ id: "after", text: LEAK }) + "\n");
    }
    const r = await runAnalyzeCli(["--jsonl"], Readable.from(chunks()));
    const out = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(out.map((o) => [o.id, o.error?.code ?? "ok"])).toEqual([
      [null, "text_too_long"],
      ["after", "ok"],
    ]);
  });
});

describe("readLines", () => {
  it("splits across chunk boundaries, handles CRLF and multi-byte characters split in two", async () => {
    const bytes = Buffer.from("第一行\r\n第二行\n最后");
    const parts = [bytes.subarray(0, 4), bytes.subarray(4, 11), bytes.subarray(11)];
    const got: Array<string | undefined> = [];
    for await (const l of readLines(Readable.from(parts), 100)) got.push(l.text);
    expect(got).toEqual(["第一行", "第二行", "最后"]);
  });
});

describe("bin/mediate.mjs analyze (spawned)", () => {
  it("runs the real CLI on stdin", () => {
    const r = spawnSync(process.execPath, ["bin/mediate.mjs", "analyze"], { cwd: repoRoot, input: LEAK, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    const a = CaseAnalysisSchema.parse(JSON.parse(r.stdout));
    expect(a.facts.places.map((p) => p.text)).toContain("幸福社区阳光小区3号楼6楼");
    const bad = spawnSync(process.execPath, ["bin/mediate.mjs", "analyze"], { cwd: repoRoot, input: "", encoding: "utf8", timeout: 60_000 });
    expect(bad.status).toBe(2);
  });
});
