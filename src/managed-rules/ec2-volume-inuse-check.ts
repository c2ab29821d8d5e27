// ec2-volume-inuse-check: the EBS volume is attached to an instance.
// Parameter deleteOnTermination (optional): when 'true', attached volumes must also be deleted
// when their instance terminates.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EC2_VOLUME_INUSE_CHECK',
  resourceTypes: ['AWS::EC2::Volume'],
  parameters: { deleteOnTermination: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const attached = ci.objects('configuration.attachments').filter((a) => a.state === 'attached' || a.state === 'attaching');
    if (attached.length === 0) return nonCompliant('the volume is not attached');
    if (params.bool('deleteOnTermination') === true && attached.some((a) => a.deleteOnTermination !== true)) return nonCompliant('the volume outlives its instance');
    return compliant(`attached to ${attached.map((a) => String(a.instanceId)).join(', ')}`);
  },
});
