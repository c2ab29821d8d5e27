import { item, ruleCases } from './helpers.ts';

const ZONE = 'Z0418572EXAMPLE1QSX8';
const GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/shop.example.com';
const NAME_SERVERS = ['ns-1536.awsdns-00.co.uk', 'ns-0.awsdns-00.com', 'ns-1024.awsdns-00.org', 'ns-512.awsdns-00.net'];

// A hosted zone's item: the published schema's fields, query logging nested as it records it.
function zone(extra: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::Route53::HostedZone', {
    resourceId: ZONE,
    resourceName: 'shop.example.com.',
    configuration: { Id: ZONE, Name: 'shop.example.com.', NameServers: NAME_SERVERS, ...extra },
  });
}

const logging = (group: unknown = GROUP) => ({ QueryLoggingConfig: { CloudWatchLogsLogGroupArn: { CloudWatchLogsLogGroupArn: group, HostedZoneId: ZONE, Id: '87654321-dcba-fedc-4321-abcdefEXAMPLE' } } });
const PRIVATE = { VPCs: [{ VPCId: 'vpc-0123456789abcdef0', VPCRegion: 'us-east-1' }] };

ruleCases('ROUTE53_QUERY_LOGGING_ENABLED', {
  compliant: [
    { name: 'a public zone logging its queries', item: zone(logging()) },
    { name: 'a public zone with an empty VPC list, logging', item: zone({ ...logging(), VPCs: [] }) },
  ],
  nonCompliant: [
    { name: 'a public zone without query logging', item: zone() },
    { name: 'a public zone whose logging configuration is null', item: zone({ QueryLoggingConfig: null }) },
  ],
  notApplicable: [
    { name: 'a private zone without query logging', item: zone({ Name: 'corp.internal.', NameServers: undefined, ...PRIVATE }) },
    { name: 'a private zone logging its queries', item: zone({ ...PRIVATE, ...logging() }) },
    { name: 'a bucket, not a hosted zone', item: item('AWS::S3::Bucket', { configuration: { name: 'acme-data' } }) },
  ],
  malformed: [
    { name: 'no zone id', item: item('AWS::Route53::HostedZone', { resourceId: ZONE, configuration: { Name: 'shop.example.com.' } }) },
    { name: 'logging configuration without the nested object', item: zone({ QueryLoggingConfig: { CloudWatchLogsLogGroupArn: GROUP } }) },
    { name: 'logging configuration without a log group', item: zone(logging(null)) },
    { name: 'an empty log group ARN', item: zone(logging('')) },
    { name: 'VPCs that is not a list', item: zone({ VPCs: 'vpc-0123456789abcdef0' }) },
  ],
});
