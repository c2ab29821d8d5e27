// cloud-trail-cloud-watch-logs-enabled: the trail sends events to a CloudWatch Logs log group.
// Parameter expectedDeliveryWindowAge (optional, hours) needs the trail's last delivery time,
// which a configuration item does not hold: setting it raises an error rather than a guess.
import { defineRuleEvaluator, verdict, InvalidParameterError } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  parameters: { expectedDeliveryWindowAge: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    if (params.str('expectedDeliveryWindowAge') !== undefined) {
      throw new InvalidParameterError('CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', ci.resourceId, 'expectedDeliveryWindowAge', 'needs the last delivery time, which the item does not hold');
    }
    ci.reqStr('configuration.trailARN');
    const group = ci.optStr('configuration.cloudWatchLogsLogGroupArn');
    return verdict(Boolean(group), `events go to ${group}`, 'the trail does not send events to CloudWatch Logs');
  },
});
