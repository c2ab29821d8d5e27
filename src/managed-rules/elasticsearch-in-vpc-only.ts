// elasticsearch-in-vpc-only: the Elasticsearch domain is in a VPC. No parameters.
// The item's property names are lower camel case (vpcoptions.subnetIds), unlike OpenSearch's.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ELASTICSEARCH_IN_VPC_ONLY',
  resourceTypes: ['AWS::Elasticsearch::Domain'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.domainName');
    const subnets = ci.optObj('configuration.vpcoptions') ? ci.strings('configuration.vpcoptions.subnetIds', false) : [];
    return verdict(subnets.length > 0, 'the domain is in a VPC', 'the domain has a public endpoint');
  },
});
