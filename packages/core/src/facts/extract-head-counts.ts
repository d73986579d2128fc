// Head counts: 103名农民工, 二十多户村民, 40多名工友, 十余名亲属, 共26人.
import type { HeadCount } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { NUMBER_CHARS, parseChineseNumber } from "./chinese-number.ts";
import { matchAll, spanOf } from "./spans.ts";

/** Who may be counted; longest first so 农民工 wins over 工. */
export const COUNTED_GROUPS = [
  "农民工", "工人", "工友", "职工", "员工", "女工", "村民", "居民", "业主", "住户", "群众", "亲属", "家属",
  "老人", "孩子", "子女", "儿女", "学生", "游客", "商户", "租户", "农户", "骑手", "司机", "当事人", "患者",
  "债权人", "投资人", "购房者", "消费者", "家庭", "兄弟", "姐妹", "兄妹", "姐弟", "人员", "代表", "人",
].sort((a, b) => b.length - a.length);

// Bounded: an unbounded run lets the regex backtrack quadratically over digit-dense text.
const NUM = `[${NUMBER_CHARS}]{1,24}`;
// number, approximate marker, measure word, up to four words of description, the group.
const COUNT_RE = new RegExp(
  `(${NUM})(多|余|几|来)?(名|位|户|个|家|人)((?:[\\u4e00-\\u9fa5]{0,4}?)(${COUNTED_GROUPS.join("|")}))?`,
  "g",
);
// Groups that 个/家 may count (三个孩子, 两个村民); 两家店 or 三个部门 are not people.
const PER_GE = new Set(["孩子", "子女", "儿女", "家庭", "农民工", "工人", "职工", "员工", "村民", "居民", "业主", "住户", "商户", "人"]);
const FOLLOWING_NON_PERSON = /^(月|小时|工作日|星期|年|季度|部门|中心|机构|市州|县区|街镇|网格|批次|区级|项目|渠道|方面|问题|环节)/;

export function extractHeadCounts(p: PreparedText): HeadCount[] {
  const t = p.normalized;
  const out: HeadCount[] = [];
  for (const m of matchAll(COUNT_RE, t)) {
    const [whole, numText = "", approx, measure, , group] = m;
    const afterAt = m.index + numText.length + (approx?.length ?? 0) + 1;
    // Only a short prefix is tested; slicing to the end per match would be quadratic.
    const after = t.slice(afterAt, afterAt + 8);
    if (FOLLOWING_NON_PERSON.test(after)) continue;
    // Without a named group only 人/名/户 count people (三个月 and 两家店 do not).
    if (!group && measure !== "人" && measure !== "名" && measure !== "户") continue;
    if (group && (measure === "个" || measure === "家") && !PER_GE.has(group)) continue;
    const before = t[m.index - 1] ?? "";
    if (before === "第" || before === "几") continue;
    const count = parseChineseNumber(numText);
    if (count === undefined || !Number.isInteger(count) || count <= 0 || count > 10_000_000) continue;
    const end = group ? m.index + whole.length : m.index + numText.length + (approx?.length ?? 0) + 1;
    let who = group ?? (measure === "户" ? "户" : "人");
    // 兄弟三人 counts the brothers.
    if (who === "人" && measure !== "户") who = precedingGroup(t, m.index) ?? "人";
    // 一个人打零工 is not a head count.
    if (count === 1 && (who === "人" || measure === "家")) continue;
    out.push({ ...spanOf(p, m.index, end), count, who, approximate: Boolean(approx) });
  }
  return out;
}

function precedingGroup(t: string, index: number): string | undefined {
  // 兄弟三人, 涉及的农民工共103名: the group named just before, within the clause.
  const before = t.slice(Math.max(0, index - 8), index).split(/[，,。；;！？!?：:]/).pop() ?? "";
  let best: { g: string; at: number } | undefined;
  for (const g of COUNTED_GROUPS) {
    if (g === "人") continue;
    const at = before.lastIndexOf(g);
    if (at >= 0 && (!best || at + g.length > best.at + best.g.length)) best = { g, at };
  }
  return best?.g;
}
