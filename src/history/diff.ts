// Diff of two stored runs: controls whose status changed, per framework (regressions first),
// resources that changed per check target, coverage lost and regained, and exceptions and
// attestations that expired in between. Both manifests are verified before anything is read, and
// every file is read at the version and sha256 its manifest pins.
//
// Resources are compared target by target by merging the two runs' sorted target streams, so
// memory holds one target at a time, not an organization's resources twice. Of results.json only
// the frameworks and the scope are parsed (the per-target detail is in resources.ndjson), except
// for runs written before resources.ndjson existed.
import type { EvidenceStore } from '../store/index.ts';
import { resolveRunId } from '../store/index.ts';
import type { Catalog } from '../catalog/index.ts';
import { CONTROL_STATUSES, type ControlStatus, type ResourceResult } from '../domain/index.ts';
import type { ControlResult, FrameworkResult } from '../domain/index.ts';
import { compareTargets, HistorySourceError, KeyRing, readCheckTargets, readResultsForDiff, verifiedManifest, type CheckTarget, type ResultsForDiff } from './load.ts';
import {
  CONTROL_CHANGE_KINDS,
  type CheckDiff,
  type ControlChange,
  type ControlChangeKind,
  type ExpiredAttestation,
  type ExpiredException,
  type FrameworkDiff,
  type ResourceChange,
  type RunDiff,
  type TargetDiff,
} from './types.ts';

export interface DiffOptions {
  framework?: string;
  /** Trusted public key (PEM); without it the key kept in the store is used (and said so). */
  publicKeyPem?: string;
  /** Control → check mapping, to name who uses a check and to filter by framework; default: the built-in catalog. */
  catalog?: Catalog;
}

const blind = (s: ControlStatus): boolean => s === 'ERROR' || s === 'NO_EVIDENCE';

/** How a control's status change reads; see ControlChangeKind. */
export function classifyChange(from: ControlStatus | null, to: ControlStatus | null): ControlChangeKind {
  if (from === null || to === null) return 'other';
  if (to === 'FAIL') return 'regression';
  if (from === 'ATTESTED' && to === 'MANUAL') return 'regression';
  if (blind(to) && !blind(from)) return 'coverage-loss';
  if (from === 'FAIL' && to === 'PASS') return 'fix';
  if ((to === 'EXCEPTION' || to === 'ATTESTED') && (from === 'FAIL' || from === 'MANUAL')) return 'accepted';
  if (blind(from) && !blind(to)) return 'coverage-gain';
  return 'other';
}

const natural = new Intl.Collator('en', { numeric: true });
const kindRank = new Map(CONTROL_CHANGE_KINDS.map((k, i) => [k, i]));
const zeroKinds = (): Record<ControlChangeKind, number> => Object.fromEntries(CONTROL_CHANGE_KINDS.map((k) => [k, 0])) as Record<ControlChangeKind, number>;

function dayOfIso(iso: string): string {
  return iso.slice(0, 10);
}

function expiredExceptions(fw: string, a: ControlResult | undefined, b: ControlResult, dayA: string, dayB: string): ExpiredException[] {
  const out: ExpiredException[] = [];
  for (const e of b.exceptions ?? []) {
    if (e.state !== 'expired') continue;
    const before = a?.exceptions?.find((x) => x.id === e.id);
    // In date at A (by its own record, or by date when A did not carry it) and lapsed by B.
    const lapsed = before ? before.state === 'active' : dayA <= e.expires && e.expires < dayB;
    if (lapsed) out.push({ framework: fw, control: b.id, id: e.id, expires: e.expires, approver: e.approver, reason: e.reason, statusB: b.status });
  }
  return out;
}

function expiredAttestations(fw: string, a: ControlResult | undefined, b: ControlResult, dayA: string, dayB: string): ExpiredAttestation[] {
  const out: ExpiredAttestation[] = [];
  const same = (x: { attester: string; date: string }, y: { attester: string; date: string }): boolean => x.attester === y.attester && x.date === y.date;
  for (const t of b.attestations ?? []) {
    if (t.state !== 'expired') continue;
    const before = a?.attestations?.find((x) => same(x, t));
    const lapsed = before ? before.state === 'valid' : dayA <= t.validUntil && t.validUntil < dayB;
    if (lapsed) out.push({ framework: fw, control: b.id, attester: t.attester, date: t.date, validUntil: t.validUntil, statusB: b.status });
  }
  return out;
}

