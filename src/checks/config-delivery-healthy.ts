import { defineCheck } from './define.ts';

export const configDeliveryHealthy = defineCheck({
  id: 'config-delivery-healthy',
  title: 'AWS Config delivers configuration history and snapshots without failures',
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
