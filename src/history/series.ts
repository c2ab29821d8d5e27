// The plain per-day series of one framework's trend: what a chart draws (SVG here, pdfkit in the pack).
import { CONTROL_STATUSES, type ControlStatus } from '../domain/index.ts';
import { HistorySourceError } from './load.ts';
import type { TrendResult, TrendSeries } from './types.ts';

export function trendSeriesOf(trend: TrendResult, framework: string): TrendSeries {
  const ft = trend.frameworks.find((f) => f.id === framework);
  if (!ft) throw new HistorySourceError(`the trend has no framework ${framework}; it has: ${trend.frameworks.map((f) => f.id).join(', ') || 'none'}`);
  const byStatus = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, ft.points.map((p) => p.byStatus[s])])) as Record<ControlStatus, number[]>;
  return { framework: ft.id, name: ft.name, days: ft.points.map((p) => p.day), byStatus, passRate: ft.points.map((p) => p.passRate) };
}