function diffFramework(id: string, fa: FrameworkResult | undefined, fb: FrameworkResult | undefined, dayA: string, dayB: string): FrameworkDiff {
  const ca = new Map((fa?.controls ?? []).map((c) => [c.id, c]));
  const cb = new Map((fb?.controls ?? []).map((c) => [c.id, c]));
  const changes: ControlChange[] = [];
  const exceptions: ExpiredException[] = [];
  const attestations: ExpiredAttestation[] = [];
  if (fa && fb) {
    for (const cid of new Set([...ca.keys(), ...cb.keys()])) {
      const a = ca.get(cid);
      const b = cb.get(cid);
      if (b) {
        exceptions.push(...expiredExceptions(id, a, b, dayA, dayB));
        attestations.push(...expiredAttestations(id, a, b, dayA, dayB));
      }
      const from = a?.status ?? null;
      const to = b?.status ?? null;
      if (from === to) continue;
      changes.push({ framework: id, control: cid, kind: classifyChange(from, to), from, to, reasonFrom: a?.reason ?? null, reasonTo: b?.reason ?? null });
    }
  }
  changes.sort((x, y) => kindRank.get(x.kind)! - kindRank.get(y.kind)! || natural.compare(x.control, y.control));
  const counts = zeroKinds();
  for (const c of changes) counts[c.kind] += 1;
  const byId = (x: { control: string }, y: { control: string }): number => natural.compare(x.control, y.control);
  const ref = fb ?? fa!;
  return {
    id,
    name: ref.name,
    version: ref.version,
    onlyIn: fa && fb ? null : fa ? 'A' : 'B',
    byStatusA: fa?.byStatus ?? null,
    byStatusB: fb?.byStatus ?? null,
    changes,
    counts,
    expiredExceptions: exceptions.sort(byId),
    expiredAttestations: attestations.sort(byId),
  };
}

/** Resources are comparable where the run judged them: not where it failed to collect or had no source. */
function comparable(t: CheckTarget | null): boolean {
  if (!t) return true; // target out of scope in that run: its resources are added or removed
  return t.status !== 'ERROR' && !(t.status === 'NO_EVIDENCE' && t.results.length === 0);
}

const judged = (t: CheckTarget | null): boolean => t !== null && (t.status === 'PASS' || t.status === 'FAIL');

const resourceKey = (r: ResourceResult): string => `${r.resourceType}\u0000${r.resourceId}`;

function compareResources(a: ResourceResult[], b: ResourceResult[]): ResourceChange[] {
  const before = new Map(a.map((r) => [resourceKey(r), r]));
  const out: ResourceChange[] = [];
  for (const r of b) {
    const k = resourceKey(r);
    const old = before.get(k);
    before.delete(k);
    if (!old) {
      out.push({ kind: 'added', resourceType: r.resourceType, resourceId: r.resourceId, from: null, to: r.compliance });
      continue;
    }
    if (old.compliance === r.compliance) continue;
    const kind = r.compliance === 'NON_COMPLIANT' ? 'became-non-compliant' : old.compliance === 'NON_COMPLIANT' && r.compliance === 'COMPLIANT' ? 'became-compliant' : 'changed';
    out.push({ kind, resourceType: r.resourceType, resourceId: r.resourceId, from: old.compliance, to: r.compliance });
  }
  for (const r of before.values()) out.push({ kind: 'removed', resourceType: r.resourceType, resourceId: r.resourceId, from: r.compliance, to: null });
  return out.sort((x, y) => natural.compare(x.resourceId, y.resourceId) || natural.compare(x.resourceType, y.resourceType));
}

export function diffTarget(a: CheckTarget | null, b: CheckTarget | null): TargetDiff | null {
  const t = (b ?? a)!;
  const coverage = a && b ? (judged(a) && !judged(b) ? 'lost' : !judged(a) && judged(b) ? 'regained' : null) : null;
  const resources = comparable(a) && comparable(b) ? compareResources(a?.results ?? [], b?.results ?? []) : [];
  const statusA = a?.status ?? null;
  const statusB = b?.status ?? null;
  if (resources.length === 0 && coverage === null && statusA === statusB) return null;
  return {
    check: t.check,
    account: t.account,
    region: t.region,
    statusA,
    statusB,
    ...(a?.reason ? { reasonA: a.reason } : {}),
    ...(b?.reason ? { reasonB: b.reason } : {}),
    coverage,
    resources,
  };
}

/** Merges two sorted target streams: pairs with the same (check, account, region), or one side alone. */
async function* mergeTargets(a: AsyncIterator<CheckTarget>, b: AsyncIterator<CheckTarget>): AsyncGenerator<[CheckTarget | null, CheckTarget | null]> {
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    const c = x.done ? 1 : y.done ? -1 : compareTargets(x.value, y.value);
    if (c === 0) {
      yield [x.value as CheckTarget, y.value as CheckTarget];
      [x, y] = await Promise.all([a.next(), b.next()]);
    } else if (c < 0) {
      yield [x.value as CheckTarget, null];
      x = await a.next();
    } else {
      yield [null, y.value as CheckTarget];
      y = await b.next();
    }
  }
}

function emptyCheck(check: string, usedBy: string[]): CheckDiff {
  const controls = usedBy.map((u) => {
    const i = u.indexOf('/');
    return { framework: u.slice(0, i), control: u.slice(i + 1) };
  });
  return { check, controls, becameNonCompliant: 0, becameCompliant: 0, changed: 0, added: 0, removed: 0, coverageLost: 0, coverageRegained: 0, targets: [] };
}

