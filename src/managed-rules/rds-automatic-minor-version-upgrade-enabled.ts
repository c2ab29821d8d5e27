// rds-automatic-minor-version-upgrade-enabled: the DB instance takes minor engine upgrades
// automatically. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED',
  resourceTypes: ['AWS::RDS::DBInstance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.autoMinorVersionUpgrade');
    return verdict(on, 'automatic minor version upgrade is on', 'automatic minor version upgrade is off');
  },
});
