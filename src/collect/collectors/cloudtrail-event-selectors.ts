import { DescribeTrailsCommand, GetEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { defineCollector } from '../define.ts';
import { pick } from '../absent.ts';
import type { TrailEventSelectors } from '../../domain/index.ts';

const FIELD_OPS = ['Equals', 'NotEquals', 'StartsWith', 'NotStartsWith', 'EndsWith', 'NotEndsWith'] as const;

export const cloudtrailEventSelectors = defineCollector({
  id: 'cloudtrail-event-selectors',
  service: 'cloudtrail',
  scope: 'region',
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.cloudtrail(target.region);
    // Shadow trails too: a multi-region trail homed elsewhere records this region's events.
    const params = { includeShadowTrails: true };
    const out = await runner.call(requests, 'cloudtrail', 'DescribeTrails', params, () => client.send(new DescribeTrailsCommand(params)));
    const trails: TrailEventSelectors[] = [];
    for (const t of out.trailList ?? []) {
      const p = { TrailName: t.TrailARN ?? t.Name ?? '' };
      const s = await runner.call(requests, 'cloudtrail', 'GetEventSelectors', p, () => client.send(new GetEventSelectorsCommand(p)));
      trails.push({
        TrailARN: s.TrailARN ?? t.TrailARN ?? '',
        Name: t.Name ?? '',
        HomeRegion: t.HomeRegion ?? '',
        IsMultiRegionTrail: t.IsMultiRegionTrail === true,
        EventSelectors: (s.EventSelectors ?? []).map((e) => ({
          ...pick(e, ['ReadWriteType', 'IncludeManagementEvents'] as const),
          DataResources: (e.DataResources ?? []).map((d) => pick(d, ['Type', 'Values'] as const)),
          ExcludeManagementEventSources: e.ExcludeManagementEventSources ?? [],
        })),
        AdvancedEventSelectors: (s.AdvancedEventSelectors ?? []).map((a) => ({
          ...pick(a, ['Name'] as const),
          FieldSelectors: (a.FieldSelectors ?? []).map((f) => ({ Field: f.Field ?? '', ...pick(f, FIELD_OPS) })),
        })),
      });
    }
    return { trails };
  },
});
