// Masks personal data before any text leaves the machine and restores it in the answer.
// Placeholders are numbered per kind and per distinct value: 〔电话1〕, 〔身份证1〕 …, so the
// same number written twice maps to the same placeholder.

export type MaskKind = "身份证" | "银行卡" | "电话" | "地址" | "姓名" | "邮箱";

export type MaskOptions = {
  /** Mask personal names too (MEDIATE_LLM_MASK_NAMES). */
  names?: boolean;
  /** Names known from the analysis (party mentions), masked when `names` is on. */
  knownNames?: string[];
};

export type MaskResult = {
  masked: string;
  /** placeholder → original text */
  mapping: Map<string, string>;
};

// Order matters: longer, more specific patterns first so an ID number is not read as a card.
const PATTERNS: Array<{ kind: MaskKind; re: RegExp }> = [
  { kind: "邮箱", re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  // 18-digit resident ID: 6-digit area, birth date 19xx/20xx MMDD, 3 digits, check digit/X.
  { kind: "身份证", re: /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])/g },
  // Bank cards: 16–19 digits, optionally grouped by spaces or hyphens in fours.
  { kind: "银行卡", re: /(?<![0-9])(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?![0-9])/g },
  // Mobile numbers (+86 optional) and landlines with area code.
  { kind: "电话", re: /(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])/g },
  { kind: "电话", re: /(?<![0-9])0\d{2,3}[ -]?\d{7,8}(?![0-9])/g },
  // Street addresses: optional province/city/district prefix, a road/street/village, a number, and optional unit/room.
  {
    kind: "地址",
    re: /(?:[\u4e00-\u9fa5]{2,8}?(?:省|自治区|市|自治州|盟|州))?(?:[\u4e00-\u9fa5]{1,8}?(?:市|区|县|旗|镇|乡|街道))?[\u4e00-\u9fa5\d]{1,12}?(?:路|街|道|巷|弄|胡同|村|小区|社区|花园|大道)[\d一二三四五六七八九十百零〇]+(?:号|组)(?:[\d一二三四五六七八九十百零〇A-Za-z-]+(?:栋|幢|号楼|单元|楼|层|室|号|户))*/g,
  },
];

const ADDRESS_LEAD = /^(?:[她他我其]|[现家暂]?住[在于]?|居住[在于]?|位于|地址[是为]?|在)+/;

// Common surnames (single-character), enough to recognise 张三 / 王某某 / 李某乙 style mentions.
const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const NAME_WITH_MOU = new RegExp(`[${SURNAMES}]某{1,2}[甲乙丙丁戊]?`, "g");

const CJK_NAME = /^[\u4e00-\u9fa5]{2,4}$/;

function looksLikeName(s: string): boolean {
  return CJK_NAME.test(s) && SURNAMES.includes(s[0]!);
}

export type Masker = {
  /** Masks one text; placeholders are shared across every text masked by this masker. */
  mask(text: string): string;
  /** placeholder → original text */
  readonly mapping: Map<string, string>;
};

export function createMasker(options: MaskOptions = {}): Masker {
  const mapping = new Map<string, string>();
  const byValue = new Map<string, string>();
  const counters = new Map<MaskKind, number>();
  const placeholderFor = (kind: MaskKind, value: string): string => {
    const key = `${kind}\u0000${value}`;
    const existing = byValue.get(key);
    if (existing) return existing;
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    const p = `〔${kind}${n}〕`;
    byValue.set(key, p);
    mapping.set(p, value);
    return p;
  };
  const names = options.names
    ? [...new Set((options.knownNames ?? []).filter(looksLikeName))].sort((a, b) => b.length - a.length)
    : [];
  return {
    mapping,
    mask(text: string): string {
      let masked = text;
      for (const { kind, re } of PATTERNS) {
        masked = masked.replace(re, (m) => {
          if (kind !== "地址") return placeholderFor(kind, m);
          // The lazy province/city prefix can swallow the words before it (她现住…): keep those.
          const lead = ADDRESS_LEAD.exec(m)?.[0] ?? "";
          return lead.length < m.length ? lead + placeholderFor(kind, m.slice(lead.length)) : m;
        });
      }
      if (options.names) {
        for (const name of names) if (masked.includes(name)) masked = masked.split(name).join(placeholderFor("姓名", name));
        masked = masked.replace(NAME_WITH_MOU, (m) => placeholderFor("姓名", m));
      }
      return masked;
    },
  };
}

export function maskPersonalData(text: string, options: MaskOptions = {}): MaskResult {
  const masker = createMasker(options);
  return { masked: masker.mask(text), mapping: masker.mapping };
}

/** Puts the originals back wherever the model echoed a placeholder. */
export function restorePersonalData(text: string, mapping: Map<string, string>): string {
  if (mapping.size === 0) return text;
  return text.replace(/〔(?:身份证|银行卡|电话|地址|姓名|邮箱)\d+〕/g, (p) => mapping.get(p) ?? p);
}

/** Restores every string inside a JSON-like value. */
export function restoreDeep<T>(value: T, mapping: Map<string, string>): T {
  if (typeof value === "string") return restorePersonalData(value, mapping) as T;
  if (Array.isArray(value)) return value.map((v) => restoreDeep(v, mapping)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreDeep(v, mapping)])) as T;
  }
  return value;
}
