// appsync-logging-enabled: the GraphQL API logs to CloudWatch Logs (field log level not NONE).
// Parameter fieldLoggingLevel (optional: ERROR or ALL): when set, the level must equal it.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'APPSYNC_LOGGING_ENABLED',
  resourceTypes: ['AWS::AppSync::GraphQLApi'],
  parameters: { fieldLoggingLevel: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.ApiId');
    const level = ci.optStr('configuration.LogConfig.FieldLogLevel') ?? 'NONE';
    if (level === 'NONE') return nonCompliant('field logging is off');
    const want = params.str('fieldLoggingLevel');
    if (want !== undefined && level !== want) return nonCompliant(`field log level ${level}, not ${want}`);
    return compliant(`field logging at ${level}`);
  },
});
