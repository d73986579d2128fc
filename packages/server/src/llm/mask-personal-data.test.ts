import { describe, expect, it } from "vitest";
import { createMasker, maskPersonalData, restoreDeep, restorePersonalData } from "./mask-personal-data.ts";

const NARRATIVE =
  "申请人王秀兰（电话13912345678，身份证号320102198503154321）反映：她现住南京市玄武区北京东路41号3栋502室娘家。" +
  "丈夫李建国把工资卡6222 0212 3456 7890 123拿走了，座机025-84561234打不通，再打13912345678也不接。";

describe("maskPersonalData", () => {
  it("masks ID numbers, phones, bank cards and addresses, and restores them exactly", () => {
    const { masked, mapping } = maskPersonalData(NARRATIVE);
    for (const secret of ["13912345678", "320102198503154321", "6222 0212 3456 7890 123", "025-84561234", "北京东路41号"]) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toContain("〔电话1〕");
    expect(masked).toContain("〔身份证1〕");
    expect(masked).toContain("〔银行卡1〕");
    expect(masked).toContain("她现住〔地址1〕娘家");
    expect(restorePersonalData(masked, mapping)).toBe(NARRATIVE);
  });

  it("gives the same value the same placeholder", () => {
    const { masked } = maskPersonalData(NARRATIVE);
    expect(masked.match(/〔电话1〕/g)).toHaveLength(2);
    expect(masked).toContain("〔电话2〕");
  });

  it("masks names only when configured", () => {
    expect(maskPersonalData(NARRATIVE).masked).toContain("王秀兰");
    const { masked, mapping } = maskPersonalData(NARRATIVE + "证人张某乙在场。", { names: true, knownNames: ["王秀兰", "李建国", "丈夫"] });
    expect(masked).not.toContain("王秀兰");
    expect(masked).not.toContain("李建国");
    expect(masked).not.toContain("张某乙");
    // Role words are not names.
    expect(masked).toContain("丈夫");
    expect(restorePersonalData(masked, mapping)).toBe(NARRATIVE + "证人张某乙在场。");
  });

  it("does not take dates or amounts for phone or card numbers", () => {
    const text = "2023年5月12日借款20000元，约定2024年1月1日前归还。";
    expect(maskPersonalData(text).masked).toBe(text);
  });

  it("shares placeholders across texts of one masker and restores nested answers", () => {
    const masker = createMasker();
    const a = masker.mask("电话13912345678");
    const b = masker.mask("再打13912345678");
    expect(a).toBe("电话〔电话1〕");
    expect(b).toBe("再打〔电话1〕");
    const answer = { summary: "联系〔电话1〕", steps: [{ detail: "核实〔电话1〕与〔电话9〕" }], n: 3 };
    expect(restoreDeep(answer, masker.mapping)).toEqual({ summary: "联系13912345678", steps: [{ detail: "核实13912345678与〔电话9〕" }], n: 3 });
  });
});
