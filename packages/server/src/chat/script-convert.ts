// Visitors may type traditional characters (the kiosk has a 简/繁 toggle); the lexicons
// and the analysis work on simplified text, so input is converted first (OpenCC data).
import { Converter } from "opencc-js/t2cn";

let toSimplifiedFn: ((text: string) => string) | undefined;

export function toSimplified(text: string): string {
  toSimplifiedFn ??= Converter({ from: "hk", to: "cn" });
  return toSimplifiedFn(text);
}
