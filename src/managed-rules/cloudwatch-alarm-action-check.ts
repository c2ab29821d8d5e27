// cloudwatch-alarm-action-check: the alarm has the actions the parameters require.
// Parameters: alarmActionRequired (default 'true'), insufficientDataActionRequired (default
// 'true'), okActionRequired (default 'false'), action1..action5 (optional ARNs; when any is set,
// a required action list must contain one of them).
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

const KINDS = [
  ['alarmActionRequired', 'configuration.alarmActions', 'ALARM'],
  ['insufficientDataActionRequired', 'configuration.insufficientDataActions', 'INSUFFICIENT_DATA'],
  ['okActionRequired', 'configuration.okactions', 'OK'],
] as const;

export default defineRuleEvaluator({
  rule: 'CLOUDWATCH_ALARM_ACTION_CHECK',
  resourceTypes: ['AWS::CloudWatch::Alarm'],
  parameters: {
    alarmActionRequired: 'true',
    insufficientDataActionRequired: 'true',
    okActionRequired: 'false',
    action1: undefined,
    action2: undefined,
    action3: undefined,
    action4: undefined,
    action5: undefined,
  },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const wanted = [1, 2, 3, 4, 5].map((n) => params.str(`action${n}`)).filter((a): a is string => a !== undefined);
    const problems: string[] = [];
    for (const [param, path, state] of KINDS) {
      if (params.bool(param) !== true) continue;
      const actions = ci.strings(path, false);
      if (actions.length === 0) problems.push(`no ${state} action`);
      else if (wanted.length > 0 && !actions.some((a) => wanted.includes(a))) problems.push(`no expected ${state} action`);
    }
    return problems.length === 0 ? compliant('the alarm has the required actions') : nonCompliant(problems.join('; '));
  },
});
