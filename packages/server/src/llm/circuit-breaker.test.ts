import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "./circuit-breaker.ts";

describe("circuit breaker", () => {
  it("opens after N consecutive failures and half-opens after the cooldown", () => {
    let now = 1_000;
    const b = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, now: () => now });
    for (let i = 0; i < 2; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.recordFailure();
    }
    expect(b.state()).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.state()).toBe("open");
    expect(b.tryAcquire()).toBe(false);
    now += 9_999;
    expect(b.tryAcquire()).toBe(false);
    now += 1;
    expect(b.state()).toBe("half-open");
    expect(b.tryAcquire()).toBe(true);
    // Only one trial at a time while half-open.
    expect(b.tryAcquire()).toBe(false);
    b.recordSuccess();
    expect(b.state()).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
  });

  it("re-opens with a fresh cooldown when the half-open trial fails", () => {
    let now = 0;
    const b = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    b.recordFailure();
    now = 100;
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.state()).toBe("open");
    now = 150;
    expect(b.tryAcquire()).toBe(false);
    now = 200;
    expect(b.state()).toBe("half-open");
  });

  it("release frees the half-open trial without closing the circuit", () => {
    let now = 0;
    const b = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 10, now: () => now });
    b.recordFailure();
    now = 10;
    expect(b.tryAcquire()).toBe(true);
    b.release();
    expect(b.state()).toBe("half-open");
    expect(b.tryAcquire()).toBe(true);
  });

  it("a success resets the failure count", () => {
    const b = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 100, now: () => 0 });
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    expect(b.state()).toBe("closed");
  });
});
