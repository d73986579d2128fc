// 地: administrative places (省/市/县/区/镇/乡/街道/村/社区/小区), buildings (3号楼6楼),
// and the sites disputes happen at (派出所, 工地, 项目部, 路口 …).
import type { Span } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { matchAll, spanOf } from "./spans.ts";

// Characters that end a place-name prefix: punctuation, digits, and function words and
// verbs that typically stand right before a place (在/到/从/来自/住在 …).
const NAME = "[^\\s\\d，。！？；：、“”‘’（）《》「」,.!?;:()的了在到从于向往和与及或是被把将给对为称说等这那其我你他她们也都就还又再很去来回住位让叫着过并但而因由如要想请至找跟同内外时年天多个每户名之已经称报映送各有所此辖全本]";
const ADMIN_SUFFIX = "(?:自治区|省|自治州|市(?!场|民|政府)|州|盟|自治县|县(?!委|政府)|新区|区(?!委|政府|域|别|分|间)|旗|街道|镇(?!政府|上)|乡(?!政府|亲|下)|村(?!民|委|干部|里|级|集体|组)|社区(?!调解|工作|居委)|小区|新村|花园|家园|公寓|大厦|大道|路(?!上|口|费|线|过|边|段|灯)|街(?!道|上|头|坊)|巷|弄)";
const ADMIN = `(?:(?:${NAME}{2,8}?|某|该)${ADMIN_SUFFIX}|[0-9一二三四五六七八九十]+组)`;
const BUILDING = "(?:\\d+|[一二三四五六七八九十]+)(?:号楼|栋|幢|单元|楼|层|室|号)";
const SITES = [
  "派出所", "综治中心", "司法所", "人民法院", "法院", "卫生院", "医院", "诊所", "学校", "小学", "中学", "幼儿园",
  "工地", "项目部", "工厂", "车间", "仓库", "门口", "路口", "十字路口", "路段", "楼道", "地下车库", "车库", "停车场",
  "院子", "院墙", "菜市场", "超市", "商场", "广场", "村委会", "居委会", "镇政府", "市政府", "县政府", "区政府", "政府",
  "卫生间", "厨房", "楼顶", "宅基地", "承包地", "耕地", "林地", "鱼塘", "酒店", "宾馆", "购物店", "景区", "店里",
];
const SITE = `(?:某|该)?(?:${SITES.sort((a, b) => b.length - a.length).join("|")})`;
const PLACE_RE = new RegExp(`(?:${ADMIN})+(?:${BUILDING})*(?:${SITE})?|(?:${BUILDING}){2,}|${SITE}`, "g");

// Generic words that look like places but name none.
const GENERIC = new Set(["辖区", "小区", "社区", "城区", "市区", "郊区", "山区", "景区", "园区", "地区", "街道", "农村", "乡村", "全市", "全省", "全县", "全区", "本市", "本县", "家中", "政府", "门口"]);

export function extractPlaces(p: PreparedText): Span[] {
  const t = p.normalized;
  const out: Span[] = [];
  const seen = new Set<string>();
  for (const m of matchAll(PLACE_RE, t)) {
    const text = m[0];
    if (GENERIC.has(text)) continue;
    // Repeats of the same place add nothing for the mediator; keep the first.
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(spanOf(p, m.index, m.index + text.length));
  }
  return out;
}
