// elasticsearch-node-to-node-encryption-check: node-to-node encryption is on. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK',
  resourceTypes: ['AWS::Elasticsearch::Domain'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.nodeToNodeEncryptionOptions.enabled');
    return verdict(on, 'node-to-node encryption is on', 'node-to-node encryption is off');
  },
});
