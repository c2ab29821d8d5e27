// Judges whether Amazon GuardDuty threat detection runs in this region.
// COMPLIANT: a GuardDuty detector exists here with Status ENABLED.
import { defineCheck } from './define.ts';

export const guarddutyEnabled = defineCheck({
  id: 'guardduty-enabled',
  title: 'GuardDuty has an enabled detector in this region',
  rationale: 'GuardDuty continuously analyses CloudTrail, VPC flow and DNS logs for signs of compromise; a region without an enabled detector has no automated threat detection, which auditors expect for incident detection controls.',
  remediation: 'Enable GuardDuty in the region: GuardDuty console > Get started > Enable, or `aws guardduty create-detector --enable --region <region>` (or `aws guardduty update-detector --detector-id <id> --enable` for a suspended one); in an organization, enable it from the delegated administrator for all members.',
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
