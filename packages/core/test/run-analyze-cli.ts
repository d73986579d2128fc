// Runs `mediate analyze` in-process with in-memory streams (CLI and fuzz tests).
import { PassThrough, Readable } from "node:stream";
import { run } from "../src/cli/analyze-command.ts";

export async function runAnalyzeCli(args: string[], stdin: string | Readable): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: string[] = [];
  const errChunks: string[] = [];
  out.on("data", (c) => chunks.push(String(c)));
  err.on("data", (c) => errChunks.push(String(c)));
  const input = typeof stdin === "string" ? Readable.from([Buffer.from(stdin)]) : stdin;
  const code = await run(args, { stdin: input, stdout: out, stderr: err });
  return { code, stdout: chunks.join(""), stderr: errChunks.join("") };
}
