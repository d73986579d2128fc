// Emergency notice (紧急提示): violence, self-harm and threats get the hotlines before
// anything else. Patterns are written to avoid everyday uses of the same characters
// (打工, 打电话, 打官司, 杀价 …). Input is expected in simplified script.

export type EmergencyKind = "violence" | "self-harm" | "threat";

const PATTERNS: Record<EmergencyKind, RegExp[]> = {
  violence: [
    /家暴|家庭暴力|殴打|暴打|毒打|拳打脚踢|掐[我她他住]?脖子|扇[我她他]?耳光|踹[我她他]|打伤|打破了?头|打骨折|打得?[我她他]?(住院|流血|受伤|鼻青脸肿)/,
    /打[了过]?(我|她|孩子|老人|我妈|我爸|老婆|媳妇|妻子)(?!电话|工|官司|招呼)/,
    /(用|拿|抄起)(刀|棍|棒|板凳|铁锹|锄头|砖头?)|持刀|动刀|砍[我她他人伤]|捅[我她他人伤]/,
    /动手打|又打人|经常打|天天打|往死里打|关起来|锁在(家|屋|房间)|不让出门|强奸|性侵|猥亵/,
    /被[^，。！？,.!?]{0,6}?打(了|伤|得|成|骨折)|掐[我她他]|踢[我她他]|推倒|推下楼|揪头发/,
  ],
  "self-harm": [
    /不想活|活不下去|活着没意思|活够了|想死|寻死|死了算了|不如死了|自杀|轻生|寻短见|跳楼|跳河|跳江|喝农药|喝药|吃安眠药|割腕|上吊|烧炭|了结自己|一死了之/,
  ],
  threat: [
    /杀了(我|你|他|她|他们|全家)|弄死|打死|要[我她他你]的命|同归于尽|报复|威胁|恐吓|扬言|放火|烧[了他她我]?[房家]|炸了/,
  ],
};

export function detectEmergency(text: string): EmergencyKind[] {
  const kinds: EmergencyKind[] = [];
  for (const kind of Object.keys(PATTERNS) as EmergencyKind[]) {
    if (PATTERNS[kind].some((p) => p.test(text))) kinds.push(kind);
  }
  return kinds;
}

/** The notice shown in the kiosk's emergency banner: short lines, numbers first. */
export function emergencyNotice(kinds: EmergencyKind[]): string {
  const lines: string[] = [];
  if (kinds.includes("violence") || kinds.includes("threat")) {
    lines.push("您的安全最要紧。如果现在有危险，请马上拨打 110 报警。");
    lines.push("受了伤，请拨打 120 急救。");
    lines.push("遭受家庭暴力，可以拨打妇联热线 12338，也可以申请人身安全保护令。");
  }
  if (kinds.includes("self-harm")) {
    lines.push("您不是一个人。心里难受，请拨打心理援助热线 12356，随时有人听您说。");
    lines.push("如果有生命危险，请马上拨打 120 或 110。");
  }
  lines.push("您也可以现在就告诉窗口的工作人员，我们会马上帮您。");
  return lines.join("\n");
}
