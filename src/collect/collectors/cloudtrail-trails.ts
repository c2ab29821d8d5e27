import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { defineCollector } from '../define.ts';
import { isoTime } from '../absent.ts';
import type { TrailWithStatus } from '../../domain/index.ts';
import { timestamp, validated, z } from '../validate.ts';

// DescribeTrails always states these per trail; the checks judge them, so none may be guessed.
export const TRAIL_LIST = z.object({
  trailList: z.array(
    z.object({
      Name: z.string().min(1),
      TrailARN: z.string().min(1),
      HomeRegion: z.string().min(1),
      IsMultiRegionTrail: z.boolean(),
      IsOrganizationTrail: z.boolean(),
      LogFileValidationEnabled: z.boolean(),
      KmsKeyId: z.string().optional(),
      S3BucketName: z.string().optional(),
      IncludeGlobalServiceEvents: z.boolean().optional(),
    }),
  ),
});
const TRAIL_STATUS = z.object({ IsLogging: z.boolean(), LatestDeliveryError: z.string().optional(), LatestDeliveryTime: timestamp.optional() });

export const cloudtrailTrails = defineCollector({
  id: 'cloudtrail-trails',
  service: 'cloudtrail',
  scope: 'region',
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.cloudtrail(target.region);
    // Shadow trails included: a multi-region trail homed elsewhere still covers this region.
    const params = { includeShadowTrails: true };
    const out = await runner.call(requests, 'cloudtrail', 'DescribeTrails', params, () => client.send(new DescribeTrailsCommand(params)));
    const trails: TrailWithStatus[] = [];
    for (const t of validated(TRAIL_LIST, out, 'cloudtrail', 'DescribeTrails').trailList) {
      // Asked where the trail lives: its home region always answers for it, a shadow's may not.
      const home = t.HomeRegion === target.region ? client : clients.cloudtrail(t.HomeRegion);
      const sp = { Name: t.TrailARN };
      const st = validated(TRAIL_STATUS, await runner.call(requests, 'cloudtrail', 'GetTrailStatus', sp, () => home.send(new GetTrailStatusCommand(sp))), 'cloudtrail', 'GetTrailStatus');
      trails.push({
        Name: t.Name,
        TrailARN: t.TrailARN,
        HomeRegion: t.HomeRegion,
        IsMultiRegionTrail: t.IsMultiRegionTrail,
        IsOrganizationTrail: t.IsOrganizationTrail,
        LogFileValidationEnabled: t.LogFileValidationEnabled,
        ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
        ...(t.S3BucketName ? { S3BucketName: t.S3BucketName } : {}),
        ...(t.IncludeGlobalServiceEvents !== undefined ? { IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents } : {}),
        status: {
          IsLogging: st.IsLogging,
          ...(st.LatestDeliveryError ? { LatestDeliveryError: st.LatestDeliveryError } : {}),
          ...(st.LatestDeliveryTime ? { LatestDeliveryTime: isoTime(st.LatestDeliveryTime)! } : {}),
        },
      });
    }
    return { trails };
  },
});
