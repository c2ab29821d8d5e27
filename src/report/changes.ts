// The small diff between a run and the one before it, for one framework: the summary's "changes
// since the previous run". Computed by the caller from the two stored results files and passed
// into the view model builder (which stays a pure function of its inputs).
import { CONTROL_STATUSES, type ControlStatus } from '../domain/index.ts';
import { passRate } from '../domain/index.ts';
import type { Framework } from '../catalog/index.ts';
import type { RunResults } from '../domain/index.ts';
import type { ChangesView } from './types.ts';

function failingKeys(results: RunResults, checkIds: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const c of results.checks) {
    if (!checkIds.has(c.id)) continue;
    for (const t of c.targets) {
      for (const r of t.results) {
        if (r.compliance === 'NON_COMPLIANT') out.add(`${c.id}\u0000${t.account}\u0000${t.region}\u0000${r.resourceType}\u0000${r.resourceId}`);
      }
    }
  }
  return out;
}

const rate = passRate;

/** Null when the previous run has no results for this framework. */
export function diffRuns(previous: RunResults, current: RunResults, framework: Framework): ChangesView | null {
  const before = previous.frameworks.find((f) => f.id === framework.id);
  const now = current.frameworks.find((f) => f.id === framework.id);
  if (!before || !now) return null;
  const beforeById = new Map(before.controls.map((c) => [c.id, c.status]));
  const nowById = new Map(now.controls.map((c) => [c.id, c.status]));
  const changed: ChangesView['changed'] = [];
  for (const c of framework.controls) {
    const to = nowById.get(c.id);
    if (to === undefined) continue;
    const from = beforeById.get(c.id) ?? null;
    if (from !== to) changed.push({ controlId: c.id, title: c.title, from, to });
  }
  const checkIds = new Set(framework.controls.flatMap((c) => c.checks));
  const was = failingKeys(previous, checkIds);
  const is = failingKeys(current, checkIds);
  let newly = 0;
  for (const k of is) if (!was.has(k)) newly += 1;
  let resolved = 0;
  for (const k of was) if (!is.has(k)) resolved += 1;
  const byStatusDelta = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, (now.byStatus[s] ?? 0) - (before.byStatus[s] ?? 0)])) as Record<ControlStatus, number>;
  return {
    previousRunId: previous.runId,
    previousFinishedAt: previous.finishedAt,
    previousPassRate: rate(before.byStatus),
    byStatusDelta,
    changed,
    newlyFailingResources: newly,
    resolvedResources: resolved,
  };
}
