// msk-in-cluster-node-require-tls: the MSK cluster encrypts traffic between its broker nodes with
// TLS. No parameters. Reads configuration.EncryptionInfo.EncryptionInTransit.InCluster: false
// (plain text between brokers) fails, true passes. Judgement: MSK always reports the setting, so
// an item without it is malformed rather than taken as the default.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'MSK_IN_CLUSTER_NODE_REQUIRE_TLS',
  resourceTypes: ['AWS::MSK::Cluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const tls = ci.reqBool('configuration.EncryptionInfo.EncryptionInTransit.InCluster');
    return verdict(tls, 'broker nodes talk to each other over TLS', 'plain text is allowed between broker nodes');
  },
});
