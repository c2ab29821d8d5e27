// rds-storage-encrypted: the DB instance's storage is encrypted.
// Parameter kmsKeyId (optional): when set, the instance's KMS key must be this one.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_STORAGE_ENCRYPTED',
  resourceTypes: ['AWS::RDS::DBInstance'],
  parameters: { kmsKeyId: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    if (!ci.reqBool('configuration.storageEncrypted')) return nonCompliant('storage is not encrypted');
    const want = params.str('kmsKeyId');
    const key = ci.optStr('configuration.kmsKeyId');
    if (want !== undefined && key !== want) return nonCompliant(`storage is encrypted with ${key ?? 'an unknown key'}, not ${want}`);
    return compliant('storage is encrypted');
  },
});