function tally(c: CheckDiff, t: TargetDiff): void {
  c.targets.push(t);
  if (t.coverage === 'lost') c.coverageLost += 1;
  if (t.coverage === 'regained') c.coverageRegained += 1;
  for (const r of t.resources) {
    if (r.kind === 'became-non-compliant') c.becameNonCompliant += 1;
    else if (r.kind === 'became-compliant') c.becameCompliant += 1;
    else if (r.kind === 'changed') c.changed += 1;
    else if (r.kind === 'added') c.added += 1;
    else c.removed += 1;
  }
}

const setMinus = (x: string[], y: string[]): string[] => x.filter((v) => !y.includes(v)).sort();

export async function diffRuns(store: EvidenceStore, runA: string, runB: string, opts: DiffOptions = {}): Promise<RunDiff> {
  const [idA, idB] = [await resolveRunId(store, runA), await resolveRunId(store, runB)];
  const ring = new KeyRing(store, opts.publicKeyPem);
  // Both manifests verify before either run is read.
  const ma = await verifiedManifest(store, idA, ring);
  const mb = await verifiedManifest(store, idB, ring);
  const [ra, rb]: [ResultsForDiff, ResultsForDiff] = await Promise.all([readResultsForDiff(store, ma.manifest), readResultsForDiff(store, mb.manifest)]);

  const fwIds = [...new Set([...ra.frameworks.map((f) => f.id), ...rb.frameworks.map((f) => f.id)])].sort();
  if (opts.framework && !fwIds.includes(opts.framework)) {
    throw new HistorySourceError(`framework ${opts.framework} is in neither run ${idA} nor ${idB}; they evaluated: ${fwIds.join(', ')}`);
  }
  const dayA = dayOfIso(ma.manifest.startedAt);
  const dayB = dayOfIso(mb.manifest.startedAt);
  const frameworks = (opts.framework ? [opts.framework] : fwIds).map((id) =>
    diffFramework(
      id,
      ra.frameworks.find((f) => f.id === id),
      rb.frameworks.find((f) => f.id === id),
      dayA,
      dayB,
    ),
  );

  const catalog = opts.catalog ?? (await (await import('../catalog/index.ts')).loadCatalog());
  let wantedChecks: Set<string> | null = null;
  if (opts.framework) {
    const fw = catalog.byId.get(opts.framework);
    if (fw) wantedChecks = new Set(fw.controls.flatMap((c) => c.checks));
  }
  const checks = new Map<string, CheckDiff>();
  const ia = readCheckTargets(store, ma.manifest, ra);
  const ib = readCheckTargets(store, mb.manifest, rb);
  for await (const [a, b] of mergeTargets(ia, ib)) {
    const check = (a ?? b)!.check;
    if (wantedChecks && !wantedChecks.has(check)) continue;
    const d = diffTarget(a, b);
    if (!d) continue;
    let c = checks.get(check);
    if (!c) checks.set(check, (c = emptyCheck(check, (catalog.usedBy.get(check) ?? []).filter((u) => !opts.framework || u.startsWith(`${opts.framework}/`)))));
    tally(c, d);
  }
  const checkList = [...checks.values()].sort((x, y) => natural.compare(x.check, y.check));
  const sum = (f: (c: CheckDiff) => number): number => checkList.reduce((n, c) => n + f(c), 0);
  return {
    schema: 'run-diff/v1',
    a: ma.run,
    b: mb.run,
    framework: opts.framework ?? null,
    frameworks,
    checks: checkList,
    totals: {
      regressions: frameworks.reduce((n, f) => n + f.counts.regression, 0),
      coverageLosses: frameworks.reduce((n, f) => n + f.counts['coverage-loss'], 0),
      fixes: frameworks.reduce((n, f) => n + f.counts.fix, 0),
      becameNonCompliant: sum((c) => c.becameNonCompliant),
      becameCompliant: sum((c) => c.becameCompliant),
      added: sum((c) => c.added),
      removed: sum((c) => c.removed),
      targetsCoverageLost: sum((c) => c.coverageLost),
      targetsCoverageRegained: sum((c) => c.coverageRegained),
      expiredExceptions: frameworks.reduce((n, f) => n + f.expiredExceptions.length, 0),
      expiredAttestations: frameworks.reduce((n, f) => n + f.expiredAttestations.length, 0),
    },
    scope: {
      accountsAdded: setMinus(rb.scope.accounts, ra.scope.accounts),
      accountsRemoved: setMinus(ra.scope.accounts, rb.scope.accounts),
      regionsAdded: setMinus(rb.scope.regions, ra.scope.regions),
      regionsRemoved: setMinus(ra.scope.regions, rb.scope.regions),
    },
  };
}

/** Every control status counted, for callers that print a framework's totals. */
export function statusLine(byStatus: Record<ControlStatus, number> | null): string {
  if (!byStatus) return '-';
  return CONTROL_STATUSES.filter((s) => byStatus[s] > 0)
    .map((s) => `${s} ${byStatus[s]}`)
    .join(', ');
}
