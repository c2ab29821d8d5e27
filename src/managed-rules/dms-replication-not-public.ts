// dms-replication-not-public: the DMS replication instance is not publicly accessible.
// No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'DMS_REPLICATION_NOT_PUBLIC',
  resourceTypes: ['AWS::DMS::ReplicationInstance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const pub = ci.reqBool('configuration.PubliclyAccessible');
    return verdict(!pub, 'the replication instance is not public', 'the replication instance is publicly accessible');
  },
});
