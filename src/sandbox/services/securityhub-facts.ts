// Security Hub's facts: whether an account-region is subscribed (the SECURITYHUB_ENABLED
// verdict) and which standards it enabled.
import { unit } from '../prng.ts';
import { atDay } from '../clock.ts';
import type { OrgModel } from '../org.ts';

export interface HubFacts {
  arn: string;
  subscribedAt: number;
  standards: ('fsbp' | 'cis')[];
}

export class SecurityHubFacts {
  constructor(private readonly org: OrgModel) {}

  /** The hub, when subscribed; the newest member never enabled it in the last region. */
  hub(account: string, region: string, day: number): HubFacts | null {
    const { seed, regions, members, config } = this.org;
    if (members.length > 1 && account === members.at(-1) && region === regions.at(-1)) return null;
    if (!config.seededOk('SECURITYHUB_ENABLED', account, region, day)) return null;
    const fsbp = unit(seed, account, region, 'fsbp') >= 0.2;
    const cis = !fsbp || unit(seed, account, region, 'cis') < 0.5;
    return {
      arn: `arn:aws:securityhub:${region}:${account}:hub/default`,
      subscribedAt: atDay(-100 - Math.floor(unit(seed, account, region, 'sh-at') * 300), 0.25),
      standards: [...(fsbp ? (['fsbp'] as const) : []), ...(cis ? (['cis'] as const) : [])],
    };
  }
}
