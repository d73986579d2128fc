import { describe, expect, it } from "vitest";
import { detectEmergency, emergencyNotice } from "./emergency.ts";

describe("detectEmergency", () => {
  it.each([
    ["我老公喝醉了就打我", ["violence"]],
    ["他拿刀追着我砍", ["violence"]],
    ["他扬言要弄死我全家", ["threat"]],
    ["我真的不想活了", ["self-harm"]],
    ["儿子天天打她，还说要杀了她", ["violence", "threat"]],
    ["我昨天被他打伤了", ["violence"]],
    ["他喝多了就掐我脖子", ["violence"]],
    ["日子过不下去了，死了算了", ["self-harm"]],
  ])("%s", (text, kinds) => {
    expect(detectEmergency(text)).toEqual(kinds);
  });

  it.each(["我在外面打工，老板不给工资", "打电话他也不接", "我想打官司", "他打算搬走", "杀价杀得太狠了", "被打扰得睡不着", "打了欠条他也不认"])("no false alarm: %s", (text) => {
    expect(detectEmergency(text)).toEqual([]);
  });
});

describe("emergencyNotice", () => {
  it("gives the police, ambulance and women's federation numbers for violence", () => {
    const text = emergencyNotice(["violence"]);
    for (const n of ["110", "120", "12338"]) expect(text).toContain(n);
    expect(text).not.toContain("12356");
  });
  it("gives the psychological hotline for self-harm", () => {
    expect(emergencyNotice(["self-harm"])).toContain("12356");
  });
});
