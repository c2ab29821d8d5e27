// rds-multi-az-support: the DB instance is deployed Multi-AZ. No parameters.
// Judgement: instances that belong to a DB cluster (Aurora, Neptune, DocumentDB) get their
// availability from the cluster, and the managed rule does not judge them: NOT_APPLICABLE.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_MULTI_AZ_SUPPORT',
  resourceTypes: ['AWS::RDS::DBInstance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const cluster = ci.optStr('configuration.dBClusterIdentifier');
    if (cluster) return notApplicable(`the instance is a member of cluster ${cluster}`);
    const multi = ci.reqBool('configuration.multiAZ');
    return verdict(multi, 'the instance is Multi-AZ', 'the instance is single-AZ');
  },
});
