// Judges the AWS Config delivery channels of the region on their latest deliveries.
// COMPLIANT: a delivery channel exists and none of its history, snapshot or stream deliveries reports lastStatus Failure.
import { defineCheck } from './define.ts';

export const configDeliveryHealthy = defineCheck({
  id: 'config-delivery-healthy',
  title: 'AWS Config delivers configuration history and snapshots without failures',
  rationale: 'AWS Config\'s configuration history is evidence of how resources were set up over time; when delivery to S3 or SNS fails, that history silently stops being kept where auditors and responders look for it.',
  remediation: 'Fix what the error code names, usually the S3 bucket policy, KMS key policy or the Config role\'s permissions: AWS Config console > Settings, or `aws configservice describe-delivery-channel-status` to read the error and `aws configservice put-delivery-channel` to correct the channel.',
  resourceType: 'AWS::Config::DeliveryChannel',
  uses: ['config-delivery-channels'],
  evaluate({ 'config-delivery-channels': ds }, target) {
    if (ds.channels.length === 0) {
      return { kind: 'evaluated', results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'NON_COMPLIANT', annotation: `no delivery channel in ${target.region}` }] };
    }
    return {
      kind: 'evaluated',
      results: ds.channels.map((c) => {
        const base = { resourceType: 'AWS::Config::DeliveryChannel', resourceId: c.name };
        const failed = (
          [
            ['history', c.configHistoryDeliveryInfo],
            ['snapshot', c.configSnapshotDeliveryInfo],
            ['stream', c.configStreamDeliveryInfo],
          ] as const
        ).filter(([, i]) => i?.lastStatus === 'Failure');
        if (failed.length === 0) return { ...base, compliance: 'COMPLIANT' as const };
        const why = failed.map(([what, i]) => `${what} delivery failed${i?.lastErrorCode ? ` (${i.lastErrorCode}${i.lastErrorMessage ? `: ${i.lastErrorMessage}` : ''})` : ''}${i?.lastSuccessfulTime ? `, last success ${i.lastSuccessfulTime}` : ''}`);
        return { ...base, compliance: 'NON_COMPLIANT' as const, annotation: why.join('; ') };
      }),
    };
  },
});
