import { describe, expect, it } from "vitest";
import { detectSlots, missingSlots, updateIntake } from "./intake-slots.ts";

describe("detectSlots", () => {
  it.each([
    ["我老公喝醉了就打我，已经好几年了，我想离婚", ["who", "what", "when", "want"]],
    ["老板拖了三个月工资不给", ["who", "what", "when"]],
    ["楼上邻居家漏水，把我家天花板泡坏了", ["who", "what"]],
    ["上个月借给老王两万块钱，到现在不还", ["who", "what", "when"]],
    ["希望他把钱还给我", ["want"]],
    ["去年春节", ["when"]],
  ])("%s", (text, slots) => {
    expect([...detectSlots(text)].sort()).toEqual([...slots].sort());
  });

  it("finds nothing in small talk", () => {
    expect(detectSlots("你好").size).toBe(0);
  });
});

describe("updateIntake", () => {
  it("fills the slot that was asked even when no word matches, and never asks twice", () => {
    let intake = updateIntake({}, "我老公打我", undefined);
    expect(missingSlots(intake)).toEqual(["when", "want"]);
    intake = updateIntake(intake, "记不清了", "when");
    expect(intake.when).toBe("记不清了");
    expect(missingSlots(intake)).toEqual(["want"]);
  });

  it("keeps the first answer of a slot", () => {
    const intake = updateIntake({ who: "邻居" }, "老板欠钱", undefined);
    expect(intake.who).toBe("邻居");
    expect(intake.what).toBe("老板欠钱");
  });
});

describe("what happened: refusals and neglect count", () => {
  it.each(["我儿子不给我养老钱，我七十多岁了没人管", "网上买的手机是翻新机，商家不给退", "村里征地补偿款到现在还没发到我手里"])("%s", (text) => {
    expect(detectSlots(text).has("what")).toBe(true);
  });
});
