import { defineCheck } from './define.ts';

// The day-1 item "CloudTrail in all regions": one logging multi-region trail seen from this region.
export const cloudtrailMultiRegionLogging = defineCheck({
  id: 'cloudtrail-multi-region-logging',
  title: 'A multi-region CloudTrail trail is logging',
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
