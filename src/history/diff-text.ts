// The diff for a terminal: per framework the controls that changed (regressions first), lapsed
// exceptions and attestations, then per check the targets whose coverage or resources changed.
// Resource lists are capped per target (`limit`); the JSON output lists them all.
import type { ControlChangeKind, RunDiff, TargetDiff } from './types.ts';
import { statusLine } from './diff.ts';
import { terminalSafe } from '../util/index.ts';

const KIND_LABEL: Record<ControlChangeKind, string> = {
  regression: 'REGRESSION',
  'coverage-loss': 'COVERAGE LOST',
  fix: 'fixed',
  accepted: 'accepted',
  'coverage-gain': 'coverage regained',
  other: 'changed',
};

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function targetLine(t: TargetDiff): string {
  const status = t.statusA === t.statusB ? `${t.statusB}` : `${t.statusA ?? 'absent'} → ${t.statusB ?? 'absent'}`;
  const cov = t.coverage === 'lost' ? `  COVERAGE LOST${t.reasonB ? `: ${t.reasonB}` : ''}` : t.coverage === 'regained' ? '  coverage regained' : '';
  return `    ${t.account}/${t.region}  ${status}${cov}`;
}

export function renderDiffText(d: RunDiff, opts: { limit?: number } = {}): string {
  const limit = opts.limit ?? 20;
  const L: string[] = [];
  const trust = d.a.keySource === 'pinned' ? 'the given public key' : 'the public key kept in the store';
  L.push(`Diff of run ${d.a.runId} (${d.a.status}, ${d.a.startedAt}) → run ${d.b.runId} (${d.b.status}, ${d.b.startedAt})`);
  L.push(`Both manifests verified with ${trust} (${d.b.keyId}).`);
  const t = d.totals;
  L.push(
    `Controls: ${t.regressions} regression(s), ${t.coverageLosses} coverage loss(es), ${t.fixes} fix(es). ` +
      `Resources: ${t.becameNonCompliant} became non-compliant, ${t.becameCompliant} became compliant, ${t.added} added, ${t.removed} removed. ` +
      `Targets: ${t.targetsCoverageLost} lost coverage, ${t.targetsCoverageRegained} regained.`,
  );
  const s = d.scope;
  if (s.accountsAdded.length + s.accountsRemoved.length + s.regionsAdded.length + s.regionsRemoved.length > 0) {
    L.push(`Scope: accounts +[${s.accountsAdded.join(', ')}] -[${s.accountsRemoved.join(', ')}], regions +[${s.regionsAdded.join(', ')}] -[${s.regionsRemoved.join(', ')}]`);
  }
  for (const fw of d.frameworks) {
    L.push('', `${fw.name} (${fw.id} ${fw.version})${fw.onlyIn ? `: only in run ${fw.onlyIn}` : ''}`);
    L.push(`  before: ${statusLine(fw.byStatusA)}`, `  after:  ${statusLine(fw.byStatusB)}`);
    if (fw.changes.length === 0) L.push('  no control changed status');
    for (const c of fw.changes) {
      L.push(`  ${KIND_LABEL[c.kind].padEnd(17)} ${c.control.padEnd(14)} ${c.from ?? 'absent'} → ${c.to ?? 'absent'}${c.reasonTo ? `  (${clip(c.reasonTo, 140)})` : ''}`);
    }
    for (const e of fw.expiredExceptions) L.push(`  EXCEPTION EXPIRED ${e.control.padEnd(14)} ${e.id}, valid through ${e.expires}, approved by ${e.approver}; now ${e.statusB}`);
    for (const a of fw.expiredAttestations) L.push(`  ATTESTATION EXPIRED ${a.control.padEnd(12)} by ${a.attester} (${a.date}), valid through ${a.validUntil}; now ${a.statusB}`);
  }
  if (d.checks.length > 0) L.push('', 'Checks with changes:');
  for (const c of d.checks) {
    const counts = [
      c.becameNonCompliant && `${c.becameNonCompliant} became non-compliant`,
      c.becameCompliant && `${c.becameCompliant} became compliant`,
      c.changed && `${c.changed} changed`,
      c.added && `${c.added} added`,
      c.removed && `${c.removed} removed`,
      c.coverageLost && `${c.coverageLost} target(s) lost coverage`,
      c.coverageRegained && `${c.coverageRegained} regained`,
    ].filter(Boolean);
    const used = c.controls.slice(0, 6).map((u) => `${u.framework}/${u.control}`).join(', ') + (c.controls.length > 6 ? ', …' : '');
    L.push(`  ${c.check}: ${counts.join(', ') || 'target status changed'}${used ? `  [${used}]` : ''}`);
    for (const tg of c.targets) {
      L.push(targetLine(tg));
      // Regressions first within a target too.
      const order = ['became-non-compliant', 'became-compliant', 'changed', 'added', 'removed'];
      const rs = [...tg.resources].sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind));
      for (const r of rs.slice(0, limit)) L.push(`      ${r.kind.padEnd(21)} ${r.resourceType} ${r.resourceId}  ${r.from ?? '-'} → ${r.to ?? '-'}`);
      if (rs.length > limit) L.push(`      … and ${rs.length - limit} more (--limit, or --format json for all)`);
    }
  }
  // Resource ids, reasons and names come from AWS and users: each line is made safe on its own.
  return L.map(terminalSafe).join('\n') + '\n';
}
