// Audit log: one row per request. Entries are buffered and written in batches so the
// request path never waits on the database; a failed flush keeps the entries for the next
// try (bounded), and close() flushes what is left.
import type { SqlClient } from "@mediate/retrieval/store/types.ts";
import { toIso } from "./secrets.ts";
import type { AuditEntry, AuditLog, AuditRow } from "./types.ts";

export type AuditLogSettings = {
  db: SqlClient;
  /** Keep the narrative text in the row (MEDIATE_AUDIT_TEXT=1). Default false: `text` is dropped. */
  keepText?: boolean;
  /** Flush after this many ms (default 200) or this many entries (default 50). */
  flushMs?: number;
  batchSize?: number;
  /** Upper bound of entries held while the database is away (default 20,000). */
  maxBuffered?: number;
  onError?: (error: unknown, pending: number) => void;
};

const COLUMNS = ["request_id", "actor", "method", "route", "status", "duration_ms", "case_ref", "type_code", "text"] as const;

type Row = {
  id: string | number;
  at: unknown;
  request_id: string;
  actor: string;
  method: string;
  route: string;
  status: number;
  duration_ms: number;
  case_ref: string | null;
  type_code: string | null;
  text: string | null;
};

export function createAuditLog(settings: AuditLogSettings): AuditLog & { dropped(): number; close(): Promise<void> } {
  const { db } = settings;
  const flushMs = settings.flushMs ?? 200;
  const batchSize = settings.batchSize ?? 50;
  const maxBuffered = settings.maxBuffered ?? 20_000;
  let buffer: AuditEntry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let dropped = 0;
  let closed = false;

  function schedule(): void {
    if (closed || timer || buffer.length === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, flushMs);
    timer.unref();
  }

  async function writeBatch(batch: AuditEntry[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = batch.map((e) => {
      const values = [
        e.requestId,
        e.actor,
        e.method,
        e.route,
        e.status,
        Math.round(e.durationMs * 100) / 100,
        e.caseRef ?? null,
        e.typeCode ?? null,
        settings.keepText ? (e.text ?? null) : null,
      ];
      const placeholders = values.map((v) => {
        // PostgreSQL text cannot hold NUL; one such value would fail every later batch too.
        params.push(typeof v === "string" ? v.replace(/\u0000/g, "\ufffd") : v);
        return `$${params.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await db.query(`INSERT INTO audit_log (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}`, params);
  }

  async function flushOnce(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, 500);
      try {
        await writeBatch(batch);
        buffer = buffer.slice(batch.length);
      } catch (error) {
        settings.onError?.(error, buffer.length);
        schedule();
        return;
      }
    }
  }

  async function flush(): Promise<void> {
    while (flushing) await flushing;
    flushing = flushOnce().finally(() => {
      flushing = null;
    });
    await flushing;
  }

  return {
    async record(entry) {
      if (closed) {
        dropped++; // after shutdown the database is gone; count, never retry forever
        return;
      }
      const kept: AuditEntry = settings.keepText ? entry : { ...entry, text: undefined };
      if (!settings.keepText) delete kept.text;
      buffer.push(kept);
      if (buffer.length > maxBuffered) {
        dropped += buffer.length - maxBuffered;
        buffer = buffer.slice(buffer.length - maxBuffered);
      }
      if (buffer.length >= batchSize && !flushing) void flush();
      else schedule();
    },
    flush,
    async recent(limit) {
      const { rows } = await db.query<Row>(`SELECT * FROM audit_log ORDER BY id DESC LIMIT $1`, [Math.max(1, Math.min(limit, 1000))]);
      return rows.map((r) => {
        const row: AuditRow = {
          id: Number(r.id),
          at: toIso(r.at),
          requestId: r.request_id,
          actor: r.actor,
          method: r.method,
          route: r.route,
          status: Number(r.status),
          durationMs: Number(r.duration_ms),
        };
        if (r.case_ref) row.caseRef = r.case_ref;
        if (r.type_code) row.typeCode = r.type_code;
        if (r.text) row.text = r.text;
        return row;
      });
    },
    dropped: () => dropped,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush();
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      dropped += buffer.length;
      buffer = [];
    },
  };
}
