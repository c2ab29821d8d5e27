// rds-instance-deletion-protection-enabled: deletion protection is on.
// Parameter databaseEngines (optional): comma-separated engines to judge; others NOT_APPLICABLE.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_INSTANCE_DELETION_PROTECTION_ENABLED',
  resourceTypes: ['AWS::RDS::DBInstance'],
  parameters: { databaseEngines: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const engines = params.list('databaseEngines');
    if (engines.length > 0) {
      const engine = ci.reqStr('configuration.engine');
      if (!engines.includes(engine)) return notApplicable(`engine ${engine} is not in databaseEngines`);
    }
    const on = ci.reqBool('configuration.deletionProtection');
    return verdict(on, 'deletion protection is on', 'deletion protection is off');
  },
});
