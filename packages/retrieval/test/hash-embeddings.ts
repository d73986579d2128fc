// Deterministic, tiny embeddings for tests: hashed character bigrams, L2-normalised.
import type { Embeddings } from "../src/types.ts";

export function createHashEmbeddings(dimensions = 32, model = `test-hash-${dimensions}`): Embeddings & { calls: number; texts: number } {
  const embed = (text: string) => {
    const v = new Array<number>(dimensions).fill(0);
    const chars = [...text];
    for (let i = 0; i + 1 < chars.length; i++) {
      let h = 2166136261;
      for (const c of chars[i]! + chars[i + 1]!) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
      v[(h >>> 0) % dimensions]! += 1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  };
  const e = {
    model,
    dimensions,
    calls: 0,
    texts: 0,
    async embedDocuments(texts: string[]) {
      e.calls++;
      e.texts += texts.length;
      return texts.map(embed);
    },
    async embedQuery(text: string) {
      return embed(text);
    },
  };
  return e;
}
