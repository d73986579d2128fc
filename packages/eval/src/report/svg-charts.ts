// Small, dependency-free SVG charts so report.html renders offline with no scripts.

export const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** Horizontal bars, one per label (per-label F1). Values in 0..max. */
export function barChart(bars: Array<{ label: string; value: number }>, opts: { title: string; max?: number; id: string }): string {
  const max = opts.max ?? 1;
  const rowH = 18;
  const labelW = 190;
  const plotW = 360;
  const height = 30 + bars.length * rowH + 20;
  const rows = bars.map((b, i) => {
    const y = 28 + i * rowH;
    const w = Math.max(0, Math.min(1, b.value / max)) * plotW;
    return `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" font-size="11">${escapeXml(b.label)}</text>` +
      `<rect class="bar" x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 5}" fill="${colorFor(b.value / max)}"><title>${escapeXml(b.label)}: ${fmt(b.value)}</title></rect>` +
      `<text x="${labelW + w + 4}" y="${y + 12}" font-size="10" fill="#444">${fmt(b.value)}</text>`;
  });
  return svg(opts.id, labelW + plotW + 50, height, opts.title, [
    `<line x1="${labelW}" y1="24" x2="${labelW}" y2="${height - 14}" stroke="#999"/>`,
    ...rows,
  ]);
}

/** Confusion-matrix heatmap: rows gold, columns predicted; cells shaded by row share. */
export function heatmap(labels: string[], counts: number[][], opts: { title: string; id: string }): string {
  const keep = labels.map((_, i) => i).filter((i) => (counts[i] ?? []).some((c) => c > 0) || counts.some((r) => (r[i] ?? 0) > 0));
  const cell = keep.length > 16 ? 20 : 28;
  const labelW = 150;
  const top = 130;
  const size = keep.length * cell;
  const parts: string[] = [];
  keep.forEach((gi, r) => {
    const row = counts[gi] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    parts.push(`<text x="${labelW - 4}" y="${top + r * cell + cell * 0.65}" text-anchor="end" font-size="10">${escapeXml(labels[gi]!)}</text>`);
    keep.forEach((pi, c) => {
      const n = row[pi] ?? 0;
      const share = total === 0 ? 0 : n / total;
      const fill = n === 0 ? "#f6f6f6" : gi === pi ? shade(share, [33, 128, 70]) : shade(share, [200, 60, 50]);
      parts.push(`<rect class="cell" x="${labelW + c * cell}" y="${top + r * cell}" width="${cell - 1}" height="${cell - 1}" fill="${fill}"><title>${escapeXml(labels[gi]!)} → ${escapeXml(labels[pi]!)}: ${n}</title></rect>`);
      if (n > 0) parts.push(`<text x="${labelW + c * cell + cell / 2}" y="${top + r * cell + cell * 0.65}" text-anchor="middle" font-size="9" fill="${share > 0.5 ? "#fff" : "#222"}">${n}</text>`);
    });
  });
  keep.forEach((pi, c) => {
    const x = labelW + c * cell + cell / 2;
    parts.push(`<text transform="translate(${x},${top - 6}) rotate(-60)" font-size="10">${escapeXml(labels[pi]!)}</text>`);
  });
  parts.push(`<text x="${labelW + size / 2}" y="${top + size + 18}" text-anchor="middle" font-size="11" fill="#555">predicted →</text>`);
  parts.push(`<text transform="translate(14,${top + size / 2}) rotate(-90)" text-anchor="middle" font-size="11" fill="#555">gold →</text>`);
  return svg(opts.id, labelW + size + 30, top + size + 30, opts.title, parts);
}

