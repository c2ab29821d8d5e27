// rds-snapshots-public-prohibited: the DB or cluster snapshot is not shared publicly (its
// "restore" attribute does not list "all"). No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

const ATTRIBUTES: Record<string, string> = {
  'AWS::RDS::DBSnapshot': 'supplementaryConfiguration.DBSnapshotAttributes',
  'AWS::RDS::DBClusterSnapshot': 'supplementaryConfiguration.DBClusterSnapshotAttributes',
};

export default defineRuleEvaluator({
  rule: 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED',
  resourceTypes: ['AWS::RDS::DBClusterSnapshot', 'AWS::RDS::DBSnapshot'],
  fields: ['supplementaryConfiguration'],
  evaluate({ ci }) {
    const path = ATTRIBUTES[ci.resourceType]!;
    const attrs = ci.objects(path);
    const pub = attrs.some((a, i) => {
      if (a.attributeName !== 'restore') return false;
      const values = a.attributeValues ?? [];
      if (!Array.isArray(values)) throw ci.malformed(`${path}.${i}.attributeValues`, 'an array');
      return values.includes('all');
    });
    return verdict(!pub, 'the snapshot is not public', 'the snapshot can be restored by any AWS account');
  },
});
