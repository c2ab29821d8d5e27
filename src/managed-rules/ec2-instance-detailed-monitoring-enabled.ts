// ec2-instance-detailed-monitoring-enabled: detailed (one-minute) monitoring is on. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EC2_INSTANCE_DETAILED_MONITORING_ENABLED',
  resourceTypes: ['AWS::EC2::Instance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const state = ci.reqStr('configuration.monitoring.state');
    return verdict(state === 'enabled', 'detailed monitoring is on', `detailed monitoring is ${state}`);
  },
});
