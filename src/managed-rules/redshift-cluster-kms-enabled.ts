// redshift-cluster-kms-enabled: the cluster is encrypted with an AWS KMS key.
// Parameter kmsKeyArns (optional): comma-separated key ARNs the cluster must use one of.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'REDSHIFT_CLUSTER_KMS_ENABLED',
  resourceTypes: ['AWS::Redshift::Cluster'],
  parameters: { kmsKeyArns: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const encrypted = ci.reqBool('configuration.encrypted');
    const key = ci.optStr('configuration.kmsKeyId');
    if (!encrypted || !key) return nonCompliant('the cluster is not encrypted with a KMS key');
    const allowed = params.list('kmsKeyArns');
    if (allowed.length > 0 && !allowed.includes(key)) return nonCompliant(`KMS key ${key} is not in kmsKeyArns`);
    return compliant(`encrypted with ${key}`);
  },
});
