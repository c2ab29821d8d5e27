import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';
import { item, ruleCases, withField } from './helpers.ts';

// An ELBv2 balancer's item: zones as DescribeLoadBalancers returns them, attributes as the
// DescribeLoadBalancerAttributes key/value list AWS Config records beside it.
const v2 = (type: string, attrs: Record<string, string>, zones = ['eu-west-1a', 'eu-west-1b']) =>
  item('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    resourceId: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/${type === 'application' ? 'app' : 'net'}/shop/50dc6c495c0c9188`,
    resourceName: 'shop',
    configuration: {
      loadBalancerName: 'shop',
      type,
      scheme: 'internet-facing',
      vpcId: 'vpc-0123abcd4567ef890',
      ipAddressType: 'ipv4',
      state: { code: 'active' },
      availabilityZones: zones.map((zoneName, i) => ({ zoneName, subnetId: `subnet-0${i}23abcd4567ef890`, loadBalancerAddresses: [] })),
    },
    supplementaryConfiguration: { LoadBalancerAttributes: Object.entries(attrs).map(([key, value]) => ({ key, value })) },
  });
const albAttrs = (over: Record<string, string> = {}) => ({ 'deletion_protection.enabled': 'true', 'access_logs.s3.enabled': 'false', 'routing.http.drop_invalid_header_fields.enabled': 'true', 'idle_timeout.timeout_seconds': '60', ...over });
const nlbAttrs = (over: Record<string, string> = {}) => ({ 'deletion_protection.enabled': 'true', 'load_balancing.cross_zone.enabled': 'false', ...over });

ruleCases('ELB_DELETION_PROTECTION_ENABLED', {
  compliant: [
    { name: 'application balancer protected', item: v2('application', albAttrs()) },
    { name: 'network balancer protected', item: v2('network', nlbAttrs()) },
  ],
  nonCompliant: [
    { name: 'application balancer unprotected', item: v2('application', albAttrs({ 'deletion_protection.enabled': 'false' })) },
    { name: 'network balancer unprotected', item: v2('network', nlbAttrs({ 'deletion_protection.enabled': 'false' })) },
  ],
  malformed: [
    { name: 'attribute missing', item: v2('application', { 'access_logs.s3.enabled': 'false' }) },
    { name: 'attribute not true or false', item: v2('application', albAttrs({ 'deletion_protection.enabled': 'yes' })) },
    { name: 'attributes not recorded', item: withField(v2('application', albAttrs()), 'supplementaryConfiguration.LoadBalancerAttributes', undefined) },
  ],
});

ruleCases('ALB_HTTP_DROP_INVALID_HEADER_ENABLED', {
  compliant: [{ name: 'invalid headers dropped', item: v2('application', albAttrs()) }],
  nonCompliant: [{ name: 'invalid headers passed on', item: v2('application', albAttrs({ 'routing.http.drop_invalid_header_fields.enabled': 'false' })) }],
  notApplicable: [
    { name: 'network balancer', item: v2('network', nlbAttrs()) },
    { name: 'gateway balancer', item: v2('gateway', nlbAttrs()) },
  ],
  malformed: [
    { name: 'attribute missing on an application balancer', item: v2('application', { 'deletion_protection.enabled': 'true' }) },
    { name: 'no type', item: withField(v2('application', albAttrs()), 'configuration.type', undefined) },
  ],
});

ruleCases('ELBV2_MULTIPLE_AZ', {
  compliant: [
    { name: 'two zones', item: v2('application', albAttrs()) },
    { name: 'three zones, three required', item: v2('network', nlbAttrs(), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']), params: { minAvailabilityZones: '3' } },
  ],
  nonCompliant: [
    { name: 'one zone', item: v2('network', nlbAttrs(), ['eu-west-1a']) },
    { name: 'two subnets in one zone', item: v2('network', nlbAttrs(), ['eu-west-1a', 'eu-west-1a']) },
    { name: 'two zones, three required', item: v2('application', albAttrs()), params: { minAvailabilityZones: '3' } },
  ],
  malformed: [
    { name: 'zones not recorded', item: withField(v2('application', albAttrs()), 'configuration.availabilityZones', undefined) },
    { name: 'zone without a name', item: withField(v2('application', albAttrs()), 'configuration.availabilityZones', [{ subnetId: 'subnet-1' }]) },
  ],
});

describe('ELBV2_MULTIPLE_AZ parameters', () => {
  it('rejects minAvailabilityZones outside 2 to 10', () => {
    for (const bad of ['1', '11', 'two']) expect(() => ruleEvaluator('ELBV2_MULTIPLE_AZ')!.evaluate(v2('application', albAttrs()), { minAvailabilityZones: bad }), bad).toThrow(InvalidParameterError);
  });
});
