// Helpers shared by the command files: config + flags → the pieces a command needs.
import path from 'node:path';
import type { LoadedConfig } from '../config/index.ts';
import { selectFrameworks, type Catalog } from '../catalog/index.ts';
import type { Framework } from '../catalog/index.ts';
import { ConfigurationError } from '../domain/index.ts';
import { CONTROL_STATUSES } from '../domain/index.ts';
import type { CollectionRecord, FrameworkResult } from '../domain/index.ts';
import { usage, UsageError } from './exit.ts';
import { paint } from './color.ts';

export interface StoreFlags {
  config?: string;
  store?: string;
}

// trend and diff import these from paths.ts, which does not load the catalog as this file does
export { readPublicKey, resolvePath } from './paths.ts';

/** Where the public key of a signing key file is written: signing.key → signing.pub.pem. */
export function publicKeyFileOf(keyFile: string): string {
  return `${keyFile.replace(/\.key$/, '')}.pub.pem`;
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
  const out = frameworks.map((f) => `  ${f.id} ${f.version}: ${f.controls.length} controls: ${CONTROL_STATUSES.filter((s) => f.byStatus[s] > 0).map((s) => `${paint(s)} ${f.byStatus[s]}`).join(', ')}`);
  out.push(`  manifest   ${manifestKey}`, `  reports    ${rel(path.dirname(reports[0] ?? '.'))}/`);
  for (const r of reports) out.push(`             ${path.basename(r)} (+ .sig)`);
  return out;
}

/** Failed collections that share a region and a cause: which accounts, which operations. */
export interface FailureGroup {
  region: string;
  reason: string;
  accounts: string[];
  operations: string[];
  collections: number;
}

const OPERATION_RE = /\b([a-z][\w-]*\.[A-Z]\w+): /;

/** What failed in a partial run, grouped by region and cause, most collections first. */
export function failureGroups(collections: readonly CollectionRecord[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup & { acc: Set<string>; ops: Set<string> }>();
  for (const c of collections) {
    if (c.status !== 'failed') continue;
    const raw = c.reason ?? 'failed';
    const op = OPERATION_RE.exec(raw)?.[1] ?? (c.operation ? `${c.collector}:${c.operation}` : c.collector);
    // the operation is listed apart, so one cause in many operations reads as one cause
    const reason = raw.replace(OPERATION_RE, '');
    const key = `${c.region}\u0000${reason}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { region: c.region, reason, accounts: [], operations: [], collections: 0, acc: new Set(), ops: new Set() }));
    g.acc.add(c.account);
    g.ops.add(op);
    g.collections += 1;
  }
  return [...groups.values()]
    .map(({ acc, ops, ...g }) => ({ ...g, accounts: [...acc].sort(), operations: [...ops].sort() }))
    .sort((a, b) => b.collections - a.collections || a.region.localeCompare(b.region) || a.reason.localeCompare(b.reason));
}

const some = (items: string[], n: number): string => (items.length <= n ? items.join(', ') : `${items.slice(0, n).join(', ')}, … (${items.length})`);

/** The "not collected" lines of a run summary: at most `cap` groups, then the total. */
export function failureLines(collections: readonly CollectionRecord[], cap = 8): string[] {
  const groups = failureGroups(collections);
  if (groups.length === 0) return [];
  const failed = groups.reduce((n, g) => n + g.collections, 0);
  const out = [`  not collected  ${failed} of ${collections.length} collections failed:`];
  for (const g of groups.slice(0, cap)) {
    out.push(`    ${g.region}: ${g.accounts.length === 1 ? 'account' : `${g.accounts.length} accounts`} ${some(g.accounts, 3)}; ${some(g.operations, 3)}: ${g.reason}`);
  }
  if (groups.length > cap) {
    const rest = groups.slice(cap);
    out.push(`    … and ${rest.length} more cause(s) in ${rest.reduce((n, g) => n + g.collections, 0)} collection(s) (all in the run's results.json: coverage.collections)`);
  }
  return out;
}

/** The JSON summary's account of a partial run: the groups (capped) and the totals. */
export function failureSummary(collections: readonly CollectionRecord[], cap = 20): { failures?: { failedCollections: number; groups: FailureGroup[]; groupsNotShown: number } } {
  const groups = failureGroups(collections);
  if (groups.length === 0) return {};
  return { failures: { failedCollections: groups.reduce((n, g) => n + g.collections, 0), groups: groups.slice(0, cap), groupsNotShown: Math.max(0, groups.length - cap) } };
}

/**
 * The frameworks a command works on: --framework, else the config's `frameworks`. An unknown id
 * is a usage error from the flag, and from the file an error naming its file and line.
 */
export function chosenFrameworks(catalog: Catalog, loaded: LoadedConfig, flag: string[] | undefined): Framework[] {
  if (flag) return usage(() => selectFrameworks(catalog, flag));
  const ids = loaded.config.frameworks;
  const bad = ids.map((id, i) => [id, i] as const).filter(([id]) => id !== 'all' && !catalog.byId.has(id));
  if (bad.length > 0) {
    const known = [...catalog.byId.keys()].join(', ');
    throw new ConfigurationError(bad.map(([id, i]) => `${loaded.where(['frameworks', i])}: frameworks.${i}: unknown framework ${JSON.stringify(id)}`).join('\n') + `\n(known: ${known})`);
  }
  return selectFrameworks(catalog, ids);
}
