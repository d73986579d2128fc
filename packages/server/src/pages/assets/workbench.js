// Mediator workbench: narrative → POST /v1/recommendations → facts, highlighted contested
// points, type, risk, plan, cited articles (full text), similar cases; copy or download.
const $ = (id) => document.getElementById(id);

const RISK_NAMES = { red: "红色（紧急）", orange: "橙色（高）", yellow: "黄色（中）", green: "绿色（低）" };
const ROLE_NAMES = { applicant: "申请人", respondent: "被申请人", "third-party": "第三人", unknown: "" };
const HIGHLIGHT_COLORS = 6;

let current = null; // { narrative, rec }

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const pct = (x) => `${Math.round(x * 100)}%`;

function setStatus(id, text, isError = false) {
  const s = $(id);
  s.textContent = text;
  s.classList.toggle("error", isError);
}

async function problemMessage(res) {
  try {
    const p = await res.json();
    return p.detail ?? p.title ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

// ---- highlights: contested-point evidence spans (UTF-16 offsets into the narrative) ----
function renderHighlights(text, points) {
  const spans = [];
  points.forEach((p, i) => {
    for (const e of p.evidence) {
      const start = Math.max(0, Math.min(text.length, e.start));
      const end = Math.max(start, Math.min(text.length, e.end));
      if (end > start) spans.push({ start, end, point: i });
    }
  });
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const box = $("highlighted");
  box.replaceChildren();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i];
    const b = bounds[i + 1];
    const piece = text.slice(a, b);
    const covering = [...new Set(spans.filter((s) => s.start <= a && s.end >= b).map((s) => s.point))];
    if (covering.length === 0) {
      box.append(piece);
      continue;
    }
    const mark = el("mark", { class: `hl hl-${covering[0] % HIGHLIGHT_COLORS}`, title: covering.map((k) => points[k].name).join("、") }, piece);
    mark.dataset.points = covering.map((k) => points[k].code).join(" ");
    box.append(mark);
  }
  $("point-legend").replaceChildren(
    ...points.map((p, i) =>
      el("li", {}, el("span", { class: `swatch hl-${i % HIGHLIGHT_COLORS}` }), `${p.name}（${pct(p.confidence)}）`),
    ),
  );
  $("highlight-card").hidden = false;
}

// ---- facts -------------------------------------------------------------------------------
function renderFacts(facts) {
  const rows = [
    ["人", facts.parties.map((p) => [p.label || p.mention, ROLE_NAMES[p.role], p.count ? `${p.count}人` : ""].filter(Boolean).join(" "))],
    ["事", facts.events.map((s) => s.text)],
    ["地", facts.places.map((s) => s.text)],
    ["时", facts.times.map((t) => (t.iso ? `${t.text}（${t.iso}）` : t.text))],
    ["因", facts.causes.map((s) => s.text)],
    ["金额", facts.amounts.map((a) => `${a.value.toLocaleString("zh-CN")} 元${a.approximate ? "（约）" : ""}${a.purpose ? ` · ${a.purpose}` : ""}`)],
    ["人数", facts.headCounts.map((h) => `${h.who} ${h.count} 人${h.approximate ? "（约）" : ""}`)],
    ["诉求", facts.demands.map((d) => (d.by ? `${d.by}：${d.summary}` : d.summary))],
  ];
  const dl = $("facts");
  dl.replaceChildren();
  for (const [name, values] of rows) {
    dl.append(el("dt", { text: name }), el("dd", { text: values.length ? [...new Set(values)].join("；") : "—" }));
  }
}

// ---- plan ----------------------------------------------------------------------------------
function list(tag, items) {
  return el(tag, {}, ...items.map((t) => el("li", { text: t })));
}

function renderPlan(plan) {
  const box = $("plan");
  box.replaceChildren(
    el("p", { text: plan.summary }),
    el("div", { class: "plan-section" }, el("h4", { text: "调解方式" }), list("ul", plan.approaches.map((a) => `${a.name}：${a.why}`))),
    el("div", { class: "plan-section" }, el("h4", { text: "步骤" }), list("ol", plan.steps.map((s) => `${s.title}：${s.detail}`))),
    el("div", { class: "plan-section" }, el("h4", { text: "需核实" }), list("ul", plan.verify)),
    el("div", { class: "plan-section" }, el("h4", { text: "需收集的证据" }), list("ul", plan.evidenceToGather)),
    el("div", { class: "plan-section" }, el("h4", { text: "协同部门" }), list("ul", plan.departments.map((d) => `${d.name}：${d.why}`))),
    el("div", { class: "plan-section" }, el("h4", { text: "办理时限" }), el("p", { text: `${plan.timeLimit.class === "simple" ? "简易纠纷" : "复杂纠纷"}，${plan.timeLimit.days} 日内：${plan.timeLimit.why}` })),
    el("div", { class: "plan-section" }, el("h4", { text: "释法说理要点" }), list("ul", plan.talkingPoints.map((t) => `【${t.pointName}】${t.text}`))),
  );
}

function renderArticles(legalBasis) {
  const box = $("articles");
  if (legalBasis.length === 0) {
    box.replaceChildren(el("p", { class: "muted", text: "没有找到可引用的条文。" }));
    return;
  }
  box.replaceChildren(
    ...legalBasis.map((c) =>
      el(
        "div",
        { class: "article" },
        el("div", { class: "title", text: `《${c.law}》${c.label}` }),
        el("div", { class: "text", text: c.text.replace(/\n{2,}/g, "\n") }),
        el("p", { class: "reason", text: `适用理由：${c.reason}` }),
      ),
    ),
  );
}

