// Status roll-up: resources → check target → check → control. ERROR and NO_EVIDENCE never
// become PASS; a definite FAIL outranks missing evidence elsewhere (it is a finding regardless).
import { CONTROL_STATUSES, type CheckOutcome, type ControlStatus, type ResourceCompliance, type ResourceResult } from '../domain/index.ts';
import type { Control } from '../catalog/index.ts';
import type { CheckResult, ControlResult, TargetStatus } from '../domain/index.ts';

export function countResults(results: ResourceResult[]): Record<ResourceCompliance, number> {
  const counts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
  for (const r of results) counts[r.compliance] += 1;
  return counts;
}

export function targetStatus(outcome: CheckOutcome): { status: TargetStatus; reason?: string } {
  if (outcome.kind === 'error') return { status: 'ERROR', reason: outcome.reason };
  if (outcome.kind === 'no_evidence') return { status: 'NO_EVIDENCE', reason: outcome.reason };
  const c = countResults(outcome.results);
  if (c.NON_COMPLIANT > 0) return { status: 'FAIL', reason: `${c.NON_COMPLIANT} of ${outcome.results.length} resources non-compliant` };
  if (c.COMPLIANT > 0) return { status: 'PASS', reason: `${c.COMPLIANT} resources compliant` };
  if (outcome.results.length > 0 && c.NOT_APPLICABLE === outcome.results.length) {
    return { status: 'PASS', reason: `all ${c.NOT_APPLICABLE} evaluated resources are not applicable` };
  }
  if (outcome.results.length === 0) return { status: 'NO_EVIDENCE', reason: 'no resources were evaluated' };
  return { status: 'NO_EVIDENCE', reason: `only insufficient data for ${c.INSUFFICIENT_DATA} resources` };
}

const PRECEDENCE: TargetStatus[] = ['FAIL', 'ERROR', 'NO_EVIDENCE', 'PASS'];

export function worst(statuses: TargetStatus[]): TargetStatus {
  for (const s of PRECEDENCE) if (statuses.includes(s)) return s;
  return 'NO_EVIDENCE';
}

export function checkStatus(check: CheckResult): TargetStatus {
  return check.targets.length === 0 ? 'NO_EVIDENCE' : worst(check.targets.map((t) => t.status));
}

const COUNTED = /^(\d+) of (\d+) resources non-compliant$/;

/**
 * One reason for the targets a control's reason names: theirs when they share it, the counts
 * added up when each counts its non-compliant resources, else the first target's, said to be one
 * of several (a single target's count must not read as the whole check's).
 */
function placesReason(ts: { account: string; region: string; reason?: string }[]): string | undefined {
  const first = ts[0]?.reason;
  if (ts.length < 2) return first;
  const counted = ts.map((t) => COUNTED.exec(t.reason ?? ''));
  if (counted.every((m) => m !== null)) {
    const [bad, all] = counted.reduce(([b, a], m) => [b + Number(m![1]), a + Number(m![2])], [0, 0]);
    return `${bad} of ${all} resources non-compliant`;
  }
  if (ts.every((t) => t.reason === first)) return first;
  const t = ts.find((x) => x.reason) ?? ts[0]!;
  return t.reason ? `${t.account}/${t.region}: ${t.reason}; other reasons elsewhere` : undefined;
}

export function evaluateControl(control: Control, checks: Map<string, CheckResult>): ControlResult {
  if (control.checks.length === 0) {
    return { id: control.id, status: 'MANUAL', reason: 'manual control: needs an attestation' };
  }
  const per = control.checks.map((id) => {
    const c = checks.get(id);
    return { id, status: c ? checkStatus(c) : ('ERROR' as TargetStatus), check: c };
  });
  const status = worst(per.map((p) => p.status));
  const named = per.filter((p) => p.status === status);
  const where = (p: (typeof per)[number]): string => {
    const ts = p.check?.targets.filter((t) => t.status === status) ?? [];
    const places = ts.map((t) => `${t.account}/${t.region}`).join(', ');
    const reason = placesReason(ts);
    return `${p.id}${places ? ` in ${places}` : ''}${reason ? ` (${reason})` : ''}`;
  };
  const reasons: Record<TargetStatus, string> = {
    PASS: per.length === 1 ? 'its check passed in every account and region' : `all ${per.length} checks passed in every account and region`,
    FAIL: `failed: ${named.map(where).join('; ')}`,
    ERROR: `collection failed: ${named.map(where).join('; ')}`,
    NO_EVIDENCE: `no evidence: ${named.map(where).join('; ')}`,
  };
  return { id: control.id, status, reason: reasons[status] };
}

export function countStatuses(controls: { status: ControlStatus }[]): Record<ControlStatus, number> {
  const out = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
  for (const c of controls) out[c.status] += 1;
  return out;
}

export { PASS_RATE_DEFINITION } from '../domain/index.ts';
