// 人: the parties — anonymised names (张某, 李某某, 老王, 孙阿姨), kinship and role words
// (丈夫, 包工头, 房东, 物业) — with their role (applicant/respondent) and relation.
import type { HeadCount, Party, Relation, Span } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { APPLICANT_MARKERS, OFFICIAL_WORDS, RESPONDENT_MARKERS, ROLE_TERMS, type RoleTerm, type Side } from "./party-lexicon.ts";
import { createAhoCorasick, type AhoCorasick } from "../taxonomy/aho-corasick.ts";
import { matchAll, spanOf } from "./spans.ts";

// The common surnames (百家姓 head plus frequent ones); 区/师/时/家 are left out because
// 小区/老师/小时/老家 would read as names.
const SURNAMES =
  "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查荆红游竺权逯盖益桓公";
// For 老X/小X: surnames that mostly make ordinary words there (老房子, 小车, 小孙子, 老公).
const NICKNAME_SURNAMES = [...SURNAMES].filter((c) => !"房车路牛金龙石孙公于康成平相米水云花方国文东明强安和常乐全齐双通都满万".includes(c)).join("");
const HONORIFICS = "阿姨|大爷|大妈|大娘|大叔|大哥|大姐|师傅|女士|先生|老板|经理|厂长|老师|医生|奶奶|爷爷|婶|叔|姐|哥";
// 张某某, 李某, 薛小某, 欧阳某; 老王, 小李; 孙阿姨, 陈老板.
const NAME_RE = new RegExp(
  `(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|令狐|[${SURNAMES}])(?:小某|某某|某)|[${SURNAMES}][一二三四五六七八九](?![一二三四五六七八九十个年月日天号点人元万千百岁次名位家户楼层期级])|[老小][${NICKNAME_SURNAMES}]|[${SURNAMES}](?:${HONORIFICS})`,
  "g",
);
// Matches that are ordinary words (老公, 小于) or the tail of one (公司老板 → 司老板).
const NOT_NAMES = new Set(["大哥", "大姐", "小姐", "老公", "小于", "小米", "小康", "老成", "小平", "老相", "小时", "老于"]);
const WORD_BEFORE_SURNAME = new Set(["公司", "上司", "相关", "有关", "机关", "海关", "对方", "双方", "一方", "各方", "甲方", "乙方", "男方", "女方", "地方", "警方", "资方", "劳方", "院方", "校方", "厂方", "买方", "卖方", "租房", "车主", "业主", "户主", "房东", "股东", "和谐", "养老", "敬老", "尊老", "古老", "大小", "从小", "自小", "很小", "太小", "最小", "缩小", "弱小", "矮小", "胆小", "年老", "衰老", "元老", "变老", "大老", "防老", "告老", "最老", "较小", "较老"]);

const TERM_BY_WORD = new Map(ROLE_TERMS.map((t) => [t.word, t]));
const TERM_WORDS = [...new Set([...ROLE_TERMS.map((t) => t.word), ...OFFICIAL_WORDS, ...APPLICANT_MARKERS, ...RESPONDENT_MARKERS])];
// One pass for ~200 words; a regex alternation of them is several times slower.
let termMatcher: AhoCorasick | undefined;

/** Leftmost-longest, non-overlapping occurrences of the role words. */
function findTerms(t: string): Array<{ start: number; end: number; word: string }> {
  termMatcher ??= createAhoCorasick(TERM_WORDS);
  const hits = termMatcher.search(t).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Array<{ start: number; end: number; word: string }> = [];
  let last = 0;
  for (const h of hits) {
    if (h.start < last) continue;
    out.push({ start: h.start, end: h.end, word: TERM_WORDS[h.id] as string });
    last = h.end;
  }
  return out;
}
const OFFICIALS = new Set(OFFICIAL_WORDS);
const APPLICANT_MARK = new Set(APPLICANT_MARKERS);
const RESPONDENT_MARK = new Set(RESPONDENT_MARKERS);

