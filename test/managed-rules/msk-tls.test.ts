import { item, ruleCases } from './helpers.ts';

const ARN = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders/6a8f2c4e-1b3d-4e5f-9a7b-2c4d6e8f0a1b-2';

// An MSK cluster's item (CloudFormation's PascalCase) with this in-transit encryption.
function cluster(inTransit: unknown): ReturnType<typeof item> {
  return item('AWS::MSK::Cluster', {
    resourceId: ARN,
    resourceName: 'orders',
    configuration: {
      Arn: ARN,
      ClusterName: 'orders',
      KafkaVersion: '3.6.0',
      NumberOfBrokerNodes: 3,
      BrokerNodeGroupInfo: { InstanceType: 'kafka.m5.large', ClientSubnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0fedcba9876543210'], SecurityGroups: ['sg-0a1b2c3d4e5f60718'] },
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        ...(inTransit === undefined ? {} : { EncryptionInTransit: inTransit }),
      },
    },
  });
}

ruleCases('MSK_IN_CLUSTER_NODE_REQUIRE_TLS', {
  compliant: [
    { name: 'TLS between brokers and with clients', item: cluster({ ClientBroker: 'TLS', InCluster: true }) },
    { name: 'TLS between brokers, plain text allowed for clients', item: cluster({ ClientBroker: 'TLS_PLAINTEXT', InCluster: true }) },
  ],
  nonCompliant: [
    { name: 'plain text between brokers', item: cluster({ ClientBroker: 'TLS', InCluster: false }) },
    { name: 'plain text everywhere', item: cluster({ ClientBroker: 'PLAINTEXT', InCluster: false }) },
  ],
  notApplicable: [{ name: 'not an MSK cluster', item: item('AWS::AmazonMQ::Broker', { configuration: {} }) }],
  malformed: [
    { name: 'no in-transit encryption recorded', item: cluster(undefined) },
    { name: 'InCluster missing', item: cluster({ ClientBroker: 'TLS' }) },
    { name: 'InCluster a string', item: cluster({ ClientBroker: 'TLS', InCluster: 'true' }) },
  ],
});
