// In-memory sessions and case codes with the same contract as the database-backed stores
// (token checked in constant time, codes from state/case-code.ts). For unit tests and
// single-process demos; the server itself uses ServerState on the database.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { generateCaseCode } from "../state/case-code.ts";
import type { CaseCodeStore, KioskSession, ServerState, SessionStore } from "../state/types.ts";

const clone = <T>(v: T): T => structuredClone(v);

export function createMemoryChatState(): Pick<ServerState, "sessions" | "caseCodes"> {
  const sessions = new Map<string, { token: Buffer; session: KioskSession }>();
  const codes = new Map<string, string | null>();

  const sessionStore: SessionStore = {
    async create() {
      const id = randomBytes(16).toString("hex");
      const token = randomBytes(32).toString("base64url");
      const at = new Date().toISOString();
      const session: KioskSession = { id, createdAt: at, updatedAt: at, messages: [], intake: {}, data: {} };
      sessions.set(id, { token: Buffer.from(token), session: clone(session) });
      return { id, token, session };
    },
    async load(id, token) {
      const entry = sessions.get(id);
      const presented = Buffer.from(token);
      const expected = entry?.token ?? Buffer.alloc(presented.length);
      const same = expected.length === presented.length && timingSafeEqual(expected, presented);
      return entry && same ? clone(entry.session) : null;
    },
    async save(session) {
      const entry = sessions.get(session.id);
      if (!entry) throw new Error(`kiosk session ${session.id} does not exist`);
      entry.session = clone({ ...session, updatedAt: new Date().toISOString() });
    },
  };

  const caseCodes: CaseCodeStore = {
    async issue(sessionId) {
      if (sessionId !== null) {
        for (const [code, owner] of codes) if (owner === sessionId) return code;
      }
      const code = generateCaseCode();
      codes.set(code, sessionId);
      return code;
    },
    async lookup(code) {
      const owner = codes.get(code);
      return owner === undefined ? null : { code, sessionId: owner, createdAt: new Date().toISOString() };
    },
  };

  return { sessions: sessionStore, caseCodes };
}
