import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
analyzeCase("楼上漏水",{schemas:[]});
for (const u of ["1元", "一万", "8万", "约3万元左右", "第一条", "“", "（", "。", "，", "\n", "工资", "漏", "¥1", "老板拖欠工资", "打我", "1元，"]) {
  const s = u.repeat(30000).slice(0, 30000);
  const t=performance.now(); try { analyzeCase(s,{schemas:[]}); } catch(e) { console.log(u, String(e).slice(0,80)); } console.log(JSON.stringify(u), Math.round(performance.now()-t));
}
