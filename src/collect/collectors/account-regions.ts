import { ListRegionsCommand } from '@aws-sdk/client-account';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { validated, z } from '../validate.ts';

const REGIONS = z.array(z.object({ RegionName: z.string().min(1), RegionOptStatus: z.string() }));

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
    const listed = await allPages(runner, requests, {
      service: 'account',
      command: ListRegionsCommand,
      send: (c: ListRegionsCommand) => client.send(c),
      input: {},
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'Regions',
      pageSize: { field: 'MaxResults', value: 50 },
    });
    const regions = validated(REGIONS, listed, 'account', 'ListRegions').map((r) => ({ RegionName: r.RegionName, RegionOptStatus: r.RegionOptStatus }));
    regions.sort((a, b) => (a.RegionName < b.RegionName ? -1 : a.RegionName > b.RegionName ? 1 : 0));
    return { regions };
  },
});

export function enabledRegionNames(data: { regions: { RegionName: string; RegionOptStatus: string }[] }): string[] {
  return data.regions.filter((r) => (ENABLED_REGION_STATUSES as readonly string[]).includes(r.RegionOptStatus)).map((r) => r.RegionName);
}
