// The contract every Embeddings backend must meet; each backend's test file runs it.
import { describe, expect, it } from "vitest";
import type { Embeddings } from "../types.ts";

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
};

export function embeddingsContract(name: string, make: () => Promise<Embeddings>): void {
  describe(`Embeddings contract: ${name}`, () => {
    it("declares a model id and dimensions that match its vectors", async () => {
      const e = await make();
      expect(e.model).toMatch(/\S/);
      expect(Number.isInteger(e.dimensions) && e.dimensions > 0).toBe(true);
      const [v] = await e.embedDocuments(["劳动者有取得劳动报酬的权利。"]);
      expect(v).toHaveLength(e.dimensions);
      expect((await e.embedQuery("工资")).length).toBe(e.dimensions);
    });

    it("returns one finite vector per input, in order, and nothing for no input", async () => {
      const e = await make();
      const texts = ["禁止家庭暴力。", "借款人应当按照约定的期限返还借款。", "出租人应当履行租赁物的维修义务。"];
      const vs = await e.embedDocuments(texts);
      expect(vs).toHaveLength(3);
      for (const v of vs) expect(v.every(Number.isFinite)).toBe(true);
      const single = await e.embedDocuments([texts[1]!]);
      expect(cosine(single[0]!, vs[1]!)).toBeCloseTo(1, 5);
      expect(await e.embedDocuments([])).toEqual([]);
    });

    it("is deterministic", async () => {
      const e = await make();
      const a = await e.embedQuery("老公喝醉了就打我");
      const b = await e.embedQuery("老公喝醉了就打我");
      expect(cosine(a, b)).toBeCloseTo(1, 6);
    });

    it("puts an everyday question nearer its article than an unrelated one", async () => {
      const e = await make();
      const q = await e.embedQuery("老板拖欠工资不给");
      const [wage, lease] = await e.embedDocuments([
        "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。",
        "出租人应当履行租赁物的维修义务，但是当事人另有约定的除外。",
      ]);
      expect(cosine(q, wage!)).toBeGreaterThan(cosine(q, lease!));
    });
  });
}
