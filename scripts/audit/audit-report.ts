// Decides whether a `pnpm audit --json` report fails the build: any advisory of high or
// critical severity that the reviewed allow-list does not cover, or whose review expired.
import { z } from "zod";

const AdvisorySchema = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  github_advisory_id: z.string().optional(),
  module_name: z.string(),
  severity: z.string(),
  title: z.string().default(""),
  url: z.string().default(""),
});

export const AuditReportSchema = z.object({
  advisories: z.record(z.string(), AdvisorySchema).default({}),
});

export const AllowListSchema = z.object({
  allow: z.array(
    z.object({
      /** npm advisory id or GHSA id. */
      id: z.string(),
      module: z.string(),
      reason: z.string().min(10),
      /** ISO date after which the exception must be reviewed again. */
      until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
  ),
});
export type AllowList = z.infer<typeof AllowListSchema>;

export type AuditFinding = { id: string; module: string; severity: string; title: string; allowed: boolean; note?: string };

const FAILING = new Set(["high", "critical"]);

export function judgeAudit(report: unknown, allowList: AllowList, today: string): { findings: AuditFinding[]; failed: AuditFinding[] } {
  const parsed = AuditReportSchema.parse(report);
  const findings = Object.values(parsed.advisories)
    .filter((a) => FAILING.has(a.severity))
    .map((a): AuditFinding => {
      const entry = allowList.allow.find(
        (e) => (e.id === a.id || e.id === a.github_advisory_id) && e.module === a.module_name,
      );
      if (!entry) return { id: a.id, module: a.module_name, severity: a.severity, title: a.title, allowed: false };
      const expired = entry.until < today;
      return {
        id: a.id,
        module: a.module_name,
        severity: a.severity,
        title: a.title,
        allowed: !expired,
        note: expired ? `allow-list review expired on ${entry.until}` : entry.reason,
      };
    });
  return { findings, failed: findings.filter((f) => !f.allowed) };
}

/** pnpm prints this when the registry's audit endpoint cannot be used (blocked, offline). */
export function isAuditServiceUnavailable(output: string): boolean {
  return /ERR_PNPM_AUDIT_BAD_RESPONSE|ERR_PNPM_AUDIT_ENDPOINT|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(output);
}
