// api-gw-execution-logging-enabled: the API Gateway stage logs executions at one of the allowed
// levels. Parameter loggingLevel (default 'ERROR,INFO').
// REST API stages hold per-method settings in methodSettings, keyed "resource/method" ("*/*"
// for the stage default), as GetStage returns them; the published item schema does not list
// that map, so an item without it is malformed (an ERROR, never a pass). Judgement: every
// method setting must use an allowed level. HTTP/WebSocket stages (ApiGatewayV2) use
// defaultRouteSettings.loggingLevel.
import { defineRuleEvaluator, compliant, nonCompliant, isRecord } from './define.ts';

export default defineRuleEvaluator({
  rule: 'API_GW_EXECUTION_LOGGING_ENABLED',
  resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
  parameters: { loggingLevel: 'ERROR,INFO' },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const allowed = params.list('loggingLevel').map((l) => l.toUpperCase());
    ci.reqStr('configuration.stageName');
    if (ci.resourceType === 'AWS::ApiGatewayV2::Stage') {
      const level = (ci.optStr('configuration.defaultRouteSettings.loggingLevel') ?? 'OFF').toUpperCase();
      return allowed.includes(level) ? compliant(`execution logging at ${level}`) : nonCompliant(`execution logging level is ${level}`);
    }
    const settings = ci.reqObj('configuration.methodSettings');
    const entries = Object.entries(settings);
    if (entries.length === 0) return nonCompliant('execution logging is off (no method settings)');
    const bad = entries.filter(([key, s]) => {
      if (!isRecord(s)) throw ci.malformed(`configuration.methodSettings.${key}`, 'an object');
      const level = typeof s.loggingLevel === 'string' ? s.loggingLevel.toUpperCase() : 'OFF';
      return !allowed.includes(level);
    });
    return bad.length === 0 ? compliant(`execution logging at ${allowed.join(' or ')}`) : nonCompliant(`logging level not allowed for ${bad.map(([k]) => k).join(', ')}`);
  },
});
