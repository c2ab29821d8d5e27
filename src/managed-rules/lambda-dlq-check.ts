// lambda-dlq-check: the function has a dead-letter queue.
// Parameter dlqArns (optional CSV): when set, the target must be one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'LAMBDA_DLQ_CHECK',
  resourceTypes: ['AWS::Lambda::Function'],
  parameters: { dlqArns: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.functionName');
    const target = ci.optStr('configuration.deadLetterConfig.targetArn');
    if (!target) return nonCompliant('no dead-letter queue');
    const allowed = params.list('dlqArns');
    if (allowed.length > 0 && !allowed.includes(target)) return nonCompliant(`dead-letter target ${target} is not in dlqArns`);
    return compliant(`dead-letter target ${target}`);
  },
});