// The mention is the subject of one of these within its clause.
const APPLICANT_AFTER = /(?<!被[^，。]{0,2})(反映|求助|报警|投诉|申请调解|来访|起诉|举报|前来|到[^，。！？；]{0,12}(中心|派出所|司法所|调委会|法院)|找到|诉称)/;
const RESPONDENT_AFTER = /(?<!被[^，。]{0,2})(拖欠|欠[我他她钱款工]|拒付|拒绝|拒不|不给|不还|不退|不赔|不肯|不愿|不同意|不让|避而不见|推搡|殴打|打了|打伤|打我|损毁|砸坏|砸了|迟迟|一直没有|一直不|没有支付|未支付|跑了|占了|占用|以[^，。]{1,20}为由)/;
const DEMAND_AFTER = /(要求|希望|请求|想要)/;
const DEMANDED_OF = /(要求|希望|让|请求|督促|起诉|投诉|状告|举报)$/;
// What may stand between a role word and a name: 项目部负责人王某, 农民工代表张某某.
const APPOSITION_GAP = /^(负责人|代表|经理|老板|主任|厂长|法人|股东|老板娘|师傅|一方)$/;
// Group words (农民工, 村民) name many people: a bare one is not the one person named with it.
const GROUP_WORDS = new Set(["农民工", "工人", "职工", "员工", "工友", "女工", "村民", "居民", "业主", "住户", "患者", "游客", "群众", "老人", "孩子", "子女", "儿女", "商户", "骑手"]);

type Mention = { start: number; end: number; key: string; label: string; term?: RoleTerm; named: boolean; marker?: string };

export function extractParties(p: PreparedText, headCounts: HeadCount[] = []): Party[] {
  const t = p.normalized;
  const termHits = findTerms(t);

  const mentions: Mention[] = [];
  const nameCovered = new Set<number>();
  for (const m of matchAll(NAME_RE, t)) {
    const text = m[0];
    if (NOT_NAMES.has(text)) continue;
    const start = m.index;
    if (start > 0 && WORD_BEFORE_SURNAME.has(t.slice(start - 1, start + 1))) continue;
    const end = start + text.length;
    // Apposition: the role word right before the name (农民工张某某, 项目部负责人王某).
    let term: RoleTerm | undefined;
    let marker: string | undefined;
    for (let i = termHits.length - 1; i >= 0; i--) {
      const h = termHits[i]!;
      if (h.end > start) continue;
      if (start - h.end > 4) break;
      const gap = t.slice(h.end, start);
      if (gap.length > 0 && !APPOSITION_GAP.test(gap)) break;
      if (APPLICANT_MARK.has(h.word) || RESPONDENT_MARK.has(h.word)) {
        marker ??= h.word;
        for (let k = h.start; k < h.end; k++) nameCovered.add(k);
        continue;
      }
      const found = TERM_BY_WORD.get(h.word);
      if (found) {
        term = found;
        for (let k = h.start; k < h.end; k++) nameCovered.add(k);
        break;
      }
    }
    const honorific = text.length >= 2 && !/某/.test(text) && TERM_BY_WORD.get(text.slice(1));
    const mention: Mention = { start, end, key: text, label: term?.label ?? (honorific ? honorific.label : text), named: true };
    if (term) mention.term = term;
    else if (honorific) mention.term = honorific;
    if (marker) {
      mention.marker = marker;
      if (!term) mention.label = marker;
    }
    mentions.push(mention);
    for (let k = start; k < end; k++) nameCovered.add(k);
  }
  for (const h of termHits) {
    if (nameCovered.has(h.start)) continue;
    // 借款人民币5万元: the 人 belongs to 人民币.
    if (h.word.endsWith("人") && t.startsWith("民币", h.end)) continue;
    // A bare 申请人/被申请人 refers to the party it marked earlier (or a new one).
    if (APPLICANT_MARK.has(h.word) || RESPONDENT_MARK.has(h.word)) {
      mentions.push({ start: h.start, end: h.end, key: `role:${h.word}`, label: h.word, named: false, marker: h.word });
      continue;
    }
    if (OFFICIALS.has(h.word)) continue;
    const term = TERM_BY_WORD.get(h.word);
    if (!term) continue;
    // 公司/单位 only name a party when they stand alone, not inside 劳务公司 or 单位时间.
    if (term.word === "单位" && /^(时间|内|里)/.test(t.slice(h.end))) continue;
    mentions.push({ start: h.start, end: h.end, key: `role:${term.label}`, label: term.label, term, named: false });
  }
  mentions.push(...firstPerson(t));
  mentions.sort((a, b) => a.start - b.start);

  const parties = groupMentions(p, mentions);
  resolveRelations(t, parties);
  assignRoles(p, parties);
  attachCounts(parties, headCounts);
  return parties.map((x) => x.party);
}

