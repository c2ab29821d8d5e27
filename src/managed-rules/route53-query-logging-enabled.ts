// route53-query-logging-enabled: a public hosted zone logs its DNS queries to CloudWatch Logs. No
// parameters. Reads configuration.VPCs (the VPCs a private zone is associated with) and
// configuration.QueryLoggingConfig.CloudWatchLogsLogGroupArn, whose fields (the query logging
// configuration's CloudWatchLogsLogGroupArn, HostedZoneId and Id) the published schema nests one
// level down, under a key of the same name. Judgements: the item records no PrivateZone flag, so a
// zone associated with at least one VPC is private and NOT_APPLICABLE (the page judges public
// zones only), and a zone with no VPCs is public; a zone whose item holds no query logging
// configuration fails; one that holds it without a log group ARN string is malformed, as is an
// item without configuration.Id, or a VPCs value that is not a list.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable, isRecord } from './define.ts';

const LOGGING = 'configuration.QueryLoggingConfig';

export default defineRuleEvaluator({
  rule: 'ROUTE53_QUERY_LOGGING_ENABLED',
  resourceTypes: ['AWS::Route53::HostedZone'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.Id');
    const vpcs = ci.objects('configuration.VPCs', false);
    if (vpcs.length > 0) return notApplicable(`private hosted zone (associated with ${vpcs.length} VPC(s))`);
    const config = ci.optObj(LOGGING);
    if (config === undefined) return nonCompliant('public hosted zone without DNS query logging');
    const inner = config.CloudWatchLogsLogGroupArn;
    if (!isRecord(inner)) throw ci.malformed(`${LOGGING}.CloudWatchLogsLogGroupArn`, 'an object (the query logging configuration)');
    const group = inner.CloudWatchLogsLogGroupArn;
    if (typeof group !== 'string' || group === '') throw ci.malformed(`${LOGGING}.CloudWatchLogsLogGroupArn.CloudWatchLogsLogGroupArn`, 'a log group ARN');
    return compliant(`DNS queries logged to ${group}`);
  },
});
