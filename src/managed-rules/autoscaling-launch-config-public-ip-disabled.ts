// autoscaling-launch-config-public-ip-disabled: the launch configuration does not give
// instances public IP addresses. No parameters. Judgement: an unset value follows the subnet's
// setting, which this item cannot tell; the rule passes it, and so does this evaluator.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED',
  resourceTypes: ['AWS::AutoScaling::LaunchConfiguration'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.launchConfigurationName');
    const pub = ci.optBool('configuration.associatePublicIpAddress') === true;
    return verdict(!pub, 'no public IP addresses', 'instances get public IP addresses');
  },
});
