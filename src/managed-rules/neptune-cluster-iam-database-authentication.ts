// neptune-cluster-iam-database-authentication: IAM database authentication is on for the Neptune
// cluster. Other engines' clusters are NOT_APPLICABLE. No parameters.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const engine = ci.reqStr('configuration.engine');
    if (engine !== 'neptune') return notApplicable(`${engine} is not Neptune`);
    const on = ci.reqBool('configuration.iamdatabaseAuthenticationEnabled');
    return verdict(on, 'IAM database authentication is on', 'IAM database authentication is off');
  },
});
