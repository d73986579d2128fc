// 一案一码: a case code the visitor can keep. 15 random Crockford-base32 characters
// (75 bits from the CSPRNG — unguessable) plus one Luhn mod-32 check character, which
// catches every single-character typo and most adjacent swaps when read back at a window.
import { BASE32_ALPHABET, randomBase32 } from "./secrets.ts";

const PREFIX = "MC";
const RANDOM_LENGTH = 15;

function luhnCheckChar(payload: string): string {
  const n = BASE32_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    const codePoint = BASE32_ALPHABET.indexOf(payload[i] ?? "");
    let addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  const check = (n - (sum % n)) % n;
  return BASE32_ALPHABET[check] ?? "0";
}

function group(body: string): string {
  return `${PREFIX}-${body.match(/.{1,4}/g)?.join("-") ?? body}`;
}

export function generateCaseCode(): string {
  const payload = randomBase32(RANDOM_LENGTH);
  return group(payload + luhnCheckChar(payload));
}

/**
 * Canonical form of a code typed by a person (case, spaces, dashes, O→0, I/L→1 forgiven),
 * or null when it is malformed or its check character is wrong.
 */
export function normalizeCaseCode(input: string): string | null {
  let s = input.toUpperCase().replace(/[\s\-_]/g, "");
  if (s.startsWith(PREFIX)) s = s.slice(PREFIX.length);
  s = s.replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== RANDOM_LENGTH + 1) return null;
  for (const ch of s) if (!BASE32_ALPHABET.includes(ch)) return null;
  const payload = s.slice(0, RANDOM_LENGTH);
  if (luhnCheckChar(payload) !== s.slice(RANDOM_LENGTH)) return null;
  return group(s);
}
