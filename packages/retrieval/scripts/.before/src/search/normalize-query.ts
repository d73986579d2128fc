// Query normalisation shared by expansion and embeddings: NFKC, traditional → simplified.
import OpenCC from "opencc-js";

let convert: ((s: string) => string) | undefined;

export function toSimplified(text: string): string {
  convert ??= OpenCC.Converter({ from: "tw", to: "cn" });
  return convert(text.normalize("NFKC"));
}
