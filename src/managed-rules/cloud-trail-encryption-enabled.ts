// cloud-trail-encryption-enabled: the trail encrypts its log files with SSE-KMS. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CLOUD_TRAIL_ENCRYPTION_ENABLED',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.trailARN');
    const key = ci.optStr('configuration.kmsKeyId');
    return verdict(Boolean(key), `log files encrypted with ${key}`, 'log files are not encrypted with a KMS key');
  },
});
