// api-gw-xray-enabled: X-Ray tracing is on for the REST API stage. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'API_GW_XRAY_ENABLED',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.stageName');
    const on = ci.optBool('configuration.tracingEnabled') === true;
    return verdict(on, 'X-Ray tracing is on', 'X-Ray tracing is off');
  },
});
