// CloudTrail's facts: the organization trail (which the newest member never joined) and a
// legacy single-region trail in the second region, as DescribeTrails shows them with shadows.
import type { OrgModel } from '../org.ts';

export interface Trail {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail: boolean;
  LogFileValidationEnabled: boolean;
  KmsKeyId?: string;
  /** Where the trail also sends its events (CloudWatch Logs), if anywhere. */
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  S3BucketName: string;
  IncludeGlobalServiceEvents: boolean;
  IsLogging: boolean;
}

export class CloudTrailFacts {
  constructor(private readonly org: OrgModel) {}

  /** Trails visible from an account-region (DescribeTrails with shadow trails). */
  trails(account: string, region: string): Trail[] {
    const { first, management: m, members, regions } = this.org;
    const orgTrail: Trail = {
      Name: 'org-trail',
      TrailARN: `arn:aws:cloudtrail:${first}:${m}:trail/org-trail`,
      HomeRegion: first,
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      LogFileValidationEnabled: true,
      KmsKeyId: this.org.kms.keyArn(m, first, this.org.resource('key', m, first, 0).id),
      S3BucketName: `sbx-org-cloudtrail-${m}`,
      // The organization trail also streams to CloudWatch Logs; the legacy trail does not.
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${first}:${m}:log-group:aws-cloudtrail-logs-org:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${m}:role/CloudTrailToCloudWatchLogs`,
      IncludeGlobalServiceEvents: true,
      IsLogging: true,
    };
    const out: Trail[] = [];
    // The organization trail covers every account but the newest member, which joined after it
    // was set up and was never enrolled: an account with a CloudTrail gap.
    const gap = members.length > 0 && account === members.at(-1);
    if (!gap) out.push(orgTrail);
    if (regions.length > 1 && region === regions[1]) {
      out.push({
        Name: 'legacy-regional-trail',
        TrailARN: `arn:aws:cloudtrail:${region}:${account}:trail/legacy-regional-trail`,
        HomeRegion: region,
        IsMultiRegionTrail: false,
        IsOrganizationTrail: false,
        LogFileValidationEnabled: false,
        S3BucketName: `sbx-legacy-trail-${account}`,
        IncludeGlobalServiceEvents: false,
        IsLogging: false,
      });
    }
    return out;
  }

  /** The trails an account owns in their home region (the ones Config records there). */
  ownTrails(account: string, region: string): Trail[] {
    return this.trails(account, region).filter((t) => t.HomeRegion === region && t.TrailARN.includes(`:${account}:`));
  }
}
