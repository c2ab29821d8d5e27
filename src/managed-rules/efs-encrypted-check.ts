// efs-encrypted-check: the EFS file system is encrypted.
// Parameter KmsKeyId (optional): when set, the file system's key must be this one.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EFS_ENCRYPTED_CHECK',
  resourceTypes: ['AWS::EFS::FileSystem'],
  parameters: { KmsKeyId: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    if (!ci.reqBool('configuration.Encrypted')) return nonCompliant('the file system is not encrypted');
    const want = params.str('KmsKeyId');
    const key = ci.optStr('configuration.KmsKeyId');
    if (want !== undefined && key !== want) return nonCompliant(`encrypted with ${key ?? 'an unknown key'}, not ${want}`);
    return compliant('the file system is encrypted');
  },
});
