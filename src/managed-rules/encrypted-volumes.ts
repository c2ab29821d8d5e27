// encrypted-volumes: attached EBS volumes are encrypted; unattached volumes are NOT_APPLICABLE.
// Parameter kmsId (optional): when set, the volume's KMS key must be this one.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ENCRYPTED_VOLUMES',
  resourceTypes: ['AWS::EC2::Volume'],
  parameters: { kmsId: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const attached = ci.objects('configuration.attachments').filter((a) => a.state === 'attached' || a.state === 'attaching');
    if (attached.length === 0) return notApplicable('the volume is not attached');
    if (!ci.reqBool('configuration.encrypted')) return nonCompliant('the attached volume is not encrypted');
    const want = params.str('kmsId');
    const key = ci.optStr('configuration.kmsKeyId');
    if (want !== undefined && key !== want && !key?.endsWith(`/${want}`)) return nonCompliant(`encrypted with ${key ?? 'an unknown key'}, not ${want}`);
    return compliant('the attached volume is encrypted');
  },
});