function renderCases(cases) {
  const box = $("cases");
  if (cases.length === 0) {
    box.replaceChildren(el("p", { class: "muted", text: "暂无类似案例。" }));
    return;
  }
  box.replaceChildren(
    ...cases.map((k) =>
      el(
        "div",
        { class: "case" },
        el("p", {}, el("strong", { text: k.title }), ` `, el("span", { class: "muted", text: `相似度 ${pct(Math.min(1, k.score))}` })),
        el("p", { text: k.summary }),
        el("p", { text: `做法：${k.plan}` }),
        el("p", { text: `结果：${k.outcome}` }),
      ),
    ),
  );
}

function render(narrative, rec) {
  const t = rec.type;
  $("type-name").textContent = t.name;
  $("type-confidence").textContent = `置信度 ${pct(t.confidence)}`;
  $("type-alternatives").textContent = t.alternatives.length ? `其他可能：${t.alternatives.map((a) => `${a.name} ${pct(a.confidence)}`).join("、")}` : "";
  $("engine").textContent = rec.engine === "llm" ? "由大模型辅助生成" : `离线引擎${rec.fallbackReason ? `（大模型不可用：${rec.fallbackReason}）` : ""}`;
  const level = $("risk-level");
  level.textContent = RISK_NAMES[rec.risk.level] ?? rec.risk.level;
  level.className = `risk risk-${rec.risk.level}`;
  $("risk-score").textContent = `评分 ${rec.risk.score}`;
  $("risk-reasons").replaceChildren(
    ...(rec.risk.reasons.length ? rec.risk.reasons.map((r) => el("li", { text: r.evidence[0] ? `${r.label}（“${r.evidence[0].text}”）` : r.label })) : [el("li", { text: "未发现风险因素" })]),
  );
  renderHighlights(narrative, rec.analysis.contestedPoints);
  renderFacts(rec.analysis.facts);
  renderPlan(rec.plan);
  renderArticles(rec.legalBasis);
  renderCases(rec.similarCases);
  $("output").hidden = false;
}

// ---- plan as text (copy) -------------------------------------------------------------------
function planText(narrative, rec) {
  const p = rec.plan;
  const lines = [
    "调解方案",
    `纠纷类型：${rec.type.name}`,
    `风险等级：${RISK_NAMES[rec.risk.level] ?? rec.risk.level}`,
    "",
    p.summary,
    "",
    "一、调解方式",
    ...p.approaches.map((a) => `· ${a.name}：${a.why}`),
    "二、步骤",
    ...p.steps.map((s) => `${s.order}. ${s.title}：${s.detail}`),
    "三、需核实",
    ...p.verify.map((v) => `· ${v}`),
    "四、需收集的证据",
    ...p.evidenceToGather.map((v) => `· ${v}`),
    "五、协同部门",
    ...p.departments.map((d) => `· ${d.name}：${d.why}`),
    `六、办理时限：${p.timeLimit.days} 日（${p.timeLimit.why}）`,
    "七、释法说理要点",
    ...p.talkingPoints.map((t) => `· 【${t.pointName}】${t.text}`),
    "八、法律依据",
    ...rec.legalBasis.flatMap((c) => [`《${c.law}》${c.label}`, c.text, `（适用理由：${c.reason}）`]),
  ];
  return lines.join("\n");
}

async function copyPlan() {
  if (!current) return;
  const text = planText(current.narrative, current.rec);
  try {
    await navigator.clipboard.writeText(text);
    setStatus("plan-status", "已复制到剪贴板");
  } catch {
    setStatus("plan-status", "浏览器不允许复制，请下载后使用", true);
  }
}

async function downloadPlan() {
  if (!current) return;
  const button = $("download-plan");
  button.disabled = true;
  setStatus("plan-status", "正在生成文档……");
  try {
    const res = await fetch("/v1/plan-document", {
      method: "POST",
      headers: { "content-type": "application/json" },
      // The analysis is not needed for the document and would only make the body larger.
      body: JSON.stringify({ narrative: current.narrative, recommendation: { ...current.rec, analysis: undefined } }),
    });
    if (!res.ok) throw new Error(await problemMessage(res));
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: `调解方案-${new Date().toISOString().slice(0, 10)}.docx` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus("plan-status", "已下载");
  } catch (error) {
    setStatus("plan-status", `下载失败：${error.message}`, true);
  } finally {
    button.disabled = false;
  }
}

async function analyze(event) {
  event.preventDefault();
  const narrative = $("narrative").value;
  if (!narrative.trim()) {
    setStatus("status", "请先输入案情", true);
    return;
  }
  const button = $("analyze");
  button.disabled = true;
  setStatus("status", "正在分析……");
  try {
    const res = await fetch("/v1/recommendations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: narrative }),
    });
    if (!res.ok) throw new Error(await problemMessage(res));
    const rec = await res.json();
    current = { narrative, rec };
    render(narrative, rec);
    setStatus("status", "分析完成");
  } catch (error) {
    setStatus("status", `分析失败：${error.message}`, true);
  } finally {
    button.disabled = false;
  }
}

$("analyze-form").addEventListener("submit", analyze);
$("copy-plan").addEventListener("click", () => void copyPlan());
$("download-plan").addEventListener("click", () => void downloadPlan());
