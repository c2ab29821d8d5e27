// The PDF's coverage lists grouped: every collection, missing rule and unjudged control is still
// counted and named (or covered by a "N accounts × regions" that expands to exactly its places).
import { describe, expect, it } from 'vitest';
import { describePlaces, groupCollections, groupControlsWithoutEvidence, groupRulesNotDeployed } from '../../src/report/coverage-groups.ts';
import type { CoverageView } from '../../src/report/types.ts';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['us-east-1', 'eu-west-1'];

/** Expands "3 accounts × eu-west-1, us-east-1" back to places, given the accounts it may name. */
function expand(described: string, accounts: string[]): string[] {
  const m = /^(\d+) accounts? × (.+)$/.exec(described);
  if (!m) return described.split(', ');
  const regions = m[2]!.split(', ');
  expect(accounts).toHaveLength(Number(m[1]));
  return accounts.flatMap((a) => regions.map((r) => `${a}/${r}`));
}

describe('coverage groups', () => {
  const collections: CoverageView['collections'] = ACCOUNTS.flatMap((account) =>
    REGIONS.flatMap((region) => [
      { account, region, collector: 'kms-keys', status: 'collected' as const, calls: 2, failedCalls: 0 },
      account === ACCOUNTS[1] && region === 'eu-west-1'
        ? { account, region, collector: 'cloudtrail-trails', status: 'failed' as const, calls: 3, failedCalls: 3, reason: 'AccessDenied' }
        : { account, region, collector: 'cloudtrail-trails', status: 'collected' as const, calls: 1, failedCalls: 0 },
    ]),
  );

  it('collections: one row per collector, status and reason, failures first, every place and call counted', () => {
    const groups = groupCollections(collections);
    expect(groups.map((g) => [g.collector, g.status, g.places.length, g.calls, g.failedCalls])).toEqual([
      ['cloudtrail-trails', 'failed', 1, 3, 3],
      ['cloudtrail-trails', 'collected', 5, 5, 0],
      ['kms-keys', 'collected', 6, 12, 0],
    ]);
    expect(groups[0]!.reason).toBe('AccessDenied');
    expect(describePlaces(groups[0]!.places)).toBe('222222222222/eu-west-1');
    // Five of six places are not every pairing: they are listed one by one.
    expect(describePlaces(groups[1]!.places).split(', ')).toHaveLength(5);
    expect(describePlaces(groups[2]!.places)).toBe('3 accounts × eu-west-1, us-east-1');
    expect(new Set(expand(describePlaces(groups[2]!.places), ACCOUNTS))).toEqual(new Set(groups[2]!.places));
  });

  it('rules not deployed: rules missing from the same places share a row, widest gap first', () => {
    const rows: CoverageView['rulesNotDeployed'] = [
      ...ACCOUNTS.flatMap((account) => REGIONS.flatMap((region) => ['B_RULE', 'A_RULE'].map((sourceIdentifier) => ({ account, region, sourceIdentifier })))),
      { account: ACCOUNTS[0]!, region: 'us-east-1', sourceIdentifier: 'C_RULE' },
    ];
    const groups = groupRulesNotDeployed(rows);
    expect(groups.map((g) => [describePlaces(g.places), g.rules])).toEqual([
      ['3 accounts × eu-west-1, us-east-1', ['A_RULE', 'B_RULE']],
      ['111111111111/us-east-1', ['C_RULE']],
    ]);
    expect(groups.reduce((n, g) => n + g.places.length * g.rules.length, 0)).toBe(rows.length);
  });

  it('controls without evidence: grouped by status and reason, every control named once', () => {
    const rows: CoverageView['controlsWithoutEvidence'] = [
      { controlId: 'AC-1', status: 'MANUAL', reason: 'manual control: needs attestation' },
      { controlId: 'AC-2', status: 'NO_EVIDENCE', reason: 'rule not deployed' },
      { controlId: 'AC-3', status: 'MANUAL', reason: 'manual control: needs attestation' },
    ];
    expect(groupControlsWithoutEvidence(rows)).toEqual([
      { status: 'MANUAL', reason: 'manual control: needs attestation', controls: ['AC-1', 'AC-3'] },
      { status: 'NO_EVIDENCE', reason: 'rule not deployed', controls: ['AC-2'] },
    ]);
  });
});
