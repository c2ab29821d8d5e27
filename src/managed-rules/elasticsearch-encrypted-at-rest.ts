// elasticsearch-encrypted-at-rest: encryption at rest is on for the Elasticsearch domain.
// No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ELASTICSEARCH_ENCRYPTED_AT_REST',
  resourceTypes: ['AWS::Elasticsearch::Domain'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.encryptionAtRestOptions.enabled');
    return verdict(on, 'encryption at rest is on', 'encryption at rest is off');
  },
});
