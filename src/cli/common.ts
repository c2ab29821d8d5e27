// Helpers shared by the command files: config + flags → the pieces a command needs.
import path from 'node:path';
import { expandHome } from '../config/config.ts';
import { CONTROL_STATUSES } from '../model.ts';
import type { FrameworkResult } from '../run/results.ts';
import { UsageError } from './exit.ts';

export interface StoreFlags {
  config?: string;
  store?: string;
}

export function resolvePath(p: string): string {
  return path.resolve(expandHome(p));
}

export function splitList(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export function parseIntFlag(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

/** The summary lines `run` and `merge` print: controls by status per framework, the manifest and the reports. */
export function outcomeLines(frameworks: FrameworkResult[], manifestKey: string, reports: string[]): string[] {
  const rel = (p: string): string => path.relative(process.cwd(), p) || p;
  const out = frameworks.map((f) => `  ${f.id} ${f.version}: ${f.controls.length} controls: ${CONTROL_STATUSES.filter((s) => f.byStatus[s] > 0).map((s) => `${s} ${f.byStatus[s]}`).join(', ')}`);
  out.push(`  manifest   ${manifestKey}`, `  reports    ${rel(path.dirname(reports[0] ?? '.'))}/`);
  for (const r of reports) out.push(`             ${path.basename(r)} (+ .sig)`);
  return out;
}
