/** Per-call limit: a hung engine call becomes a failure of that item, not a stalled run. */
export const DEFAULT_ITEM_TIMEOUT_MS = 120_000;

/** Runs `fn`, returning its value or error and the wall time in ms; never throws. */
export async function timed<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  timeoutMs = DEFAULT_ITEM_TIMEOUT_MS,
): Promise<{ ms: number } & ({ ok: true; value: T } | { ok: false; error: string })> {
  const start = performance.now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const value = await Promise.race([fn(controller.signal), timeout]);
    return { ms: performance.now() - start, ok: true, value };
  } catch (e) {
    return { ms: performance.now() - start, ok: false, error: describeError(e) };
  } finally {
    clearTimeout(timer);
  }
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export type Progress = { start(total: number, label: string): void; tick(): void; stop(): void };

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };
