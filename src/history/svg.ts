// A self-contained SVG chart of one framework's trend: per day a stacked bar of controls by status
// (the report's status colours), and the pass rate as a line on a 0-100 % scale. No scripts, no
// external fonts or styles, so it can be inlined in HTML or rasterised for a PDF as it is.
import { CONTROL_STATUSES, type ControlStatus } from '../domain/index.ts';
import { STATUS_COLOURS } from '../report/index.ts';
import { trendSeriesOf } from './series.ts';
import type { TrendResult } from './types.ts';

export interface SvgOptions {
  width?: number;
  height?: number;
  title?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

// Stack order, bottom up: passing first so the green band reads as a baseline.
const STACK: ControlStatus[] = ['PASS', 'ATTESTED', 'EXCEPTION', 'MANUAL', 'NO_EVIDENCE', 'ERROR', 'FAIL'];

export function trendSvg(trend: TrendResult, framework: string, opts: SvgOptions = {}): string {
  const s = trendSeriesOf(trend, framework);
  const W = opts.width ?? 720;
  const H = opts.height ?? 280;
  const pad = { left: 44, right: 44, top: 30, bottom: 46 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const title = opts.title ?? `${s.name}: controls by status and pass rate, ${trend.since} to ${trend.until.slice(0, 10)}`;
  const n = s.days.length;
  const totals = s.days.map((_, i) => CONTROL_STATUSES.reduce((t, st) => t + s.byStatus[st][i]!, 0));
  const maxTotal = Math.max(1, ...totals);
  const slot = n > 0 ? plotW / n : plotW;
  const barW = Math.max(1, Math.min(24, slot * 0.8));
  const x = (i: number): number => pad.left + slot * i + (slot - barW) / 2;
  const yCount = (c: number): number => pad.top + plotH - (c / maxTotal) * plotH;
  const yRate = (r: number): number => pad.top + plotH - r * plotH;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">`);
  parts.push(`<title>${esc(title)}</title>`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${pad.left}" y="18" font-family="DejaVu Sans, Arial, sans-serif" font-size="12" font-weight="bold" fill="#1b1f24">${esc(title)}</text>`);
  // Axes: counts on the left, pass rate on the right.
  const axis = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="10" fill="#57606a"';
  for (const f of [0, 0.5, 1]) {
    const y = pad.top + plotH - f * plotH;
    parts.push(`<line x1="${pad.left}" y1="${num(y)}" x2="${pad.left + plotW}" y2="${num(y)}" stroke="#d0d7de" stroke-width="0.5"/>`);
    parts.push(`<text x="${pad.left - 4}" y="${num(y + 3)}" text-anchor="end" ${axis}>${Math.round(f * maxTotal)}</text>`);
    parts.push(`<text x="${pad.left + plotW + 4}" y="${num(y + 3)}" ${axis}>${Math.round(f * 100)}%</text>`);
  }
  if (n === 0) {
    parts.push(`<text x="${W / 2}" y="${pad.top + plotH / 2}" text-anchor="middle" ${axis}>no runs in this period</text>`);
  }
  for (let i = 0; i < n; i++) {
    let base = 0;
    for (const st of STACK) {
      const c = s.byStatus[st][i]!;
      if (c === 0) continue;
      const y1 = yCount(base + c);
      const h = yCount(base) - y1;
      parts.push(`<rect x="${num(x(i))}" y="${num(y1)}" width="${num(barW)}" height="${num(h)}" fill="${STATUS_COLOURS[st].background}"><title>${s.days[i]} ${st}: ${c}</title></rect>`);
      base += c;
    }
  }
  // Pass rate line; a day without automated controls breaks it rather than reading as 0 %.
  let path = '';
  let pen = false;
  for (let i = 0; i < n; i++) {
    const r = s.passRate[i];
    if (r === null || r === undefined) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${num(x(i) + barW / 2)} ${num(yRate(r))} `;
    pen = true;
  }
  if (path) parts.push(`<path d="${path.trim()}" fill="none" stroke="#0b4f8a" stroke-width="2"/>`);
  for (let i = 0; i < n; i++) {
    const r = s.passRate[i];
    if (r === null || r === undefined) continue;
    parts.push(`<circle cx="${num(x(i) + barW / 2)}" cy="${num(yRate(r))}" r="2" fill="#0b4f8a"><title>${s.days[i]} pass rate ${(r * 100).toFixed(1)}%</title></circle>`);
  }
  // Day labels: first, last and a few between.
  const every = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    if (i % every !== 0 && i !== n - 1) continue;
    parts.push(`<text x="${num(x(i) + barW / 2)}" y="${pad.top + plotH + 14}" text-anchor="middle" ${axis}>${s.days[i]!.slice(5)}</text>`);
  }
  // Legend.
  let lx = pad.left;
  const ly = H - 12;
  for (const st of STACK) {
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="9" height="9" fill="${STATUS_COLOURS[st].background}"/>`);
    parts.push(`<text x="${lx + 12}" y="${ly}" ${axis}>${st}</text>`);
    lx += 14 + st.length * 6.2 + 8;
  }
  parts.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 16}" y2="${ly - 4}" stroke="#0b4f8a" stroke-width="2"/>`);
  parts.push(`<text x="${lx + 20}" y="${ly}" ${axis}>pass rate</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
