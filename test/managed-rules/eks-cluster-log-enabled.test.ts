import { describe, expect, it } from 'vitest';
import { item, ruleCases } from './helpers.ts';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';

const ALL = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

// An EKS cluster's item (DescribeCluster's Cluster, PascalCase) with these log types enabled.
function cluster(enabled: unknown): ReturnType<typeof item> {
  return item('AWS::EKS::Cluster', {
    resourceId: 'sbx-platform',
    configuration: {
      Name: 'sbx-platform',
      Arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/sbx-platform',
      Version: '1.31',
      Logging: enabled === undefined ? undefined : { ClusterLogging: { EnabledTypes: Array.isArray(enabled) ? enabled.map((Type) => ({ Type })) : enabled } },
    },
  });
}

ruleCases('EKS_CLUSTER_LOG_ENABLED', {
  compliant: [
    { name: 'every log type, no parameter', item: cluster(ALL) },
    { name: 'the listed types', item: cluster(['api', 'audit']), params: { logTypes: 'api, audit' } },
    { name: 'more than the listed types', item: cluster(ALL), params: { logTypes: 'audit' } },
  ],
  nonCompliant: [
    { name: 'some types off, no parameter (every type is asked)', item: cluster(['api', 'audit']) },
    { name: 'no logging', item: cluster([]) },
    { name: 'no logging configuration recorded', item: cluster(undefined) },
    { name: 'a listed type off', item: cluster(['api']), params: { logTypes: 'api,authenticator' } },
  ],
  notApplicable: [{ name: 'not a cluster', item: item('AWS::EKS::Nodegroup', { configuration: {} }) }],
  malformed: [
    { name: 'no cluster name', item: { ...cluster(ALL), configuration: { Logging: { ClusterLogging: { EnabledTypes: [{ Type: 'api' }] } } } } },
    { name: 'an enabled type without a name', item: cluster([{ Enabled: true }]) },
    { name: 'EnabledTypes not a list', item: cluster({ Type: 'api' }) },
  ],
});

describe('EKS_CLUSTER_LOG_ENABLED logTypes', () => {
  it('names EKS log types only', () => {
    expect(() => ruleEvaluator('EKS_CLUSTER_LOG_ENABLED')!.evaluate(cluster(ALL), { logTypes: 'api, kubelet' })).toThrow(InvalidParameterError);
  });
});
