// step-functions-state-machine-logging-enabled: the state machine logs executions (level not OFF).
// Parameters cloudWatchLogGroupArns (optional CSV), logLevel (optional: ALL, ERROR or FATAL):
// when set, the destination and level must match.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED',
  resourceTypes: ['AWS::StepFunctions::StateMachine'],
  parameters: { cloudWatchLogGroupArns: undefined, logLevel: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const level = ci.optStr('configuration.LoggingConfiguration.Level') ?? 'OFF';
    if (level === 'OFF') return nonCompliant('logging is off');
    const wantLevel = params.str('logLevel');
    if (wantLevel !== undefined && level !== wantLevel) return nonCompliant(`log level ${level}, not ${wantLevel}`);
    const groups = params.list('cloudWatchLogGroupArns');
    if (groups.length > 0) {
      const arns = ci.objects('configuration.LoggingConfiguration.Destinations', false).map((d) => (d.CloudWatchLogsLogGroup as Record<string, unknown> | undefined)?.LogGroupArn);
      if (!arns.some((a) => typeof a === 'string' && groups.includes(a))) return nonCompliant('logs go to no listed log group');
    }
    return compliant(`logging at level ${level}`);
  },
});
