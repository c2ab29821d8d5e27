// rds-instance-iam-authentication-enabled: IAM database authentication is on. No parameters.
// Judgement: engines without IAM database authentication (Oracle, SQL Server, Db2) and instances
// that belong to a DB cluster (the cluster's setting governs them) are NOT_APPLICABLE.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

const WITHOUT_IAM_AUTH = /^(oracle|sqlserver|db2|custom-)/;

export default defineRuleEvaluator({
  rule: 'RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED',
  resourceTypes: ['AWS::RDS::DBInstance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const engine = ci.reqStr('configuration.engine');
    if (WITHOUT_IAM_AUTH.test(engine)) return notApplicable(`engine ${engine} has no IAM database authentication`);
    const cluster = ci.optStr('configuration.dBClusterIdentifier');
    if (cluster) return notApplicable(`member of cluster ${cluster}`);
    const on = ci.reqBool('configuration.iAMDatabaseAuthenticationEnabled');
    return verdict(on, 'IAM database authentication is on', 'IAM database authentication is off');
  },
});
