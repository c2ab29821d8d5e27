// lambda-concurrency-check: the function has reserved concurrency, within the limits when set.
// Parameters ConcurrencyLimitLow, ConcurrencyLimitHigh (optional).
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'LAMBDA_CONCURRENCY_CHECK',
  resourceTypes: ['AWS::Lambda::Function'],
  parameters: { ConcurrencyLimitLow: undefined, ConcurrencyLimitHigh: undefined },
  fields: ['configuration', 'supplementaryConfiguration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.functionName');
    const reserved = ci.optNum('supplementaryConfiguration.Concurrency.reservedConcurrentExecutions');
    if (reserved === undefined) return nonCompliant('no reserved concurrency');
    const low = params.int('ConcurrencyLimitLow');
    const high = params.int('ConcurrencyLimitHigh');
    if (low !== undefined && reserved < low) return nonCompliant(`reserved concurrency ${reserved} is under ${low}`);
    if (high !== undefined && reserved > high) return nonCompliant(`reserved concurrency ${reserved} is over ${high}`);
    return compliant(`reserved concurrency ${reserved}`);
  },
});
