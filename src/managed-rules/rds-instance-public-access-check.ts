// rds-instance-public-access-check: the DB instance must not be publicly accessible. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK',
  resourceTypes: ['AWS::RDS::DBInstance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const pub = ci.reqBool('configuration.publiclyAccessible');
    return verdict(!pub, 'the instance is not publicly accessible', 'the instance is publicly accessible');
  },
});
