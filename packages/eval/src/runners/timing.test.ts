import { describe, expect, it } from "vitest";
import { timed } from "./timing.ts";

describe("timed", () => {
  it("returns the value and the elapsed time", async () => {
    const r = await timed(async () => 42);
    expect(r).toMatchObject({ ok: true, value: 42 });
    expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it("turns a throw into a failure and a hung call into a timeout, aborting it", async () => {
    expect(await timed(async () => Promise.reject(new TypeError("bad")))).toMatchObject({ ok: false, error: "TypeError: bad" });
    let aborted = false;
    const r = await timed((signal) => {
      signal.addEventListener("abort", () => (aborted = true));
      return new Promise(() => {});
    }, 20);
    expect(r).toMatchObject({ ok: false, error: "Error: timed out after 20 ms" });
    expect(aborted).toBe(true);
  });
});
