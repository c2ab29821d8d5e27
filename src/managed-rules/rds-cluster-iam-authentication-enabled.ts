// rds-cluster-iam-authentication-enabled: IAM database authentication is on for the Aurora
// cluster. No parameters. Neptune and DocumentDB clusters (also AWS::RDS::DBCluster items) have
// their own rules and are NOT_APPLICABLE. The item spells the property iamdatabaseAuthenticationEnabled.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const engine = ci.reqStr('configuration.engine');
    if (engine === 'neptune' || engine === 'docdb') return notApplicable(`${engine} cluster`);
    const on = ci.reqBool('configuration.iamdatabaseAuthenticationEnabled');
    return verdict(on, 'IAM database authentication is on', 'IAM database authentication is off');
  },
});
