// dynamodb-pitr-enabled: point-in-time recovery is enabled on the table. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'DYNAMODB_PITR_ENABLED',
  resourceTypes: ['AWS::DynamoDB::Table'],
  fields: ['supplementaryConfiguration'],
  evaluate({ ci }) {
    const status = ci.reqStr('supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus');
    return verdict(status === 'ENABLED', 'point-in-time recovery is enabled', `point-in-time recovery is ${status}`);
  },
});
