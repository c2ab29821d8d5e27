// GuardDuty's facts: each account-region's detector, enabled where the
// GUARDDUTY_ENABLED_CENTRALIZED verdict says so, otherwise suspended or absent.
import { hexOf, unit } from '../prng.ts';
import { DAY_MS, atDay } from '../clock.ts';
import type { OrgModel } from '../org.ts';

export interface DetectorFacts {
  id: string;
  status: 'ENABLED' | 'DISABLED';
  created: number;
  updated: number;
}

export class GuardDutyFacts {
  constructor(private readonly org: OrgModel) {}

  /** The detector; in the last region the first member's is suspended and the newest member has none. */
  detector(account: string, region: string, day: number): DetectorFacts | null {
    const { seed, regions, members, config } = this.org;
    const last = regions.at(-1)!;
    const created = atDay(-200 - Math.floor(unit(seed, account, region, 'gd-created') * 300), 0.5);
    const detector = (status: DetectorFacts['status']): DetectorFacts => ({ id: hexOf(32, seed, account, region, 'detector'), status, created, updated: created + 30 * DAY_MS });
    if (region === last && account === members[0]) return detector('DISABLED');
    if (region === last && members.length > 1 && account === members.at(-1)) return null;
    if (config.seededOk('GUARDDUTY_ENABLED_CENTRALIZED', account, region, day)) return detector('ENABLED');
    return unit(seed, account, region, 'gd-off') < 0.5 ? null : detector('DISABLED');
  }
}
