// Token counting with tiktoken, for sizing texts to an embedding model's input budget. Long
// articles are split at sentence ends into chunks that fit; each chunk is embedded and the
// article vector is the length-weighted mean, so no part of an article is silently dropped.
import { get_encoding, type Tiktoken, type TiktokenEncoding } from "tiktoken";

const encoders = new Map<TiktokenEncoding, Tiktoken>();

function encoder(encoding: TiktokenEncoding): Tiktoken {
  let enc = encoders.get(encoding);
  if (!enc) {
    enc = get_encoding(encoding);
    encoders.set(encoding, enc);
  }
  return enc;
}

export function countTokens(text: string, encoding: TiktokenEncoding = "cl100k_base"): number {
  return encoder(encoding).encode_ordinary(text).length;
}

/** Splits after 。！？； and line breaks, keeping the delimiter. */
function sentences(text: string): string[] {
  return text.match(/[^。！？；\n]+[。！？；\n]*|[。！？；\n]+/g) ?? [];
}

/** Hard split of one over-long piece by characters, each part within the budget. */
function splitByChars(piece: string, maxTokens: number, encoding: TiktokenEncoding): string[] {
  const chars = [...piece];
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    // Chinese is roughly one token per character or less; shrink until it fits.
    let len = Math.min(chars.length - start, maxTokens);
    while (len > 1 && countTokens(chars.slice(start, start + len).join(""), encoding) > maxTokens) len = Math.floor(len * 0.8);
    parts.push(chars.slice(start, start + len).join(""));
    start += len;
  }
  return parts;
}

/** Chunks of `text`, each at most `maxTokens` tokens; one chunk when the text fits. */
export function chunkToTokenBudget(text: string, maxTokens: number, encoding: TiktokenEncoding = "cl100k_base"): string[] {
  if (maxTokens < 1) throw new RangeError("maxTokens must be ≥ 1");
  if (countTokens(text, encoding) <= maxTokens) return [text];
  const chunks: string[] = [];
  let current = "";
  let currentTokens = 0;
  for (const s of sentences(text)) {
    const n = countTokens(s, encoding);
    if (n > maxTokens) {
      if (current) chunks.push(current);
      chunks.push(...splitByChars(s, maxTokens, encoding));
      current = "";
      currentTokens = 0;
    } else if (currentTokens + n > maxTokens) {
      chunks.push(current);
      current = s;
      currentTokens = n;
    } else {
      current += s;
      currentTokens += n;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

export function truncateToTokenBudget(text: string, maxTokens: number, encoding: TiktokenEncoding = "cl100k_base"): string {
  return chunkToTokenBudget(text, maxTokens, encoding)[0] ?? "";
}

/** Length-weighted mean of chunk vectors, L2-normalised. */
export function poolChunkVectors(vectors: number[][], weights: number[]): number[] {
  const dim = vectors[0]?.length ?? 0;
  const out = new Array<number>(dim).fill(0);
  vectors.forEach((v, i) => {
    const w = weights[i] ?? 1;
    for (let d = 0; d < dim; d++) out[d]! += (v[d] ?? 0) * w;
  });
  const norm = Math.sqrt(out.reduce((s, x) => s + x * x, 0));
  return norm > 0 ? out.map((x) => x / norm) : out;
}

/**
 * Embeds documents through `embedBatch`, splitting any text over the budget and pooling its
 * chunk vectors, so the caller still gets exactly one vector per input text.
 */
export async function embedWithinBudget(
  texts: string[],
  maxTokens: number,
  embedBatch: (texts: string[]) => Promise<number[][]>,
): Promise<number[][]> {
  const chunked = texts.map((t) => chunkToTokenBudget(t, maxTokens));
  const flat = chunked.flat();
  const vectors = flat.length > 0 ? await embedBatch(flat) : [];
  const out: number[][] = [];
  let at = 0;
  for (const chunks of chunked) {
    const vs = vectors.slice(at, at + chunks.length);
    at += chunks.length;
    out.push(vs.length === 1 ? vs[0]! : poolChunkVectors(vs, chunks.map((c) => c.length)));
  }
  return out;
}
