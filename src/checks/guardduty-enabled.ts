import { defineCheck } from './define.ts';

export const guarddutyEnabled = defineCheck({
  id: 'guardduty-enabled',
  title: 'GuardDuty has an enabled detector in this region',
  resourceType: 'AWS::::Account',
  uses: ['guardduty-detectors'],
  evaluate({ 'guardduty-detectors': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    const on = ds.detectors.filter((d) => d.Status === 'ENABLED');
    if (on.length > 0) return { kind: 'evaluated', results: [{ ...base, compliance: 'COMPLIANT', annotation: `detector ${on[0]!.DetectorId}` }] };
    const why = ds.detectors.length === 0 ? `no GuardDuty detector in ${target.region}` : `detector ${ds.detectors.map((d) => `${d.DetectorId} is ${d.Status}`).join(', ')}`;
    return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: why }] };
  },
});
