// Varied, realistic narratives for the load benchmarks: twelve everyday dispute templates
// with randomised names, places, sums and durations. Deterministic for a seed.
export function benchNarratives(n: number, seedValue = 7): string[] {
  let seed = seedValue || 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "马", "孙"];
  const PLACES = ["城南工地", "幸福小区3号楼", "河西村", "建设路菜市场", "开发区一家电子厂", "东关社区", "县城步行街", "五里铺村二组"];
  const TEMPLATES: Array<() => string> = [
    () => `我们${int(3, 120)}个农民工在${pick(PLACES)}干活，包工头${pick(SURNAMES)}某拖欠我们${int(2, 8)}个月工资，一共${int(2, 380)}万元，找了好几次都说总包没给钱，大家快过年了想要回工资。`,
    () => `老板拖了我${int(1, 6)}个月工资不给，一共${int(3, 30)}000元，我在${pick(PLACES)}上班，没签劳动合同，现在他说我是临时工。`,
    () => `我老公经常喝酒，喝醉了就打我，${pick(["上个月", "前天", "去年冬天"])}把我打得${pick(["鼻青脸肿", "住了院", "胳膊骨折"])}，我${pick(["报了警", "回了娘家", "不敢报警"])}。我想离婚，孩子${int(2, 12)}岁，想跟我。`,
    () => `楼上${pick(["卫生间", "厨房", "阳台"])}漏水，把我家${pick(["天花板", "衣柜", "木地板"])}泡坏了，物业说是楼上防水层老化，楼上${pick(SURNAMES)}家不肯赔，修理要${int(2, 15)}000元。`,
    () => `${int(2019, 2024)}年我借给朋友${pick(SURNAMES)}某${int(1, 50)}万元，打了借条，约定${int(1, 3)}年还，利息${pick(["月息一分", "年利率6%", "没约定"])}，到期后他一直拖着不还，电话也不接。`,
    () => `我父亲今年${int(70, 92)}岁，有${int(2, 5)}个子女，大哥说分家时房子给了我，赡养老人应该我一个人管，每月${int(300, 1500)}元的药费没人出，老人现在住在${pick(PLACES)}。`,
    () => `我和邻居${pick(SURNAMES)}家因为宅基地界线吵了好几年，他家新盖的院墙占了我家${int(1, 3)}米，村里调解过${int(1, 4)}次没结果，他还扬言要拆我家的墙。`,
    () => `我在${pick(PLACES)}租房，合同到期退房，房东扣了我${int(1, 8)}000元押金，说墙面弄脏了要重新粉刷，我觉得不合理。`,
    () => `物业公司说我家欠了${int(1, 4)}年物业费${int(2, 9)}000多元，要起诉我，可小区电梯经常坏、垃圾没人清，我觉得他们服务不到位。`,
    () => `${pick(["前天", "上周", "昨天晚上"])}在${pick(["县城十字路口", "国道边", "小区门口"])}，一辆电动车把我母亲撞倒了，医药费花了${int(3, 60)}000元，交警认定对方全责，对方保险公司拖着不赔。`,
    () => `我在网上买了一台${pick(["冰箱", "手机", "电动车"])}，${int(2000, 9000)}元，收到就坏了，商家不给退，说已经过了七天。`,
    () => `我家的狗被邻居家的狗咬伤了，邻居的狗没拴绳，看病花了${int(800, 6000)}元，邻居说是我家狗先挑事的。`,
  ];

  const out = new Set<string>();
  for (let i = 0; out.size < n && i < n * 20; i++) out.add(pick(TEMPLATES)());
  return [...out];
}