type Draft = { party: Party; mentions: Mention[]; term?: RoleTerm; key: string };

function groupMentions(p: PreparedText, mentions: Mention[]): Draft[] {
  const byKey = new Map<string, Draft>();
  const named = new Map<string, Draft[]>();
  // 申请人王某 … 申请人要求: the bare marker is the person it marked, wherever that was.
  const markerOwner = new Map<string, string>();
  for (const m of mentions) if (m.named && m.marker && !markerOwner.has(m.marker)) markerOwner.set(m.marker, m.key);
  for (const m of mentions) {
    const owner = !m.named && m.marker ? markerOwner.get(m.marker) : undefined;
    let d = byKey.get(owner ?? m.key);
    // A bare role word used earlier as the apposition of exactly one name is that person.
    if (!d && !m.named && m.term && !GROUP_WORDS.has(m.term.word)) {
      const candidates = named.get(m.term.label);
      if (candidates && candidates.length === 1) d = candidates[0];
    }
    if (!d) {
      d = { key: m.key, mentions: [], party: { mention: p.original.slice(m.start, m.end), label: m.label, role: "unknown", spans: [] } };
      if (m.term) d.term = m.term;
      byKey.set(m.key, d);
    } else if (d.party.label === d.key && m.term && m.named) {
      d.term = m.term;
      d.party.label = m.term.label;
    }
    if (d.party.label === d.key && m.marker) d.party.label = m.marker;
    if (m.named && m.term) {
      const list = named.get(m.term.label) ?? [];
      if (!list.includes(d)) list.push(d);
      named.set(m.term.label, list);
    }
    d.mentions.push(m);
    d.party.spans.push(spanOf(p, m.start, m.end));
  }
  return [...byKey.values()];
}

/** Terms whose relation depends on what else the narrative talks about. */
function resolveRelations(t: string, parties: Draft[]): void {
  const freight = /运费|运输|托运|货运|拉货|送货|运送/.test(t);
  const contractor = parties.some((d) => d.term?.relation === "contractor-worker");
  const loan = /借给|借了|借款|借钱|借条|欠条|还钱|不还/.test(t);
  const village = parties.some((d) => d.term?.relation === "villager-village" && d.term.side === "b");
  for (const d of parties) {
    const term = d.term;
    if (!term) continue;
    let relation: Relation | undefined = term.relation;
    if (freight && (term.word === "司机" || term.word === "驾驶员")) relation = "carrier-shipper";
    else if (freight && (term.word === "商户" || term.word === "老板" || term.word === "商家")) relation = "carrier-shipper";
    else if (contractor && relation === "employer-worker" && sideOf(term) === "b") relation = "contractor-worker";
    else if (relation === "villager-village" && sideOf(term) === "a" && !village) relation = undefined;
    else if (loan && !relation && ACQUAINTANCES.has(term.word)) relation = "lender-borrower";
    if (relation) d.party.relation = relation;
  }
  // 申请人李某与被申请人赵某登记结婚: the two unrelated named parties of a marriage are spouses.
  if (/结婚|离婚|婚后|婚姻|夫妻|登记结婚/.test(t)) {
    const unrelated = parties.filter((d) => !d.party.relation && d.mentions.some((m) => m.named) && d.key !== "me");
    if (unrelated.length === 2) for (const d of unrelated) d.party.relation = "spouse";
  }
  // 我 takes the relation of the kin or role word that follows it (我儿子, 我老公).
  const me = parties.find((d) => d.key === "me");
  const myKin = me && /我(?:的)?([\u4e00-\u9fa5]{1,4})/.exec(t);
  if (me && myKin) {
    const kin = ROLE_TERMS.find((x) => myKin[1]!.startsWith(x.word));
    if (kin?.relation) me.party.relation = kin.relation;
  }
  if (me && !me.party.relation) {
    const other = parties.find((d) => d !== me && d.party.relation);
    if (other?.party.relation && (loan || other.term?.side)) me.party.relation = other.party.relation;
  }
}

