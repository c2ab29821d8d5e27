// The fewest AWS calls a complete collection of the organization needs, by operation: the
// yardstick for "calls made ÷ minimum" in the collection benchmark.
import type { OrgModel } from './org.ts';

const pages = (items: number, size: number): number => Math.max(1, Math.ceil(items / size));

export function minimumCalls(org: OrgModel): { total: number; byOperation: Record<string, number> } {
  const by: Record<string, number> = {};
  const add = (op: string, n: number): void => {
    by[op] = (by[op] ?? 0) + n;
  };
  add('sts.GetCallerIdentity', 1);
  add('organizations.ListAccounts', pages(org.accounts.length, 20));
  add('sts.AssumeRole', org.members.length);
  for (const a of org.accounts) {
    for (const r of org.regions) {
      const rules = org.rules(a, r);
      add('config.DescribeConfigRules', pages(rules.length, 25));
      add('config.DescribeConfigurationRecorderStatus', 1);
      for (const rule of rules.filter((x) => x.owner === 'AWS')) add('config.GetComplianceDetailsByConfigRule', pages(org.resultCount(a, r, rule), 100));
      add('cloudtrail.DescribeTrails', 1);
      add('cloudtrail.GetTrailStatus', org.trails(a, r).length);
    }
  }
  return { total: Object.values(by).reduce((x, y) => x + y, 0), byOperation: by };
}
