import { ListRegionsCommand } from '@aws-sdk/client-account';
import { defineCollector } from '../define.ts';

/** Statuses under which a region answers API calls. */
export const ENABLED_REGION_STATUSES = ['ENABLED', 'ENABLED_BY_DEFAULT'] as const;

export const accountRegions = defineCollector({
  id: 'account-regions',
  service: 'account',
  scope: 'account',
  permissions: ['account:ListRegions'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.account(target.region);
    // Every region with its status, not only the enabled ones: the evidence shows why a region
    // was left out.
    const regions: { RegionName: string; RegionOptStatus: string }[] = [];
    let NextToken: string | undefined;
    do {
      const input = { MaxResults: 50, ...(NextToken ? { NextToken } : {}) };
      const out = await runner.call(requests, 'account', 'ListRegions', input, () => client.send(new ListRegionsCommand(input)));
      for (const r of out.Regions ?? []) regions.push({ RegionName: r.RegionName ?? '', RegionOptStatus: r.RegionOptStatus ?? 'UNKNOWN' });
      NextToken = out.NextToken;
    } while (NextToken);
    regions.sort((a, b) => (a.RegionName < b.RegionName ? -1 : a.RegionName > b.RegionName ? 1 : 0));
    return { regions };
  },
});

export function enabledRegionNames(data: { regions: { RegionName: string; RegionOptStatus: string }[] }): string[] {
  return data.regions.filter((r) => (ENABLED_REGION_STATUSES as readonly string[]).includes(r.RegionOptStatus)).map((r) => r.RegionName);
}
