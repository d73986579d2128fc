// API keys for platform clients. Format `mk_<ID>_<secret>`: the id finds the row, the
// whole key is HMAC-SHA-256'd with the server pepper and compared in constant time.
// Plaintext keys are never stored or logged.
import { MediateError } from "@mediate/core";
import type { SqlClient } from "@mediate/retrieval/store/types.ts";
import { equalDigests, hmacHex, randomBase32, randomToken, toIso } from "./secrets.ts";
import type { ApiKeyRecord, ApiKeyScope, ApiKeyStore } from "./types.ts";

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ["read", "ingest", "admin"];
const KEY_PATTERN = /^mk_([0-9A-Z]{10})_([A-Za-z0-9_-]{43})$/;

type Row = {
  id: string;
  name: string;
  key_hash: string;
  scopes: string[] | string;
  rate_limit_per_minute: number | null;
  created_at: unknown;
  revoked_at: unknown;
};

/** True when `granted` allows `needed`: admin ⊇ ingest ⊇ read. */
export function scopeAllows(granted: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  const rank: Record<ApiKeyScope, number> = { read: 1, ingest: 2, admin: 3 };
  return granted.some((s) => rank[s] >= rank[needed]);
}

export function parseScopes(raw: string): ApiKeyScope[] {
  const scopes = raw.split(",").map((s) => s.trim()).filter(Boolean);
  for (const s of scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(s)) {
      throw new MediateError("invalid_input", `unknown API key scope "${s}" (expected read, ingest or admin)`, { details: { scope: s } });
    }
  }
  if (scopes.length === 0) throw new MediateError("invalid_input", "an API key needs at least one scope");
  return scopes as ApiKeyScope[];
}

function toRecord(row: Row): ApiKeyRecord {
  const scopes = Array.isArray(row.scopes) ? row.scopes : String(row.scopes).replace(/[{}]/g, "").split(",").filter(Boolean);
  return {
    id: row.id,
    name: row.name,
    scopes: scopes as ApiKeyScope[],
    rateLimitPerMinute: row.rate_limit_per_minute === null ? null : Number(row.rate_limit_per_minute),
    createdAt: toIso(row.created_at),
    revokedAt: row.revoked_at ? toIso(row.revoked_at) : null,
  };
}

export type ApiKeyStoreSettings = {
  db: SqlClient;
  pepper: string;
  /** Verified keys are cached this long (ms) per instance; revocation reaches other instances within it. Default 10 s. */
  cacheMs?: number;
  now?: () => number;
};

export function createApiKeyStore(settings: ApiKeyStoreSettings): ApiKeyStore {
  const { db, pepper } = settings;
  const cacheMs = settings.cacheMs ?? 10_000;
  const now = settings.now ?? Date.now;
  // Keyed by digest, never by the plaintext key.
  const cache = new Map<string, { record: ApiKeyRecord; until: number }>();
  const dummyDigest = hmacHex(pepper, "mk_0000000000_dummy");

  return {
    async create({ name, scopes, rateLimitPerMinute }) {
      if (!name.trim()) throw new MediateError("invalid_input", "an API key needs a name");
      if (scopes.length === 0) throw new MediateError("invalid_input", "an API key needs at least one scope");
      const id = randomBase32(10);
      const key = `mk_${id}_${randomToken(32)}`;
      const { rows } = await db.query<Row>(
        `INSERT INTO api_keys (id, name, key_hash, scopes, rate_limit_per_minute)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [id, name.trim(), hmacHex(pepper, key), scopes, rateLimitPerMinute ?? null],
      );
      const row = rows[0];
      if (!row) throw new MediateError("internal", "API key insert returned no row");
      return { key, record: toRecord(row) };
    },

    async verify(presented) {
      const match = KEY_PATTERN.exec(presented.trim());
      const digest = hmacHex(pepper, presented.trim());
      if (!match) {
        equalDigests(digest, dummyDigest);
        return null;
      }
      const cached = cache.get(digest);
      if (cached && cached.until > now()) return cached.record;
      const { rows } = await db.query<Row>(`SELECT * FROM api_keys WHERE id = $1`, [match[1]]);
      const row = rows[0];
      const ok = equalDigests(digest, row?.key_hash ?? dummyDigest) && row !== undefined;
      if (!ok || !row || row.revoked_at) return null;
      const record = toRecord(row);
      if (cache.size > 10_000) cache.clear();
      cache.set(digest, { record, until: now() + cacheMs });
      return record;
    },

    async revoke(id) {
      // Not an id we could have issued (PostgreSQL also rejects NUL bytes in text): nothing to revoke.
      if (!/^[0-9A-Z]{10}$/.test(id)) return false;
      const { rows } = await db.query<{ id: string }>(
        `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id],
      );
      for (const [digest, entry] of cache) if (entry.record.id === id) cache.delete(digest);
      return rows.length > 0;
    },

    async list() {
      const { rows } = await db.query<Row>(`SELECT * FROM api_keys ORDER BY created_at, id`);
      return rows.map(toRecord);
    },
  };
}
