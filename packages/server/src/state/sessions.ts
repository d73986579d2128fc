// Kiosk sessions: the id is public inside the browser tab, the token is the secret.
// Only an HMAC of the token is stored; load() needs both and does not reveal which failed.
import { MediateError } from "@mediate/core";
import type { SqlClient } from "@mediate/retrieval/store/types.ts";
import { equalDigests, hmacHex, randomBase32, randomToken, toIso } from "./secrets.ts";
import type { KioskMessage, KioskSession, SessionStore } from "./types.ts";

type Row = {
  id: string;
  token_hash: string;
  created_at: unknown;
  updated_at: unknown;
  messages: KioskMessage[] | string;
  intake: Record<string, string> | string;
  case_code: string | null;
  script: string | null;
  data: Record<string, unknown> | string;
};

const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

function toSession(row: Row): KioskSession {
  const session: KioskSession = {
    id: row.id,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    messages: json(row.messages),
    intake: json(row.intake),
    data: json(row.data),
  };
  if (row.case_code) session.caseCode = row.case_code;
  if (row.script === "simplified" || row.script === "traditional") session.script = row.script;
  return session;
}

// jsonb rejects \u0000: a visitor's stray NUL must not make the whole conversation unsavable.
const toJsonb = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? v.replace(/\u0000/g, "\ufffd") : v));

export function createSessionStore(settings: { db: SqlClient; pepper: string }): SessionStore {
  const { db, pepper } = settings;
  const dummyDigest = hmacHex(pepper, "no-such-session");
  return {
    async create() {
      const id = randomBase32(26);
      const token = randomToken(32);
      const { rows } = await db.query<Row>(
        `INSERT INTO kiosk_sessions (id, token_hash) VALUES ($1, $2) RETURNING *`,
        [id, hmacHex(pepper, `${id}:${token}`)],
      );
      const row = rows[0];
      if (!row) throw new MediateError("internal", "session insert returned no row");
      return { id, token, session: toSession(row) };
    },

    async load(id, token) {
      if (typeof id !== "string" || typeof token !== "string" || id.length > 64 || token.length > 128) return null;
      // PostgreSQL rejects NUL bytes in text: such an id cannot exist, so it must not reach the query.
      if (id.includes("\u0000")) return null;
      const digest = hmacHex(pepper, `${id}:${token}`);
      const { rows } = await db.query<Row>(`SELECT * FROM kiosk_sessions WHERE id = $1`, [id]);
      const row = rows[0];
      const ok = equalDigests(digest, row?.token_hash ?? dummyDigest);
      return ok && row ? toSession(row) : null;
    },

    async save(session) {
      const { rows } = await db.query<{ id: string }>(
        `UPDATE kiosk_sessions
            SET messages = $2::jsonb, intake = $3::jsonb, case_code = $4, script = $5, data = $6::jsonb, updated_at = now()
          WHERE id = $1 RETURNING id`,
        [
          session.id,
          toJsonb(session.messages),
          toJsonb(session.intake),
          session.caseCode ?? null,
          session.script ?? null,
          toJsonb(session.data ?? {}),
        ],
      );
      if (rows.length === 0) throw new MediateError("not_found", `kiosk session ${session.id} does not exist`);
    },
  };
}
