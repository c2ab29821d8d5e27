// dynamodb-table-encrypted-kms: the table is encrypted with an AWS KMS key (AWS managed or
// customer managed), not the default DynamoDB-owned key.
// Parameter kmsKeyArns (optional CSV): when set, the key must be one of them. An item without
// ssedescription means the table uses the DynamoDB-owned key.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
  resourceTypes: ['AWS::DynamoDB::Table'],
  parameters: { kmsKeyArns: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.tableName');
    const sse = ci.optObj('configuration.ssedescription');
    if (!sse) return nonCompliant('encrypted with the DynamoDB-owned key, not KMS');
    const type = ci.optStr('configuration.ssedescription.ssetype');
    const status = ci.optStr('configuration.ssedescription.status');
    if (type !== 'KMS' || (status !== 'ENABLED' && status !== 'UPDATING')) return nonCompliant(`SSE is ${type ?? 'unset'} (${status ?? 'no status'})`);
    const key = ci.optStr('configuration.ssedescription.kmsmasterKeyArn');
    const allowed = params.list('kmsKeyArns');
    if (allowed.length > 0 && (key === undefined || !allowed.includes(key))) return nonCompliant(`KMS key ${key ?? 'unknown'} is not in kmsKeyArns`);
    return compliant(`encrypted with KMS key ${key ?? ''}`.trim());
  },
});
