// Small crypto helpers shared by keys, sessions and case codes. Everything random comes
// from node:crypto (CSPRNG); every secret comparison is constant-time.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Crockford base32 without I, L, O, U — readable aloud and unambiguous on paper. */
export const BASE32_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `length` base32 characters, 5 random bits each (rejection-free: 256 is a multiple of 32). */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += BASE32_ALPHABET[b & 31];
  return out;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** HMAC-SHA-256 of `value` keyed with the server pepper, hex. */
export function hmacHex(pepper: string, value: string): string {
  return createHmac("sha256", pepper).update(value, "utf8").digest("hex");
}

/** Constant-time equality for two hex digests (length mismatch compares against itself to keep timing flat). */
export function equalDigests(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return new Date(value).toISOString();
  return new Date(0).toISOString();
}
