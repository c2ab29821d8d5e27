// cloud-trail-log-file-validation-enabled: log file integrity validation is on. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.logFileValidationEnabled');
    return verdict(on, 'log file validation is on', 'log file validation is off');
  },
});
