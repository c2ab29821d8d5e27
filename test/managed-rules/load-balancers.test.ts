import { item, ruleCases, withField } from './helpers.ts';

// Attributes as AWS Config records them for a Classic Load Balancer (DescribeLoadBalancerAttributes, camel-cased).
const classicAttrs = (accessLog: Record<string, unknown>, crossZone: unknown = true) => ({
  crossZoneLoadBalancing: { enabled: crossZone },
  accessLog,
  connectionDraining: { enabled: true, timeout: 300 },
  connectionSettings: { idleTimeout: 60 },
  additionalAttributes: [{ key: 'elb.http.desyncmitigationmode', value: 'defensive' }],
});
const clb = (attrs: unknown) =>
  item('AWS::ElasticLoadBalancing::LoadBalancer', {
    resourceId: 'legacy-web',
    configuration: { loadBalancerName: 'legacy-web', scheme: 'internet-facing', vpcid: 'vpc-0123abcd4567ef890', listenerDescriptions: [{ listener: { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080 }, policyNames: [] }] },
    supplementaryConfiguration: { LoadBalancerAttributes: attrs, LoadBalancerPolicies: [] },
  });
const logsOn = { enabled: true, s3BucketName: 'elb-logs-123456789012', s3BucketPrefix: 'legacy-web', emitInterval: 60 };

// ELBv2 attributes are the DescribeLoadBalancerAttributes key/value list.
const alb = (type: string, logging: string | undefined, bucket = 'elb-logs-123456789012') =>
  item('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    resourceId: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/${type === 'application' ? 'app' : 'net'}/shop/50dc6c495c0c9188`,
    resourceName: 'shop',
    configuration: { loadBalancerName: 'shop', type, scheme: 'internet-facing', vpcId: 'vpc-0123abcd4567ef890', ipAddressType: 'ipv4', state: { code: 'active' } },
    supplementaryConfiguration: {
      LoadBalancerAttributes: [
        ...(logging === undefined ? [] : [{ key: 'access_logs.s3.enabled', value: logging }]),
        { key: 'access_logs.s3.bucket', value: logging === 'true' ? bucket : '' },
        { key: 'access_logs.s3.prefix', value: '' },
        { key: 'deletion_protection.enabled', value: 'false' },
      ],
    },
  });

ruleCases('ELB_LOGGING_ENABLED', {
  compliant: [
    { name: 'Classic balancer logging to S3', item: clb(classicAttrs(logsOn)) },
    { name: 'Application balancer logging to S3', item: alb('application', 'true') },
    { name: 'bucket in s3BucketNames', item: alb('application', 'true'), params: { s3BucketNames: 'other-bucket, elb-logs-123456789012' } },
    { name: 'Classic bucket in s3BucketNames', item: clb(classicAttrs(logsOn)), params: { s3BucketNames: 'elb-logs-123456789012' } },
  ],
  nonCompliant: [
    { name: 'Classic balancer without access logs', item: clb(classicAttrs({ enabled: false })) },
    { name: 'Application balancer without access logs', item: alb('application', 'false') },
    { name: 'bucket not in s3BucketNames', item: alb('application', 'true'), params: { s3BucketNames: 'central-logs' } },
    { name: 'Classic bucket not in s3BucketNames', item: clb(classicAttrs(logsOn)), params: { s3BucketNames: 'central-logs' } },
  ],
  notApplicable: [
    { name: 'Network Load Balancer', item: alb('network', 'false') },
    { name: 'Gateway Load Balancer', item: alb('gateway', 'false') },
  ],
  malformed: [
    { name: 'Classic attributes not recorded', item: clb(undefined) },
    { name: 'Classic accessLog.enabled a string', item: clb(classicAttrs({ enabled: 'true' })) },
    { name: 'ELBv2 without access_logs.s3.enabled', item: alb('application', undefined) },
    { name: 'ELBv2 without a type', item: withField(alb('application', 'true'), 'configuration.type', undefined) },
    { name: 'ELBv2 attributes as an object', item: withField(alb('application', 'true'), 'supplementaryConfiguration.LoadBalancerAttributes', { 'access_logs.s3.enabled': 'true' }) },
  ],
});

ruleCases('ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED', {
  compliant: [{ name: 'cross-zone enabled', item: clb(classicAttrs(logsOn)) }],
  nonCompliant: [{ name: 'cross-zone disabled', item: clb(classicAttrs(logsOn, false)) }],
  notApplicable: [{ name: 'an ELBv2 balancer is out of scope', item: alb('application', 'true') }],
  malformed: [
    { name: 'attributes not recorded', item: clb(undefined) },
    { name: 'crossZoneLoadBalancing missing', item: withField(clb(classicAttrs(logsOn)), 'supplementaryConfiguration.LoadBalancerAttributes.crossZoneLoadBalancing', undefined) },
  ],
});
