// Guided intake (引导式登记) for the kiosk: which of who / what / when / want a visitor's
// words already answer. Lexicons describe how people talk about disputes in everyday
// Chinese (kinship and role words, dispute verbs, time words, wishes), not any test text.
// Input is expected in simplified script (see script-convert.ts).

export const INTAKE_SLOTS = ["what", "who", "when", "want"] as const;
export type IntakeSlot = (typeof INTAKE_SLOTS)[number];

const SURNAMES =
  "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

const WHO_PATTERNS: RegExp[] = [
  // spouses and family
  /老公|丈夫|爱人|老伴|老婆|妻子|媳妇|前夫|前妻|对象|男朋友|女朋友|未婚[夫妻]/,
  /儿子|女儿|儿媳|女婿|孙子|孙女|外孙|孩子|小孩|父亲|母亲|爸爸|妈妈|老爸|老妈|爹|公公|婆婆|岳父|岳母|丈母娘|老丈人|父母|老人/,
  /哥哥|姐姐|弟弟|妹妹|兄弟|姐妹|嫂子|弟媳|姐夫|妹夫|叔叔|伯伯|舅舅|姑姑|阿姨|姨妈|侄子|外甥|亲戚|家里人|家人|继[父母子女]/,
  // neighbours, landlords, work, business
  /邻居|楼上|楼下|隔壁|对门|街坊|房东|租客|房客|业主|物业|开发商|村委会?|村干部|村里|居委会|社区/,
  /老板|老总|公司|单位|厂里|工厂|包工头|工头|项目部|老乡|工友|同事|同学|朋友|合伙人|客户|雇主|保姆|店家|商家|卖家|买家|网店|医院|医生|学校|司机|快递|中介|装修队|施工队/,
  new RegExp(`[${SURNAMES}][某先女老]|[老小][${SURNAMES}]`),
];

// A dispute is being described: conflict, money, harm, property, family obligations.
const WHAT_PATTERNS: RegExp[] = [
  /打[了过]?[我她他人孩老]|动手|家暴|家庭暴力|殴打|骂|吵架|吵闹|闹矛盾|矛盾|冷战|威胁|恐吓|欺负|骚扰/,
  /欠[了我他她钱款]|拖欠|不给钱|不给工资|不发|没发|克扣|扣[了我钱工]|不还|赖账|借[了给钱款]|借钱|还钱|工资|工钱|工程款|货款|房租|押金|定金|赔偿|赔钱/,
  /离婚|出轨|赌博|喝酒|喝醉|不回家|分居|抚养|赡养|不养|不管|遗产|继承|分家|彩礼|嫁妆/,
  /漏水|渗水|噪音|太吵|占[了用地道]|堵[了住]|违建|宅基地|地界|围墙|树|垃圾|油烟|停车|装修|拆|搬走|赶[我出]/,
  /辞退|开除|解雇|工伤|受伤|撞[了到伤]|摔|咬|损坏|弄坏|坏了|退货|退款|骗|诈骗|偷|合同|违约|不退/,
  // refusals and neglect: 不给, 不肯赔, 没人管 …
  /不给|不肯|不让|不交|不修|不赔|没给|没人管|养老|翻新|假货|质量问题|征地|补偿款|拆迁/,
];

const WHEN_PATTERNS: RegExp[] = [
  /(\d+|[一二两三四五六七八九十百几半多]+)\s*(年|个多?月|月份?|周|个?星期|个?礼拜|天|日|号|小时|点钟?)/,
  /昨天|前天|今天|今早|昨晚|前晚|去年|前年|今年|明年|上个?月|这个?月|上周|上星期|上礼拜|这周|最近|近来|刚才|刚刚|早上|上午|中午|下午|晚上|半夜|夜里|那天|当天|春节|过年|年前|年后|元旦|国庆|年初|年底|年中|月初|月底|以前|之前|以来|好久|很久|多年|这几年|这些年|从小|结婚后|婚后|退休/,
];

const WANT_PATTERNS: RegExp[] = [
  /想要?|希望|要求|要回|要他|要她|要对方|让他|让她|让对方|讨回|讨个|讨要|给个?说法|能不能|能否|可不可以|怎么办|咋办|怎么处理|帮[我忙帮]|帮帮|请求/,
  /赔[偿钱礼]?|还[我钱清]|道歉|离婚|分开|搬走|停止|别再|不要再|拿回|追回|结清|付清|解决|调解|评评理|公道/,
];

/** Chip topics offered on the kiosk's start screen (also accepted as `topic`). */
export const KIOSK_TOPICS = ["家庭矛盾", "拖欠工资", "邻里纠纷", "借钱不还", "房屋土地", "物业纠纷", "买东西受骗", "交通事故", "其他问题"] as const;

const matchesAny = (patterns: RegExp[], text: string) => patterns.some((p) => p.test(text));

/** Slots a visitor message answers on its own, by lexicon. */
export function detectSlots(text: string): Set<IntakeSlot> {
  const found = new Set<IntakeSlot>();
  if (matchesAny(WHO_PATTERNS, text)) found.add("who");
  if (matchesAny(WHAT_PATTERNS, text)) found.add("what");
  if (matchesAny(WHEN_PATTERNS, text)) found.add("when");
  if (matchesAny(WANT_PATTERNS, text)) found.add("want");
  return found;
}

export type IntakeState = Partial<Record<IntakeSlot, string>>;

/**
 * Folds one visitor message into the intake. A reply to the question just asked fills
 * that slot even when no lexicon fires ("不记得了" is an answer too): the visitor is never
 * asked the same question twice.
 */
export function updateIntake(intake: IntakeState, message: string, lastAsked: IntakeSlot | undefined): IntakeState {
  const next: IntakeState = { ...intake };
  const excerpt = message.length > 200 ? `${message.slice(0, 200)}…` : message;
  for (const slot of detectSlots(message)) if (!next[slot]) next[slot] = excerpt;
  if (lastAsked && !next[lastAsked] && message.trim().length > 0) next[lastAsked] = excerpt;
  return next;
}

export function missingSlots(intake: IntakeState): IntakeSlot[] {
  return INTAKE_SLOTS.filter((slot) => !intake[slot]);
}

/** One short, warm question per slot — short sentences read well aloud too. */
export const SLOT_QUESTIONS: Record<IntakeSlot, string> = {
  what: "能和我说说，发生了什么事吗？慢慢说，不着急。",
  who: "这件事和谁有关？比如家里人、邻居、老板。",
  when: "这件事是什么时候开始的？说个大概就行。",
  want: "您最希望怎么解决？比如要回钱、对方道歉，或者先坐下来谈谈。",
};
