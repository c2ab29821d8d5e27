// elb-logging-enabled: Classic and Application Load Balancers deliver access logs to S3.
// Parameter s3BucketNames (optional CSV): when set, the log bucket must be one of them.
// AWS Config records the attributes in supplementaryConfiguration.LoadBalancerAttributes: for a
// Classic balancer an object (accessLog.enabled, accessLog.s3BucketName), for an ELBv2 balancer
// the DescribeLoadBalancerAttributes key/value list (access_logs.s3.enabled, access_logs.s3.bucket).
// Network and Gateway Load Balancers are out of the rule's scope: NOT_APPLICABLE.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable, type ItemReader } from './define.ts';
import { elbv2Attributes, elbv2Flag } from './lib/elbv2.ts';

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';

/** Whether access logging is on and to which bucket, as the item records it. */
function accessLog(ci: ItemReader): { enabled: boolean; bucket: string | undefined } {
  if (ci.resourceType === CLASSIC) {
    return { enabled: ci.reqBool('supplementaryConfiguration.LoadBalancerAttributes.accessLog.enabled'), bucket: ci.optStr('supplementaryConfiguration.LoadBalancerAttributes.accessLog.s3BucketName') };
  }
  const attrs = elbv2Attributes(ci);
  const enabled = elbv2Flag(ci, attrs, 'access_logs.s3.enabled');
  const bucket = attrs.get('access_logs.s3.bucket');
  return { enabled, bucket: bucket === '' ? undefined : bucket };
}

export default defineRuleEvaluator({
  rule: 'ELB_LOGGING_ENABLED',
  resourceTypes: [CLASSIC, 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
  parameters: { s3BucketNames: undefined },
  fields: ['configuration', 'supplementaryConfiguration'],
  evaluate({ ci, params }) {
    if (ci.resourceType !== CLASSIC) {
      const type = ci.reqStr('configuration.type');
      if (type !== 'application') return notApplicable(`a ${type} load balancer is out of the rule's scope`);
    }
    const log = accessLog(ci);
    if (!log.enabled) return nonCompliant('access logging is disabled');
    const allowed = params.list('s3BucketNames');
    if (allowed.length > 0 && (log.bucket === undefined || !allowed.includes(log.bucket))) return nonCompliant(`access logs go to ${log.bucket ?? 'no bucket'}, not one of s3BucketNames`);
    return compliant(`access logs are delivered to ${log.bucket ?? 'S3'}`);
  },
});
