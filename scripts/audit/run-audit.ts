// `pnpm audit` at high severity with a reviewed allow-list (audit-allowlist.json).
// Exit 1 on an unreviewed high/critical advisory. When the registry's audit service
// cannot be reached, say so plainly; with --strict that fails too.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { AllowListSchema, isAuditServiceUnavailable, judgeAudit } from "./audit-report.ts";

const root = path.resolve(import.meta.dirname, "../..");
const strict = process.argv.includes("--strict");
const allowList = AllowListSchema.parse(JSON.parse(readFileSync(path.join(root, "audit-allowlist.json"), "utf8")));
const result = spawnSync("pnpm", ["audit", "--json", "--audit-level", "high"], { cwd: root, encoding: "utf8" });
const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`;

if (isAuditServiceUnavailable(output)) {
  console.error("audit: the registry's audit service is unavailable from this machine; dependencies were NOT audited.");
  process.exit(strict ? 1 : 0);
}
let report: unknown;
try {
  report = JSON.parse(result.stdout);
} catch {
  console.error(`audit: pnpm audit printed no JSON report:\n${output.slice(0, 2000)}`);
  process.exit(1);
}
const { findings, failed } = judgeAudit(report, allowList, new Date().toISOString().slice(0, 10));
for (const f of findings) console.error(`audit: ${f.allowed ? "allowed" : "FAIL"} ${f.severity} ${f.module} ${f.id} ${f.title}${f.note ? ` (${f.note})` : ""}`);
console.error(`audit: ${findings.length} high/critical advisories, ${failed.length} not allow-listed`);
process.exit(failed.length > 0 ? 1 : 0);
