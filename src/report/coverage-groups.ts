// The coverage section's long lists, grouped for print: account-regions with the same outcome
// collapse into one row that counts them and names them where they matter (a failure, or a rule
// missing in only some places). The view model keeps one entry each for HTML, CSV and JSON.
import type { CoverageView } from './types.ts';

const where = (account: string, region: string): string => `${account}/${region}`;

export interface CollectionGroup {
  collector: string;
  status: CoverageView['collections'][number]['status'];
  reason?: string;
  calls: number;
  failedCalls: number;
  /** The account-regions in the group, in report order. */
  places: string[];
}

/** Collections by collector, status and reason; groups that did not collect first. */
export function groupCollections(collections: CoverageView['collections']): CollectionGroup[] {
  const groups = new Map<string, CollectionGroup>();
  for (const c of collections) {
    const k = JSON.stringify([c.collector, c.status, c.reason ?? '']);
    const g = groups.get(k) ?? { collector: c.collector, status: c.status, ...(c.reason ? { reason: c.reason } : {}), calls: 0, failedCalls: 0, places: [] };
    g.calls += c.calls;
    g.failedCalls += c.failedCalls;
    g.places.push(where(c.account, c.region));
    groups.set(k, g);
  }
  const rank = (g: CollectionGroup): number => (g.status === 'collected' ? 1 : 0);
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || (a.collector < b.collector ? -1 : a.collector > b.collector ? 1 : 0));
}

export interface RuleGroup {
  /** The account-regions the rules are missing from. */
  places: string[];
  rules: string[];
}

/** Rules not deployed, those missing from the same account-regions together; widest gap first. */
export function groupRulesNotDeployed(rows: CoverageView['rulesNotDeployed']): RuleGroup[] {
  const byRule = new Map<string, string[]>();
  for (const r of rows) byRule.set(r.sourceIdentifier, [...(byRule.get(r.sourceIdentifier) ?? []), where(r.account, r.region)]);
  const groups = new Map<string, RuleGroup>();
  for (const [rule, places] of byRule) {
    const k = JSON.stringify(places);
    const g = groups.get(k) ?? { places, rules: [] };
    g.rules.push(rule);
    groups.set(k, g);
  }
  for (const g of groups.values()) g.rules.sort();
  return [...groups.values()].sort((a, b) => b.places.length - a.places.length || (a.rules[0]! < b.rules[0]! ? -1 : 1));
}

export interface ControlGroup {
  status: CoverageView['controlsWithoutEvidence'][number]['status'];
  reason: string;
  controls: string[];
}

/** Controls without evidence by status and reason, in the order the section lists them. */
export function groupControlsWithoutEvidence(rows: CoverageView['controlsWithoutEvidence']): ControlGroup[] {
  const groups = new Map<string, ControlGroup>();
  for (const r of rows) {
    const k = JSON.stringify([r.status, r.reason]);
    const g = groups.get(k) ?? { status: r.status, reason: r.reason, controls: [] };
    g.controls.push(r.controlId);
    groups.set(k, g);
  }
  return [...groups.values()];
}

/**
 * Where a group is: "4 accounts × eu-west-1, us-east-1" when it is every pairing of its accounts
 * and regions, else each account/region.
 */
export function describePlaces(places: string[]): string {
  const accounts = new Set(places.map((p) => p.slice(0, p.indexOf('/'))));
  const regions = [...new Set(places.map((p) => p.slice(p.indexOf('/') + 1)))].sort();
  if (places.length > 1 && new Set(places).size === accounts.size * regions.length) {
    return `${accounts.size} account${accounts.size === 1 ? '' : 's'} × ${regions.join(', ')}`;
  }
  return places.join(', ');
}
