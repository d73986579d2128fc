// 事: what happened — clauses with a dispute event (拖欠, 拒付, 漏水, 争吵, 推搡, 报警 …).
import type { Span } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { clauseAround, matchAll, spanOf } from "./spans.ts";

/** Event verbs of grassroots disputes, grouped only for readability. */
export const EVENT_CUES = [
  // money owed or refused
  "拖欠", "欠薪", "讨薪", "欠款", "欠钱", "欠我", "拒付", "拒绝支付", "拒绝赔偿", "拒绝", "不给", "不还", "没有支付", "未支付", "未发放", "没有发放", "没发", "不退", "不赔", "赖账", "跑路", "跑了", "避而不见",
  // conflict and violence
  "争吵", "吵架", "口角", "争执", "打架", "殴打", "打伤", "打我", "推搡", "动手", "拍桌子", "砸坏", "损毁", "砸", "威胁", "扬言", "辱骂", "骚扰", "堵门", "拉横幅", "聚集",
  // damage and accidents
  "漏水", "渗水", "损坏", "破损", "受损", "泡坏", "相撞", "撞了", "受伤", "骨折", "咬伤", "咬了", "误诊", "发霉", "积水", "噪音", "油烟", "污染", "占用", "占了", "推倒", "侵占", "停水", "停电",
  // family and status changes
  "离婚", "分家", "分户", "去世", "死亡", "住院", "失业", "辞退", "解除劳动合同", "开除", "涨价", "征地", "拆迁",
  // reaching for help
  "报警", "出警", "投诉", "上访", "信访", "起诉", "举报", "反映", "求助", "申请调解", "仲裁",
].sort((a, b) => b.length - a.length);

const EVENT_RE = new RegExp(EVENT_CUES.join("|"), "g");

export function extractEvents(p: PreparedText): Span[] {
  const out: Span[] = [];
  let lastEnd = -1;
  for (const m of matchAll(EVENT_RE, p.normalized)) {
    if (m.index < lastEnd) continue;
    const { start, end } = clauseAround(p, m.index, m.index + m[0].length);
    if (end <= start || start < lastEnd) continue;
    out.push(spanOf(p, start, end));
    lastEnd = end;
  }
  return out;
}
