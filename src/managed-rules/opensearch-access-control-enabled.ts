// opensearch-access-control-enabled: fine-grained access control (advanced security options) is
// on for the OpenSearch domain. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'OPENSEARCH_ACCESS_CONTROL_ENABLED',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.DomainName');
    const on = ci.optBool('configuration.AdvancedSecurityOptions.Enabled') === true;
    return verdict(on, 'fine-grained access control is on', 'fine-grained access control is off');
  },
});