/** Lines over k = 1..K (recall@k curve); values 0..1. */
export function lineChart(series: Array<{ name: string; values: number[] }>, opts: { title: string; id: string; xLabel: string }): string {
  const w = 420;
  const h = 220;
  const left = 44;
  const top = 28;
  const plotW = w - left - 110;
  const plotH = h - top - 36;
  const k = Math.max(1, ...series.map((s) => s.values.length));
  const x = (i: number) => left + (k === 1 ? plotW / 2 : (i / (k - 1)) * plotW);
  const y = (v: number) => top + (1 - v) * plotH;
  const colors = ["#2458a6", "#d9822b", "#2e8b57", "#a23b72"];
  const parts: string[] = [];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${left}" y1="${y(t)}" x2="${left + plotW}" y2="${y(t)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${left - 4}" y="${y(t) + 3}" text-anchor="end" font-size="10">${t}</text>`);
  }
  for (let i = 0; i < k; i++) parts.push(`<text x="${x(i)}" y="${top + plotH + 14}" text-anchor="middle" font-size="10">${i + 1}</text>`);
  parts.push(`<text x="${left + plotW / 2}" y="${h - 4}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(opts.xLabel)}</text>`);
  series.forEach((s, si) => {
    const color = colors[si % colors.length]!;
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    parts.push(`<polyline class="series" points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
    s.values.forEach((v, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"><title>${escapeXml(s.name)} @${i + 1}: ${fmt(v)}</title></circle>`));
    parts.push(`<rect x="${left + plotW + 12}" y="${top + si * 16}" width="10" height="10" fill="${color}"/><text x="${left + plotW + 26}" y="${top + si * 16 + 9}" font-size="10">${escapeXml(s.name)}</text>`);
  });
  return svg(opts.id, w, h, opts.title, parts);
}

/** Vertical bars for a histogram (latency). */
export function histogramChart(buckets: Array<{ label: string; count: number }>, opts: { title: string; id: string; xLabel: string }): string {
  const barW = 34;
  const left = 40;
  const top = 28;
  const plotH = 140;
  const w = Math.max(280, left + Math.max(1, buckets.length) * barW + 20);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const parts: string[] = [`<line x1="${left}" y1="${top + plotH}" x2="${w - 10}" y2="${top + plotH}" stroke="#999"/>`];
  parts.push(`<text x="${left - 4}" y="${top + 8}" text-anchor="end" font-size="10">${max}</text>`);
  buckets.forEach((b, i) => {
    const hgt = (b.count / max) * plotH;
    const x = left + i * barW + 3;
    parts.push(`<rect class="bar" x="${x}" y="${(top + plotH - hgt).toFixed(1)}" width="${barW - 6}" height="${hgt.toFixed(1)}" fill="#5b7fbf"><title>${escapeXml(b.label)}: ${b.count}</title></rect>`);
    if (b.count > 0) parts.push(`<text x="${x + (barW - 6) / 2}" y="${(top + plotH - hgt - 3).toFixed(1)}" text-anchor="middle" font-size="9">${b.count}</text>`);
    parts.push(`<text x="${x + (barW - 6) / 2}" y="${top + plotH + 13}" text-anchor="middle" font-size="9">${escapeXml(b.label)}</text>`);
  });
  parts.push(`<text x="${(left + w) / 2}" y="${top + plotH + 30}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(opts.xLabel)}</text>`);
  return svg(opts.id, w, top + plotH + 38, opts.title, parts);
}

function svg(id: string, w: number, h: number, title: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${escapeXml(id)}" role="img" aria-label="${escapeXml(title)}" width="${Math.ceil(w)}" height="${Math.ceil(h)}" viewBox="0 0 ${Math.ceil(w)} ${Math.ceil(h)}">` +
    `<text x="4" y="16" font-size="13" font-weight="bold">${escapeXml(title)}</text>${parts.join("")}</svg>`;
}

function colorFor(v: number): string {
  if (v >= 0.8) return "#2e8b57";
  if (v >= 0.5) return "#d9a62b";
  return "#c8503c";
}

function shade(share: number, rgb: [number, number, number]): string {
  const a = 0.15 + 0.85 * share;
  const mix = (c: number) => Math.round(255 - (255 - c) * a);
  return `rgb(${mix(rgb[0])},${mix(rgb[1])},${mix(rgb[2])})`;
}
