import { describe, expect, it } from "vitest";
import { isAuditServiceUnavailable, judgeAudit } from "./audit-report.ts";

const report = {
  advisories: {
    "1001": { id: 1001, module_name: "left-pad", severity: "high", title: "Prototype pollution", url: "" },
    "1002": { id: 1002, module_name: "tiny", severity: "moderate", title: "ReDoS", url: "" },
    "1003": { id: 1003, github_advisory_id: "GHSA-aaaa-bbbb-cccc", module_name: "big", severity: "critical", title: "RCE", url: "" },
  },
};

describe("judgeAudit", () => {
  it("fails on high and critical advisories that nobody reviewed", () => {
    const { findings, failed } = judgeAudit(report, { allow: [] }, "2026-11-23");
    expect(findings.map((f) => f.id)).toEqual(["1001", "1003"]);
    expect(failed).toHaveLength(2);
  });

  it("accepts a reviewed exception by npm id or GHSA id until its review date", () => {
    const allow = [
      { id: "1001", module: "left-pad", reason: "dev-only, never reaches user input", until: "2027-01-01" },
      { id: "GHSA-aaaa-bbbb-cccc", module: "big", reason: "not reachable: feature unused", until: "2026-01-01" },
    ];
    const { failed } = judgeAudit(report, { allow }, "2026-11-23");
    expect(failed.map((f) => f.id)).toEqual(["1003"]);
    expect(failed[0]?.allowed).toBe(false);
  });

  it("recognises an unreachable audit service", () => {
    expect(isAuditServiceUnavailable(" ERR_PNPM_AUDIT_BAD_RESPONSE  The audit endpoint responded with 405")).toBe(true);
    expect(isAuditServiceUnavailable('{"advisories":{}}')).toBe(false);
  });
});
