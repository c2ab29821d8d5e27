// The fewest AWS calls a complete collection of the organization needs, by operation: the
// yardstick for "calls made ÷ minimum" in the collection benchmark.
import type { OrgModel } from './org.ts';
import { AWS_QUOTAS } from './faults.ts';

const pages = (items: number, size: number): number => Math.max(1, Math.ceil(items / size));

export interface MinimumCalls {
  total: number;
  byOperation: Record<string, number>;
  /** Seconds a collection needs at least under the quotas: the busiest (account, region, operation) ÷ its rate. */
  quotaLowerBoundSeconds: number;
}

export function minimumCalls(org: OrgModel, quotas: Record<string, number> = AWS_QUOTAS): MinimumCalls {
  const by: Record<string, number> = {};
  let bound = 0;
  let here: Record<string, number> = {};
  const add = (op: string, n: number): void => {
    by[op] = (by[op] ?? 0) + n;
    here[op] = (here[op] ?? 0) + n;
  };
  const settle = (): void => {
    for (const [op, n] of Object.entries(here)) {
      const rate = quotas[op] ?? quotas[`${op.split('.')[0]}.*`];
      if (rate) bound = Math.max(bound, n / rate);
    }
    here = {};
  };
  add('sts.GetCallerIdentity', 1);
  add('organizations.ListAccounts', pages(org.accounts.length, 20));
  add('sts.AssumeRole', org.members.length);
  settle();
  for (const a of org.accounts) {
    for (const r of org.regions) {
      const rules = org.rules(a, r);
      add('config.DescribeConfigRules', pages(rules.length, 25));
      add('config.DescribeConfigurationRecorderStatus', 1);
      for (const rule of rules.filter((x) => x.owner === 'AWS')) add('config.GetComplianceDetailsByConfigRule', pages(org.resultCount(a, r, rule), 100));
      add('cloudtrail.DescribeTrails', 1);
      add('cloudtrail.GetTrailStatus', org.trails(a, r).length);
      settle();
    }
  }
  return { total: Object.values(by).reduce((x, y) => x + y, 0), byOperation: by, quotaLowerBoundSeconds: bound };
}
