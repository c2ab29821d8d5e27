// secretsmanager-rotation-enabled-check: rotation is configured for the secret.
// Parameter maximumAllowedRotationFrequency (optional, days) / maximumAllowedRotationFrequencyInHours
// (optional): when set, the rotation interval must not exceed it.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SECRETSMANAGER_ROTATION_ENABLED_CHECK',
  resourceTypes: ['AWS::SecretsManager::Secret'],
  parameters: { maximumAllowedRotationFrequency: undefined, maximumAllowedRotationFrequencyInHours: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const on = ci.optBool('configuration.RotationEnabled') === true;
    if (!on) return nonCompliant('rotation is not enabled');
    const maxDays = params.int('maximumAllowedRotationFrequency');
    const maxHours = params.int('maximumAllowedRotationFrequencyInHours');
    if (maxDays !== undefined || maxHours !== undefined) {
      const days = ci.optNum('configuration.RotationRules.AutomaticallyAfterDays');
      const hours = days !== undefined ? days * 24 : ci.optNum('configuration.RotationRules.AutomaticallyAfterHours');
      if (hours === undefined) throw ci.malformed('configuration.RotationRules.AutomaticallyAfterDays', 'a number');
      const limit = maxHours ?? maxDays! * 24;
      if (hours > limit) return nonCompliant(`rotates every ${hours} hours, over ${limit}`);
    }
    return compliant('rotation is enabled');
  },
});
