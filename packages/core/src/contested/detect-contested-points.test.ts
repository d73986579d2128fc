import { describe, expect, it } from "vitest";
import { ContestedPointSchema } from "../schema/case-analysis.ts";
import { prepareText } from "../text/prepare-text.ts";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { detectContestedPoints } from "./detect-contested-points.ts";

const codes = (text: string) => detectContestedPoints(prepareText(text)).map((p) => p.code);

function expectExactEvidence(text: string) {
  const p = prepareText(text);
  const points = detectContestedPoints(p);
  for (const point of points) {
    expect(ContestedPointSchema.safeParse(point).success).toBe(true);
    for (const e of point.evidence) {
      expect(e.text).toBe(p.original.slice(e.start, e.end));
      expect(e.text).toContain(e.cue);
    }
  }
  return points;
}

describe("detectContestedPoints on one-liners", () => {
  it.each([
    ["老板拖了三个月工资不给", "wage-arrears"],
    ["包工头跑了，我们十几个人的工钱没人给", "wage-arrears"],
    ["我老公喝醉了就打我", "drinking"],
    ["我老公喝醉了就打我", "domestic-violence"],
    ["离婚后孩子抚养费对方一直不给", "child-support"],
    ["离婚的话孩子归谁抚养？", "child-custody"],
    ["房子是婚后买的，离婚了怎么分", "property-division"],
    ["楼上漏水把我家天花板泡了", "water-leak"],
    ["楼上天天半夜跺脚，吵得睡不着", "noise"],
    ["借给朋友5万块钱不还", "loan-repayment"],
    ["他借钱的时候说好月息三分，现在利息不认了", "interest-rate"],
    ["帮商户拉了一车货，他以货损为由拒付8000元运费", "freight-fee"],
    ["三个儿子都不管老母亲，谁也不给赡养费", "elderly-support"],
    ["兄弟几个分家的时候老宅没分清楚", "household-split"],
    ["他把我家的电视和家具都砸坏了", "property-damage"],
    ["邻居盖房越过地界，占了我家宅基地", "homestead-boundary"],
    ["在工地干活从脚手架上摔下来，老板不给报工伤", "work-injury"],
    ["物业费一年涨了两次，我们拒交物业费", "property-fee"],
    ["村里征地的补偿款太低，拆迁安置也没落实", "land-acquisition-compensation"],
    ["跟团旅游被导游强制购物", "tour-contract"],
    ["网购的衣服七天无理由退货，商家不给退", "online-purchase"],
    ["在诊所打针后过敏，医生误诊耽误了治疗", "medical-malpractice"],
    ["骑电动车被轿车追尾，交警认定对方全责", "traffic-liability"],
    ["我拍的照片被人盗用做广告，这是侵犯著作权", "ip-infringement"],
  ])("%s → %s", (text, code) => {
    expect(codes(text)).toContain(code);
  });

  it("reads traditional characters through prepareText", () => {
    expect(codes("我老公喝醉了就打我，我想離婚")).toEqual(expect.arrayContaining(["drinking", "domestic-violence", "divorce"]));
    expect(codes("老闆拖欠了三個月工資不給")).toContain("wage-arrears");
    expect(codes("樓上漏水把我家天花板泡壞了")).toContain("water-leak");
  });

  it("reports colloquial and dialect forms", () => {
    expect(codes("当家的一喝大了就耍酒疯")).toContain("drinking");
    expect(codes("俺家那口子天天打麻将赌钱，欠了一屁股债")).toContain("gambling");
    expect(codes("老板说没钱，我们的血汗钱到现在也讨不回来")).toContain("wage-arrears");
  });
});

describe("negation", () => {
  it("没有酗酒 is not drinking", () => {
    expect(codes("男方没有酗酒的习惯，也从不赌博")).not.toContain("drinking");
    expect(codes("男方没有酗酒的习惯，也从不赌博")).not.toContain("gambling");
  });

  it("a denial in one clause does not cancel an affirmation in the next", () => {
    const points = detectContestedPoints(prepareText("他说自己没喝酒，但邻居都看见他喝醉了"));
    const drinking = points.find((p) => p.code === "drinking");
    expect(drinking).toBeDefined();
    expect(drinking?.evidence[0]?.cue).toBe("喝醉");
  });

  it("没有动手 is not domestic violence, a denied beating is not either", () => {
    expect(codes("两人吵了几句，但他没有动手打我")).not.toContain("domestic-violence");
    expect(codes("我老公并没有打我，就是不给家用")).not.toContain("domestic-violence");
  });

  it("double negation and questions keep the point", () => {
    expect(codes("他有没有家暴，邻居都说不清")).toContain("domestic-violence");
    expect(codes("老公不是第一次打我了")).toContain("domestic-violence");
  });
});

