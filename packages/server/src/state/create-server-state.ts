// Assembles ServerState on the shared SqlClient of the retrieval store.
import type { SqlClient } from "@mediate/retrieval/store/types.ts";
import { createApiKeyStore } from "./api-keys.ts";
import { createAuditLog } from "./audit-log.ts";
import { createCaseCodeStore } from "./case-codes.ts";
import { migrateServerState } from "./migrations.ts";
import { randomToken } from "./secrets.ts";
import { createSessionStore } from "./sessions.ts";
import type { ServerState } from "./types.ts";

export type ServerStateSettings = {
  db: SqlClient;
  /**
   * Secret mixed into every key/token hash (MEDIATE_KEY_PEPPER). When absent, one is
   * generated once and kept in the database (server_secrets) so all instances agree —
   * weaker than a pepper kept outside the database; set it in production.
   */
  pepper?: string;
  /** Keep narratives in the audit log (MEDIATE_AUDIT_TEXT=1). */
  auditText?: boolean;
  /** Close `db` on close() (false when the retrieval store owns it). */
  ownsDb?: boolean;
  onAuditError?: (error: unknown, pending: number) => void;
};

async function storedPepper(db: SqlClient): Promise<string> {
  await db.query(`INSERT INTO server_secrets (name, value) VALUES ('key_pepper', $1) ON CONFLICT (name) DO NOTHING`, [randomToken(32)]);
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM server_secrets WHERE name = 'key_pepper'`);
  const value = rows[0]?.value;
  if (!value) throw new Error("server_secrets has no key_pepper after insert");
  return value;
}

export async function createServerState(settings: ServerStateSettings): Promise<ServerState & { migrated: number[] }> {
  const { db } = settings;
  const migrated = await migrateServerState(db);
  const pepper = settings.pepper && settings.pepper.length > 0 ? settings.pepper : await storedPepper(db);
  const audit = createAuditLog({ db, keepText: settings.auditText ?? false, onError: settings.onAuditError });
  return {
    migrated,
    sessions: createSessionStore({ db, pepper }),
    caseCodes: createCaseCodeStore({ db }),
    apiKeys: createApiKeyStore({ db, pepper }),
    audit,
    async ping() {
      await db.query(`SELECT 1`);
    },
    async close() {
      await audit.close();
      if (settings.ownsDb) await db.close();
    },
  };
}
