import { DescribeTrailsCommand, GetEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { defineCollector } from '../define.ts';
import { pick } from '../absent.ts';
import type { TrailEventSelectors } from '../../domain/index.ts';
import { validated, z } from '../validate.ts';

const FIELD_OPS = ['Equals', 'NotEquals', 'StartsWith', 'NotStartsWith', 'EndsWith', 'NotEndsWith'] as const;

const TRAILS = z.object({
  trailList: z.array(z.object({ Name: z.string().min(1), TrailARN: z.string().min(1), HomeRegion: z.string().min(1), IsMultiRegionTrail: z.boolean() })),
});
const strings = z.array(z.string()).optional();
// TrailARN is in every answer: without it the answer is not about the trail asked for. No
// selectors at all is an answer (AWS then logs all management events), so both lists may be absent.
const SELECTORS = z.object({
  TrailARN: z.string().min(1),
  EventSelectors: z
    .array(
      z.object({
        ReadWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']),
        IncludeManagementEvents: z.boolean(),
        DataResources: z.array(z.object({ Type: z.string().optional(), Values: strings })).optional(),
        ExcludeManagementEventSources: strings,
      }),
    )
    .optional(),
  AdvancedEventSelectors: z
    .array(
      z.object({
        Name: z.string().optional(),
        FieldSelectors: z.array(z.object({ Field: z.string().min(1), Equals: strings, NotEquals: strings, StartsWith: strings, NotStartsWith: strings, EndsWith: strings, NotEndsWith: strings })),
      }),
    )
    .optional(),
});

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
    const out = validated(TRAILS, await runner.call(requests, 'cloudtrail', 'DescribeTrails', params, () => client.send(new DescribeTrailsCommand(params))), 'cloudtrail', 'DescribeTrails');
    const trails: TrailEventSelectors[] = [];
    for (const t of out.trailList) {
      // Asked in the trail's home region: AWS answers for a trail there, not always for its shadows.
      const home = t.HomeRegion === target.region ? client : clients.cloudtrail(t.HomeRegion);
      const p = { TrailName: t.TrailARN };
      const s = validated(SELECTORS, await runner.call(requests, 'cloudtrail', 'GetEventSelectors', p, () => home.send(new GetEventSelectorsCommand(p))), 'cloudtrail', 'GetEventSelectors');
      trails.push({
        TrailARN: s.TrailARN,
        Name: t.Name,
        HomeRegion: t.HomeRegion,
        IsMultiRegionTrail: t.IsMultiRegionTrail,
        EventSelectors: (s.EventSelectors ?? []).map((e) => ({
          ReadWriteType: e.ReadWriteType,
          IncludeManagementEvents: e.IncludeManagementEvents,
          DataResources: (e.DataResources ?? []).map((d) => pick(d, ['Type', 'Values'] as const)),
          ExcludeManagementEventSources: e.ExcludeManagementEventSources ?? [],
        })),
        AdvancedEventSelectors: (s.AdvancedEventSelectors ?? []).map((a) => ({
          ...pick(a, ['Name'] as const),
          FieldSelectors: a.FieldSelectors.map((f) => ({ Field: f.Field, ...pick(f, FIELD_OPS) })),
        })),
      });
    }
    return { trails };
  },
});
