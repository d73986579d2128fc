// A plain Aho-Corasick automaton over UTF-16 code units: all literal cues of the taxonomy
// are found in one left-to-right pass, whatever their number.

export type AcMatch = { id: number; start: number; end: number };

export type AhoCorasick = {
  /** Every occurrence of every pattern, including overlapping ones, ordered by end. */
  search(text: string): AcMatch[];
  /** The same occurrences, in the same order, handed to `onMatch` without allocating. */
  scan(text: string, onMatch: (id: number, start: number, end: number) => void): void;
  readonly size: number;
};

export function createAhoCorasick(patterns: readonly string[]): AhoCorasick {
  const next: Array<Map<number, number>> = [new Map()];
  const fail: number[] = [0];
  const out: number[][] = [[]];
  const lengths = patterns.map((p) => p.length);

  patterns.forEach((pattern, id) => {
    if (pattern.length === 0) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      const edges = next[node] as Map<number, number>;
      let child = edges.get(c);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        fail.push(0);
        out.push([]);
        edges.set(c, child);
      }
      node = child;
    }
    (out[node] as number[]).push(id);
  });

  // Breadth-first: a node's failure link is the longest proper suffix that is a trie node.
  const queue: number[] = [];
  for (const child of (next[0] as Map<number, number>).values()) queue.push(child);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const [c, child] of next[node] as Map<number, number>) {
      let f = fail[node] as number;
      while (f !== 0 && !(next[f] as Map<number, number>).has(c)) f = fail[f] as number;
      const target = (next[f] as Map<number, number>).get(c);
      fail[child] = target !== undefined && target !== child ? target : 0;
      const inherited = out[fail[child] as number] as number[];
      if (inherited.length > 0) out[child] = [...(out[child] as number[]), ...inherited];
      queue.push(child);
    }
  }

  // The root is where the scan spends most characters: a flat table answers it in one read.
  const rootNext = new Int32Array(0x10000);
  for (const [c, child] of next[0] as Map<number, number>) rootNext[c] = child;

  function scan(text: string, onMatch: (id: number, start: number, end: number) => void): void {
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let child = 0;
      while (node !== 0) {
        const hit = (next[node] as Map<number, number>).get(c);
        if (hit !== undefined) {
          child = hit;
          break;
        }
        node = fail[node] as number;
      }
      node = node === 0 ? (rootNext[c] as number) : child;
      const ids = out[node] as number[];
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k] as number;
        onMatch(id, i + 1 - (lengths[id] as number), i + 1);
      }
    }
  }

  return {
    size: patterns.length,
    scan,
    search(text: string): AcMatch[] {
      const found: AcMatch[] = [];
      scan(text, (id, start, end) => found.push({ id, start, end }));
      return found;
    },
  };
}
