// IAM Access Analyzer's facts: the analyzers of each account-region.
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import { unit } from '../prng.ts';

export interface AnalyzerFacts {
  arn: string;
  name: string;
  type: 'ACCOUNT' | 'ORGANIZATION';
  status: 'ACTIVE';
  createdAt: string;
}

export class AccessAnalyzerFacts {
  constructor(private readonly org: OrgModel) {}

  /**
   * The management account runs an organization analyzer in every region; members have an
   * account analyzer in the first region and in some others; the newest member only in the first.
   */
  analyzers(account: string, region: string): AnalyzerFacts[] {
    const org = this.org;
    const make = (name: string, type: AnalyzerFacts['type']): AnalyzerFacts => ({
      arn: `arn:aws:access-analyzer:${region}:${account}:analyzer/${name}`,
      name,
      type,
      status: 'ACTIVE',
      createdAt: new Date(EPOCH - Math.floor(60 + unit(org.seed, account, region, 'analyzer') * 300) * DAY_MS).toISOString().replace('.000Z', 'Z'),
    });
    if (account === org.management) return [make('org-access-analyzer', 'ORGANIZATION')];
    if (region === org.first) return [make('account-access-analyzer', 'ACCOUNT')];
    if (account === org.members.at(-1)) return [];
    return unit(org.seed, account, region, 'has-analyzer') < 0.6 ? [make('account-access-analyzer', 'ACCOUNT')] : [];
  }
}
