// The sandbox check of a diff: the resource changes the sandbox's truth holds between two days,
// for the region-scoped Config rules a run collected, against the ones a diff found. Targets where
// the sandbox deploys no rule were judged from configuration items by this tool's evaluators; the
// truth holds no rule results for them, so they are counted apart, not compared (the test suite
// compares item verdicts with the oracle resource by resource).
import type { SandboxTruth } from './truth.ts';
import type { RunDiff } from '../history/index.ts';

export interface SandboxCheck {
  checks: number;
  expected: number;
  found: number;
  missing: string[];
  unexpected: string[];
  /** Resource changes the diff found on targets judged from configuration items (not compared). */
  fromItems: number;
  becameNonCompliant: number;
  becameCompliant: number;
}

function verdicts(truth: SandboxTruth, checks: Set<string>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const account of truth.accounts) {
    for (const region of truth.regions) {
      for (const rule of truth.configRules[account]?.[region] ?? []) {
        const check = `config:${rule.SourceIdentifier}`;
        if (!checks.has(check)) continue;
        const k = `${check} ${account}/${region}`;
        const m = out.get(k) ?? new Map<string, string>();
        for (const r of rule.results) m.set(`${r.resourceType} ${r.resourceId}`, r.compliance);
        out.set(k, m);
      }
    }
  }
  return out;
}

/** `checks`: the region-scoped Config rule checks both runs collected (ids "config:<SOURCE_IDENTIFIER>"). */
export function checkDiffAgainstTruth(d: RunDiff, before: SandboxTruth, after: SandboxTruth, checks: Set<string>): SandboxCheck {
  const a = verdicts(before, checks);
  const b = verdicts(after, checks);
  const expected = new Set<string>();
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k) ?? new Map<string, string>();
    const y = b.get(k) ?? new Map<string, string>();
    for (const [res, to] of y) {
      const from = x.get(res);
      if (from === undefined) expected.add(`${k} ${res} added`);
      else if (from !== to) expected.add(`${k} ${res} ${to === 'NON_COMPLIANT' ? 'became-non-compliant' : from === 'NON_COMPLIANT' && to === 'COMPLIANT' ? 'became-compliant' : 'changed'}`);
    }
    for (const res of x.keys()) if (!y.has(res)) expected.add(`${k} ${res} removed`);
  }
  const deployed = (k: string): boolean => a.has(k) || b.has(k);
  const found = new Set<string>();
  let fromItems = 0;
  for (const c of d.checks) {
    if (!checks.has(c.check)) continue;
    for (const t of c.targets) {
      const k = `${c.check} ${t.account}/${t.region}`;
      if (!deployed(k)) {
        fromItems += t.resources.length;
        continue;
      }
      for (const r of t.resources) found.add(`${k} ${r.resourceType} ${r.resourceId} ${r.kind}`);
    }
  }
  const count = (suffix: string): number => [...expected].filter((e) => e.endsWith(suffix)).length;
  return {
    checks: checks.size,
    expected: expected.size,
    found: found.size,
    missing: [...expected].filter((e) => !found.has(e)).sort(),
    unexpected: [...found].filter((f) => !expected.has(f)).sort(),
    fromItems,
    becameNonCompliant: count(' became-non-compliant'),
    becameCompliant: count(' became-compliant'),
  };
}