describe("evidence", () => {
  it("gives exact offsets into the original text, also for traditional text", () => {
    for (const name of ["child-support-police", "child-support-police.trad", "wage-arrears-chain.trad", "water-leak-neighbors"] as const) {
      const points = expectExactEvidence(loadFixture(name));
      expect(points.length, name).toBeGreaterThan(0);
    }
  });

  it("names the cue as written in a traditional-character original", () => {
    const text = "丈夫長期酗酒，回家就打人。";
    const drinking = expectExactEvidence(text).find((p) => p.code === "drinking");
    expect(drinking?.evidence[0]).toEqual({ text: "丈夫長期酗酒，回家就打人。", start: 0, end: 13, cue: "酗酒" });
  });

  it("orders points by confidence and keeps confidences in (0, 1]", () => {
    const points = detectContestedPoints(prepareText("老板拖欠工资三个月，工资一直不发，还不给我们交社保"));
    for (let i = 1; i < points.length; i++) expect(points[i - 1]!.confidence).toBeGreaterThanOrEqual(points[i]!.confidence);
    expect(points[0]?.code).toBe("wage-arrears");
    expect(points.map((p) => p.code)).toContain("social-insurance");
  });
});

describe("narratives", () => {
  it("child-support dispute after a police call", () => {
    const c = codes(loadFixture("child-support-police"));
    expect(c).toContain("child-support");
    expect(c).toContain("visitation");
  });

  it("elderly support and household split with damaged furniture", () => {
    const c = codes(loadFixture("elderly-support-household-split"));
    expect(c).toEqual(expect.arrayContaining(["elderly-support", "household-split", "property-damage"]));
  });

  it("wage-arrears chain: arrears and the subcontracting chain, not background words", () => {
    const c = codes(loadFixture("wage-arrears-chain"));
    expect(c).toEqual(expect.arrayContaining(["wage-arrears", "subcontract-chain"]));
    expect(c).not.toContain("land-acquisition-compensation"); // 安置房项目 is the site, not the dispute
    expect(c).not.toContain("loan-repayment");
  });

  it("water leak between neighbours with damage", () => {
    expect(codes(loadFixture("water-leak-neighbors"))).toEqual(expect.arrayContaining(["water-leak", "property-damage"]));
  });

  it("refused freight fee", () => {
    const c = codes(loadFixture("freight-fee"));
    expect(c[0]).toBe("freight-fee");
    expect(c).not.toContain("child-support"); // 生活费 of the driver's family is background
  });

  it("a story with several disputes yields the points of each", () => {
    const text =
      "王某与妻子李某结婚十年，王某长期酗酒，酒后多次殴打李某，李某提出离婚。" +
      "两人婚后购买的房子登记在王某名下，双方都要房子。王某还向朋友借了8万元赌博，到期不还，债主天天上门要账。";
    const c = codes(text);
    expect(c).toEqual(expect.arrayContaining(["drinking", "domestic-violence", "divorce", "property-division", "loan-repayment", "gambling"]));
  });
});

describe("detectContestedPoints on everyday wording", () => {
  it.each([
    ["他一喝就是一斤白的，回家就摔摔打打", "drinking"],
    ["俺那口子天天泡在棋牌室，输了三万多", "gambling"],
    ["楼上天天拖椅子，咚咚咚的吵得人睡不着", "noise"],
    ["前面那栋楼盖起来以后，我家一点阳光都照不进来", "light-ventilation"],
    ["对门把纸箱子都堆在楼道里，消防都说不行", "common-area-occupation"],
    ["邻居家的狗没拴绳，扑上来把我孙女吓坏了", "pet-damage"],
    ["干了五年，厂里一直没给我们交保险", "social-insurance"],
    ["我送了他三车菜，拿了货一直不给钱", "goods-payment"],
  ])("%s → %s", (text, code) => {
    expect(codes(text)).toContain(code);
  });

  it.each([
    ["他没喝酒，就是脾气大", "drinking"],
    ["他不赌不嫖，就是嫌我唠叨", "gambling"],
    ["这些年他从来没动手打过我，就是不说话", "domestic-violence"],
  ])("denied conduct is no point: %s", (text, code) => {
    expect(codes(text)).not.toContain(code);
  });
});

describe("detectContestedPoints with another lexicon", () => {
  it("uses the injected matcher's points instead of the checkout's", async () => {
    const { readTaxonomy } = await import("../taxonomy/load-taxonomy.ts");
    const { createCueMatcher } = await import("../taxonomy/cue-matcher.ts");
    const taxonomy = readTaxonomy();
    // A lexicon in which drinking has no cue at all: the same text no longer yields the point.
    taxonomy.points = taxonomy.points.map((p) =>
      p.code === "drinking" ? { ...p, cues: { strong: [], medium: [], weak: [], patterns: [] } } : p,
    );
    taxonomy.pointByCode = new Map(taxonomy.points.map((p) => [p.code, p]));
    const matcher = createCueMatcher(taxonomy);
    const p = prepareText("我老公天天酗酒，喝醉了就砸东西");
    expect(detectContestedPoints(p).map((x) => x.code)).toContain("drinking");
    expect(detectContestedPoints(p, { matcher }).map((x) => x.code)).not.toContain("drinking");
  });
});
