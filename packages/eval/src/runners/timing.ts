/** Runs `fn`, returning its value or error and the wall time in ms; never throws. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number } & ({ ok: true; value: T } | { ok: false; error: string })> {
  const start = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - start, ok: true, value };
  } catch (e) {
    return { ms: performance.now() - start, ok: false, error: describeError(e) };
  }
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export type Progress = { start(total: number, label: string): void; tick(): void; stop(): void };

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };
