// Circuit breaker around the LLM: after `failureThreshold` consecutive failures it opens and
// every call falls back at once; after `cooldownMs` one trial call is let through (half-open)
// and its outcome closes or re-opens the circuit.

export type CircuitState = "closed" | "open" | "half-open";

export type CircuitBreakerSettings = {
  failureThreshold: number;
  cooldownMs: number;
  /** Injected clock (ms), for tests. */
  now?: () => number;
};

export type CircuitBreaker = {
  state(): CircuitState;
  /** True when a call may go out now; in half-open state only one trial at a time. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  /** The call was abandoned by its caller: free a half-open trial slot without a verdict. */
  release(): void;
};

export function createCircuitBreaker(settings: CircuitBreakerSettings): CircuitBreaker {
  const now = settings.now ?? Date.now;
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;

  const state = (): CircuitState => {
    if (openedAt === null) return "closed";
    return now() - openedAt >= settings.cooldownMs ? "half-open" : "open";
  };

  return {
    state,
    tryAcquire() {
      const s = state();
      if (s === "closed") return true;
      if (s === "open" || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    recordSuccess() {
      failures = 0;
      openedAt = null;
      trialInFlight = false;
    },
    release() {
      trialInFlight = false;
    },
    recordFailure() {
      trialInFlight = false;
      if (openedAt !== null) {
        // A failed half-open trial starts a fresh cooldown.
        openedAt = now();
        return;
      }
      failures++;
      if (failures >= settings.failureThreshold) openedAt = now();
    },
  };
}
