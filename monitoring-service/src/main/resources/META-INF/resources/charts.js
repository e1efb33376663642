// Small SVG charts (no library): stacked horizontal bars and a column chart over time.
// Okabe-Ito colours; every chart also has a text legend and a data table or labels, so colour is never the only cue.

export const PALETTE = ['#0072B2', '#E69F00', '#56B4E9', '#009E73', '#D55E00', '#CC79A7', '#F0E442', '#000000', '#999999'];

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function legend(series) {
  const div = document.createElement('div');
  div.className = 'legend';
  for (const s of series) {
    const span = document.createElement('span');
    span.style.setProperty('--c', s.color);
    span.textContent = s.label;
    div.append(span);
  }
  return div;
}

/** rows: [{label, values: {key: n}}], keys: [{key, label, color}] -> horizontal stacked bars with totals. */
export function stackedBars(rows, keys, { width = 560, barHeight = 16, labelWidth = 170 } = {}) {
  const height = rows.length * (barHeight + 6) + 6;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' });
  const max = Math.max(1, ...rows.map(r => keys.reduce((s, k) => s + (r.values[k.key] || 0), 0)));
  const plot = width - labelWidth - 60;
  rows.forEach((r, i) => {
    const y = 6 + i * (barHeight + 6);
    svg.append(el('text', { x: labelWidth - 6, y: y + barHeight - 4, 'text-anchor': 'end' }, r.label));
    let x = labelWidth;
    let total = 0;
    for (const k of keys) {
      const v = r.values[k.key] || 0;
      if (!v) continue;
      total += v;
      const w = Math.max(1, (v / max) * plot);
      const rect = el('rect', { x, y, width: w, height: barHeight, fill: k.color, stroke: '#fff', 'stroke-width': 1 });
      rect.append(el('title', {}, `${r.label}: ${k.label} ${v}`));
      svg.append(rect);
      x += w;
    }
    svg.append(el('text', { x: x + 4, y: y + barHeight - 4 }, String(total)));
  });
  return svg;
}

/** points: [{t: Date, a: n, b: n}], series: [{key, label, color}] -> columns over time with axis labels. */
export function columns(points, series, { width = 560, height = 190, unit = '' } = {}) {
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' });
  const left = 44, bottom = 22, top = 8;
  const plotW = width - left - 8, plotH = height - top - bottom;
  const max = Math.max(1, ...points.map(p => series.reduce((s, k) => s + (p[k.key] || 0), 0)));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    svg.append(el('line', { x1: left, x2: width - 8, y1: y, y2: y, stroke: '#d0d4da' }));
    svg.append(el('text', { x: left - 4, y: y + 4, 'text-anchor': 'end' }, fmtNum(v) + unit));
  }
  const n = Math.max(points.length, 1);
  const bw = Math.min(plotW / n, 48); // a few buckets stay narrow columns instead of one wide block
  points.forEach((p, i) => {
    let y = top + plotH;
    for (const s of series) {
      const v = p[s.key] || 0;
      if (!v) continue;
      const h = (v / max) * plotH;
      y -= h;
      const r = el('rect', { x: left + i * bw + 1, y, width: Math.max(1, bw - 2), height: h, fill: s.color });
      r.append(el('title', {}, `${p.t.toLocaleTimeString()}: ${s.label} ${v}`));
      svg.append(r);
    }
  });
  const ticks = Math.min(points.length, 5);
  for (let i = 0; i < ticks; i++) {
    const idx = Math.round((i * (points.length - 1)) / Math.max(1, ticks - 1));
    const p = points[idx];
    svg.append(el('text', { x: left + idx * bw + bw / 2, y: height - 6, 'text-anchor': 'middle' }, p.t.toLocaleTimeString()));
  }
  return svg;
}

function fmtNum(v) {
  return v >= 1000 ? (v / 1000).toFixed(v >= 10000 ? 0 : 1) + 'k' : (Math.round(v * 10) / 10).toString();
}
