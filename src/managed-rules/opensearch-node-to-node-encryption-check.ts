// opensearch-node-to-node-encryption-check: node-to-node encryption is on. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.NodeToNodeEncryptionOptions.Enabled');
    return verdict(on, 'node-to-node encryption is on', 'node-to-node encryption is off');
  },
});
