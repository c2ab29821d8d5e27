// opensearch-in-vpc-only: the OpenSearch domain is in a VPC (VPCOptions with subnets).
// No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'OPENSEARCH_IN_VPC_ONLY',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.DomainName');
    const subnets = ci.optObj('configuration.VPCOptions') ? ci.strings('configuration.VPCOptions.SubnetIds', false) : [];
    return verdict(subnets.length > 0, 'the domain is in a VPC', 'the domain has a public endpoint');
  },
});
