// AWS CloudTrail (awsJson1_1, target prefix CloudTrail_20131101).
import { AwsError } from '../errors.ts';
import { EPOCH } from '../clock.ts';
import type { JsonHandler } from './types.ts';

export const cloudtrailHandlers: Record<string, JsonHandler> = {
  DescribeTrails(input, ctx) {
    const shadow = input.includeShadowTrails !== false;
    const wanted = input.trailNameList as string[] | undefined;
    const trails = ctx.org.cloudtrail
      .trails(ctx.account, ctx.region)
      .filter((t) => shadow || t.HomeRegion === ctx.region)
      .filter((t) => !wanted || wanted.length === 0 || wanted.includes(t.Name) || wanted.includes(t.TrailARN));
    return {
      trailList: trails.map((t) => ({
        Name: t.Name,
        S3BucketName: t.S3BucketName,
        IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
        IsMultiRegionTrail: t.IsMultiRegionTrail,
        HomeRegion: t.HomeRegion,
        TrailARN: t.TrailARN,
        LogFileValidationEnabled: t.LogFileValidationEnabled,
        ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
        ...(t.CloudWatchLogsLogGroupArn ? { CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn, CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: t.IsOrganizationTrail,
      })),
    };
  },

  GetTrailStatus(input, ctx) {
    const name = input.Name;
    if (typeof name !== 'string' || name === '') throw new AwsError('InvalidTrailNameException', 'Trail name or ARN is required');
    // By name only trails homed here; by ARN also a multi-region trail's shadow, as AWS allows.
    const t = ctx.org.cloudtrail.trails(ctx.account, ctx.region).find((x) => x.TrailARN === name || (x.Name === name && x.HomeRegion === ctx.region));
    if (!t) throw new AwsError('TrailNotFoundException', `Unknown trail: ${name} for the user: ${ctx.account}`);
    const at = Math.floor((EPOCH + ctx.day * 86_400_000) / 1000);
    return {
      IsLogging: t.IsLogging,
      ...(t.IsLogging ? { LatestDeliveryTime: at - 300, StartLoggingTime: Math.floor(EPOCH / 1000) - 86_400 * 30 } : { StopLoggingTime: at - 86_400 * 3 }),
    };
  },
};
