import fc from "fast-check";
import OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { isMediateError, MediateError } from "../errors/mediate-error.ts";
import { MAX_TEXT_LENGTH } from "../schema/case-analysis.ts";
import { prepareText, splitSentences } from "./prepare-text.ts";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMediateError(e) ? e.code : "not-a-mediate-error";
  }
  return undefined;
}

describe("prepareText", () => {
  it("converts traditional to simplified index-aligned and detects the script", () => {
    const p = prepareText("老闆拖欠工資三個月，還說沒錢。");
    expect(p.normalized).toBe("老板拖欠工资三个月，还说没钱。");
    expect(p.normalized.length).toBe(p.original.length);
    expect(p.script).toBe("traditional");
    expect(prepareText("老板拖欠工资三个月。").script).toBe("simplified");
  });

  it("keeps the traditional fixture aligned with its simplified twin", () => {
    const trad = prepareText(loadFixture("wage-arrears-chain.trad"));
    const simp = loadFixture("wage-arrears-chain");
    expect(trad.script).toBe("traditional");
    expect(trad.normalized.length).toBe(trad.original.length);
    // OpenCC round trips are not perfect; the normalized text must still be overwhelmingly the simplified original.
    let same = 0;
    for (let i = 0; i < simp.length; i++) if (trad.normalized[i] === simp[i]) same++;
    expect(same / simp.length).toBeGreaterThan(0.98);
  });

  it("reports mixed script when both forms are frequent", () => {
    expect(prepareText("這個老闆说没钱，還說明天給，他们欠薪很久了。").script).toBe("mixed");
  });

  it("makes full-width digits and letters half-width in place", () => {
    const p = prepareText("拖欠工资１２０００元，ＡＢ公司。");
    expect(p.normalized).toBe("拖欠工资12000元，AB公司。");
    expect(p.original).toBe("拖欠工资１２０００元，ＡＢ公司。");
  });

  it("splits sentences on 。！？；!?; and newlines with exact offsets", () => {
    const text = "他说：“我没钱！明天再说。”然后走了。第二天？？又来了\n  三个月后；没有结果!";
    const p = prepareText(text);
    expect(p.sentences.map((s) => s.text)).toEqual([
      "他说：“我没钱！明天再说。”然后走了。",
      "第二天？？",
      "又来了",
      "三个月后；",
      "没有结果!",
    ]);
    for (const s of p.sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("does not let an unclosed quote swallow a long narrative", () => {
    const text = "他说：“我不管" + "。后来又吵架了".repeat(80);
    expect(splitSentences(text).length).toBeGreaterThan(30);
  });

  it("rejects empty, too long and binary input with MediateError codes", () => {
    expect(codeOf(() => prepareText(""))).toBe("empty_text");
    expect(codeOf(() => prepareText(" \n\t　"))).toBe("empty_text");
    expect(codeOf(() => prepareText("欠".repeat(MAX_TEXT_LENGTH + 1)))).toBe("text_too_long");
    expect(codeOf(() => prepareText("欠".repeat(MAX_TEXT_LENGTH)))).toBeUndefined();
    expect(codeOf(() => prepareText("abc\u0000def"))).toBe("binary_input");
    expect(codeOf(() => prepareText("\u0001\u0002\u0003\uFFFD\uFFFD正常"))).toBe("binary_input");
    expect(codeOf(() => prepareText("一个\u0007铃声字符不算二进制。"))).toBeUndefined();
  });

  it("names the limit in the too-long message", () => {
    try {
      prepareText("欠".repeat(MAX_TEXT_LENGTH + 5));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MediateError);
      expect((e as MediateError).message).toContain(String(MAX_TEXT_LENGTH));
      expect((e as MediateError).details).toMatchObject({ limit: MAX_TEXT_LENGTH });
    }
  });

  it("never throws anything but MediateError and keeps every span exact (property)", () => {
    const chars = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.array(fc.constantFrom(..."老闆說沒錢。！？；\n“”「」（）１２万元欠薪张某某 \u0000\uFFFD\uD800"), { maxLength: 80 }).map((a) => a.join("")),
    );
    fc.assert(
      fc.property(chars, (s) => {
        let p;
        try {
          p = prepareText(s);
        } catch (e) {
          expect(isMediateError(e)).toBe(true);
          return;
        }
        expect(p.normalized.length).toBe(p.original.length);
        let last = 0;
        for (const sp of p.sentences) {
          expect(sp.text).toBe(p.original.slice(sp.start, sp.end));
          expect(sp.start).toBeGreaterThanOrEqual(last);
          last = sp.end;
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("simplified normalisation keeps standard simplified characters", () => {
  it("does not rewrite 么 as 幺 while folding 麼", () => {
    expect(prepareText("怎么办，什么时候还钱").normalized).toBe("怎么办，什么时候还钱");
    expect(prepareText("我們怎麼辦").normalized).toBe("我们怎么办");
  });
});

describe("table-driven normalisation matches a per-character OpenCC reference", () => {
  // The reference is the straightforward algorithm the lookup tables cache.
  const t2s = OpenCC.Converter({ from: "tw", to: "cn" });
  const s2t = OpenCC.Converter({ from: "cn", to: "t" });
  const reference = (text: string): string => {
    let out = "";
    let trad = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      const code = text.charCodeAt(i);
      const cjk = (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
      if (cjk) {
        let v = t2s(ch);
        if (v !== ch && t2s(s2t(ch)) === ch) v = ch;
        if (v.length === 1 && v !== ch) trad++;
        out += v.length === 1 ? v : ch;
        continue;
      }
      const half = (code >= 0xff10 && code <= 0xff19) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a) || [0xff05, 0xff0e, 0xff0b, 0xff0d, 0xff0f].includes(code);
      out += half ? String.fromCharCode(code - 0xfee0) : ch;
    }
    if (trad > 0) {
      const phrase = t2s(out);
      if (phrase.length === out.length) out = phrase;
    }
    return out;
  };

  it("on the fixtures, twice (cold and warm tables)", () => {
    for (const name of ["wage-arrears-chain.trad", "child-support-police.trad", "freight-fee", "water-leak-neighbors"] as const) {
      const text = loadFixture(name);
      expect(prepareText(text).normalized).toBe(reference(text));
      expect(prepareText(text).normalized).toBe(reference(text));
    }
  });

  it("on random mixed-script text with full-width forms and surrogates (property)", () => {
    const chars = fc.constantFrom(..."老闆說沒錢乾淨著裏麼么后後发發面麵干幹欠薪工資１２ＡＢａ％．＋－／。，\n 😀".split(""), "\uD800");
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 50 }), (a) => {
        const text = a.join("") + "字";
        expect(prepareText(text).normalized).toBe(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it("returns simplified text without changes as it is", () => {
    const text = "老板拖欠工资三个月，还说没钱。";
    expect(prepareText(text).normalized).toBe(text);
  });
});
