import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { defineCollector } from '../define.ts';
import type { TrailWithStatus } from '../../domain/index.ts';

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
    for (const t of out.trailList ?? []) {
      const name = t.TrailARN ?? t.Name ?? '';
      const sp = { Name: name };
      const st = await runner.call(requests, 'cloudtrail', 'GetTrailStatus', sp, () => client.send(new GetTrailStatusCommand(sp)));
      trails.push({
        Name: t.Name ?? '',
        TrailARN: t.TrailARN ?? '',
        HomeRegion: t.HomeRegion ?? '',
        IsMultiRegionTrail: t.IsMultiRegionTrail === true,
        IsOrganizationTrail: t.IsOrganizationTrail === true,
        LogFileValidationEnabled: t.LogFileValidationEnabled === true,
        ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
        ...(t.S3BucketName ? { S3BucketName: t.S3BucketName } : {}),
        ...(t.IncludeGlobalServiceEvents !== undefined ? { IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents } : {}),
        status: {
          IsLogging: st.IsLogging === true,
          ...(st.LatestDeliveryError ? { LatestDeliveryError: st.LatestDeliveryError } : {}),
          ...(st.LatestDeliveryTime ? { LatestDeliveryTime: st.LatestDeliveryTime.toISOString() } : {}),
        },
      });
    }
    return { trails };
  },
});