const SENTENCE_STOP = new Uint8Array(0x10000);
for (const ch of "。！？!?；;\n") SENTENCE_STOP[ch.charCodeAt(0)] = 1;
const COMMA = new Uint8Array(0x10000);
for (const ch of "，,") COMMA[ch.charCodeAt(0)] = 1;
const CLAUSE_OPENER = new Uint8Array(0x10000);
for (const ch of "，,。；;：:！？!?\n“") CLAUSE_OPENER[ch.charCodeAt(0)] = 1;

/**
 * t[from, limit) up to the sentence end, cut to its first two comma clauses, joined by
 * "，" — one scan, without the intermediate strings and arrays of split/join.
 */
export function firstTwoClauses(t: string, from: number, limit: number): string {
  let end = from;
  while (end < limit && SENTENCE_STOP[t.charCodeAt(end)] !== 1) end++;
  let c1 = from;
  while (c1 < end && COMMA[t.charCodeAt(c1)] !== 1) c1++;
  if (c1 >= end) return t.slice(from, end);
  let c2 = c1 + 1;
  while (c2 < end && COMMA[t.charCodeAt(c2)] !== 1) c2++;
  return t.slice(from, c1) + "，" + t.slice(c1 + 1, c2);
}

/** Start of the next mention that opens a clause (a new subject), after `from`. */
function nextSubjectStart(t: string, sortedStarts: number[], from: number): number {
  let lo = 0;
  let hi = sortedStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sortedStarts[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sortedStarts.length; i++) {
    const s = sortedStarts[i] as number;
    if (s - from > 40) break;
    if (s === 0 || CLAUSE_OPENER[t.charCodeAt(s - 1)] === 1) return s;
  }
  return Number.POSITIVE_INFINITY;
}

const ACQUAINTANCES = new Set(["朋友", "同学", "同事", "老乡", "熟人", "战友", "对方"]);

const sideOf = (t: RoleTerm): Side | undefined => t.side;

