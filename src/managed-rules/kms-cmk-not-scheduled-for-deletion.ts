// kms-cmk-not-scheduled-for-deletion: the KMS key is not pending deletion.
// Parameter kmsKeyIds (optional CSV): when set, only these keys are judged.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
  resourceTypes: ['AWS::KMS::Key'],
  parameters: { kmsKeyIds: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const ids = params.list('kmsKeyIds');
    const keyId = ci.reqStr('configuration.keyId');
    if (ids.length > 0 && !ids.includes(keyId)) return notApplicable('key not in kmsKeyIds');
    const state = ci.reqStr('configuration.keyState');
    return verdict(state !== 'PendingDeletion' && state !== 'PendingReplicaDeletion', `key state ${state}`, `the key is scheduled for deletion (${state})`);
  },
});
