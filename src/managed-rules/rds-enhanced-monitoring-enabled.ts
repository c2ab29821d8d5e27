// rds-enhanced-monitoring-enabled: Enhanced Monitoring is on (monitoring interval above zero).
// Parameter monitoringInterval (optional, seconds): when set, the interval must equal it.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_ENHANCED_MONITORING_ENABLED',
  resourceTypes: ['AWS::RDS::DBInstance'],
  parameters: { monitoringInterval: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const interval = ci.reqNum('configuration.monitoringInterval');
    if (interval <= 0) return nonCompliant('Enhanced Monitoring is off');
    const want = params.int('monitoringInterval');
    if (want !== undefined && interval !== want) return nonCompliant(`monitoring interval ${interval}s, not ${want}s`);
    return compliant(`Enhanced Monitoring every ${interval}s`);
  },
});
