// opensearch-encrypted-at-rest: encryption at rest is on for the OpenSearch domain. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'OPENSEARCH_ENCRYPTED_AT_REST',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.EncryptionAtRestOptions.Enabled');
    return verdict(on, 'encryption at rest is on', 'encryption at rest is off');
  },
});