function assignRoles(p: PreparedText, parties: Draft[]): void {
  const t = p.normalized;
  const all = parties.flatMap((d) => d.mentions.map((m) => m.start)).sort((a, b) => a - b);
  // Applicants known from a report or a marker (not just from asking for something).
  const strong = new Set<Draft>();
  const strongRespondents = new Set<Draft>();
  const adjacent = new Set(all);
  for (const d of parties) {
    if (d.key === "me") {
      d.party.role = "applicant";
      strong.add(d);
      continue;
    }
    const marker = d.mentions.find((m) => m.marker)?.marker;
    if (marker && APPLICANT_MARK.has(marker)) {
      d.party.role = "applicant";
      strong.add(d);
    }
    else if (marker && RESPONDENT_MARK.has(marker)) {
      d.party.role = "respondent";
      strongRespondents.add(d);
    }
    if (d.party.role !== "unknown") continue;
    // Reporting for help weighs more than asking for something: both sides make demands.
    let applicant = 0;
    let respondent = 0;
    for (const m of d.mentions) {
      // A mention right before another one modifies it (某镇卫生院患者家属谢某): not a subject.
      if (adjacent.has(m.end)) continue;
      // What the mention does: the text up to the next clause-opening mention or the
      // sentence end. The first cue decides: after 反映/投诉 comes what the other side did.
      const limit = Math.min(nextSubjectStart(t, all, m.end), m.end + 40);
      // At most two clauses: further on, the sentence is usually about someone else.
      const after = firstTwoClauses(t, m.end, limit);
      const a = APPLICANT_AFTER.exec(after);
      const r = RESPONDENT_AFTER.exec(after);
      const q = DEMAND_AFTER.exec(after);
      // The earliest cue; on a tie the order a, r, q decides.
      let first: RegExpExecArray | undefined;
      for (const x of [a, r, q]) if (x && (!first || x.index < first.index)) first = x;
      if (first === a) applicant += 2;
      else if (first === q) applicant += 1;
      else if (first === r) respondent += 2;
      if (DEMANDED_OF.test(t.slice(Math.max(0, m.start - 4), m.start))) respondent += 1;
    }
    if (applicant >= 2) strong.add(d);
    if (respondent >= 2) strongRespondents.add(d);
    if (applicant > respondent) d.party.role = "applicant";
    else if (respondent > applicant) d.party.role = "respondent";
  }
  // The other end of an applicant's relation is the respondent (工人 → 老板, 租客 → 房东),
  // unless applicants stand on both ends (a chain: 工人 → 包工头 → 项目部).
  for (const a of parties) {
    if (a.party.role !== "applicant" || !a.party.relation || !strong.has(a)) continue;
    const sides = new Set(parties.filter((x) => x.party.role === "applicant" && x.party.relation === a.party.relation).map((x) => x.term?.side));
    if (sides.has("a") && sides.has("b")) continue;
    const side = a.term?.side;
    for (const d of parties) {
      if (d === a || d.party.role !== "unknown" || d.party.relation !== a.party.relation) continue;
      const other = d.term?.side;
      // For symmetric relations (neighbours) only a named counterpart is clearly the other side.
      if (side === "both" && !d.mentions.some((m) => m.named)) continue;
      if (side && other && (side === "both" || other !== side)) d.party.role = "respondent";
    }
  }
  pairWithRespondents(parties, strongRespondents);
}

/** The other end of a clear respondent's relation, when it is one named party, is the applicant. */
function pairWithRespondents(parties: Draft[], strongRespondents: Set<Draft>): void {
  if (parties.some((d) => d.party.role === "applicant")) return;
  for (const r of strongRespondents) {
    if (!r.party.relation || r.party.role !== "respondent") continue;
    const others = parties.filter(
      (d) => d !== r && d.party.role === "unknown" && d.party.relation === r.party.relation && d.mentions.some((m) => m.named) &&
        (r.term?.side === "both" || !d.term?.side || d.term.side !== r.term?.side),
    );
    if (others.length === 1) others[0]!.party.role = "applicant";
  }
}

function attachCounts(parties: Draft[], headCounts: HeadCount[]): void {
  for (const d of parties) {
    const label = d.party.label;
    const hit = headCounts.find((h) => h.who === label || (d.term && h.who === d.term.word));
    if (hit && !d.mentions.some((m) => m.named)) d.party.count = hit.count;
    else if (label === "夫妻" || label === "父母") d.party.count = 2;
  }
}

/** 我 in a visitor's own words is the applicant (every mention, for demands and roles). */
function firstPerson(t: string): Mention[] {
  const out: Mention[] = [];
  for (const m of matchAll(/我(?!们|市|区|县|镇|省|国|院|所|中心|局|委)/g, t)) {
    out.push({ start: m.index, end: m.index + 1, key: "me", label: "来访人", named: false });
    if (out.length >= 200) break;
  }
  return out;
}

export type { Span };
