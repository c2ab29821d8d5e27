// api-gwv2-access-logs-enabled: the HTTP or WebSocket API stage has access logging. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'API_GWV2_ACCESS_LOGS_ENABLED',
  resourceTypes: ['AWS::ApiGatewayV2::Stage'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.stageName');
    const dest = ci.optStr('configuration.accessLogSettings.destinationArn');
    return verdict(Boolean(dest), `access logs go to ${dest}`, 'access logging is off');
  },
});
