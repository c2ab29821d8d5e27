// Judges whether the account's API activity in this region is captured by a trail that spans all regions.
// COMPLIANT: a trail seen from this region (homed here or a shadow of one homed elsewhere) is multi-region and IsLogging is true.
import { defineCheck } from './define.ts';

// The day-1 item "CloudTrail in all regions": one logging multi-region trail seen from this region.
export const cloudtrailMultiRegionLogging = defineCheck({
  id: 'cloudtrail-multi-region-logging',
  title: 'A multi-region CloudTrail trail is logging',
  rationale: 'A logging multi-region trail records API calls in every region, including regions nobody uses on purpose, so activity an attacker starts in an unexpected region is still in the audit trail.',
  remediation: 'Create or convert a trail to cover all regions and start it: CloudTrail console > Trails > Create trail (or Edit) > apply to all regions, or `aws cloudtrail update-trail --name <trail> --is-multi-region-trail` then `aws cloudtrail start-logging --name <trail>`.',
  resourceType: 'AWS::::Account',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    const good = ds.trails.filter((t) => t.IsMultiRegionTrail && t.status.IsLogging);
    return {
      kind: 'evaluated',
      results: [
        good.length > 0
          ? { resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'COMPLIANT', annotation: `logging multi-region trail: ${good.map((t) => t.Name).join(', ')}` }
          : {
              resourceType: 'AWS::::Account',
              resourceId: target.account,
              compliance: 'NON_COMPLIANT',
              annotation: ds.trails.length === 0 ? 'no trail in this region' : 'no multi-region trail is logging',
            },
      ],
    };
  },
});
