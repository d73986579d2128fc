import { describe, expect, it, vi } from "vitest";
import { main, usage } from "./mediate.ts";

describe("mediate dispatcher", () => {
  it("lists every command in the usage text", () => {
    for (const name of ["analyze", "ingest", "search", "serve", "eval"]) expect(usage()).toContain(`mediate ${name}`);
  });

  it("rejects an unknown command with exit code 2 and names it", async () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["frobnicate"])).toBe(2);
      expect(String(write.mock.calls[0]?.[0])).toContain('unknown command "frobnicate"');
    } finally {
      write.mockRestore();
    }
  });

  it("exits 2 with usage when no command is given", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await main([])).toBe(2);
    } finally {
      write.mockRestore();
    }
  });
});
