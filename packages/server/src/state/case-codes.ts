import { MediateError } from "@mediate/core";
import type { SqlClient } from "@mediate/retrieval/store/types.ts";
import { generateCaseCode, normalizeCaseCode } from "./case-code.ts";
import { toIso } from "./secrets.ts";
import type { CaseCodeStore } from "./types.ts";

type Row = { code: string; session_id: string | null; created_at: unknown };

export function createCaseCodeStore(settings: { db: SqlClient }): CaseCodeStore {
  const { db } = settings;
  return {
    async issue(sessionId) {
      if (sessionId !== null) {
        const existing = await db.query<Row>(`SELECT code FROM case_codes WHERE session_id = $1`, [sessionId]);
        if (existing.rows[0]) return existing.rows[0].code;
      }
      // 75 random bits make a collision practically impossible; retry a few times anyway.
      for (let attempt = 0; attempt < 5; attempt++) {
        const code = generateCaseCode();
        const { rows } = await db.query<Row>(
          `INSERT INTO case_codes (code, session_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING code`,
          [code, sessionId],
        );
        if (rows[0]) return rows[0].code;
        if (sessionId !== null) {
          const raced = await db.query<Row>(`SELECT code FROM case_codes WHERE session_id = $1`, [sessionId]);
          if (raced.rows[0]) return raced.rows[0].code;
        }
      }
      throw new MediateError("internal", "could not issue a unique case code");
    },

    async lookup(code) {
      const canonical = normalizeCaseCode(code);
      if (!canonical) return null;
      const { rows } = await db.query<Row>(`SELECT * FROM case_codes WHERE code = $1`, [canonical]);
      const row = rows[0];
      return row ? { code: row.code, sessionId: row.session_id, createdAt: toIso(row.created_at) } : null;
    },
  };
}
