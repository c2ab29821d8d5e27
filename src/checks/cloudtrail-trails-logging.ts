import { defineCheck } from './define.ts';
import { trailsHomedIn } from './trails-homed.ts';

export const cloudtrailTrailsLogging = defineCheck({
  id: 'cloudtrail-trails-logging',
  title: 'Every CloudTrail trail is logging',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return {
      kind: 'evaluated',
      results: trailsHomedIn(ds.trails, target).map((t) => ({
        resourceType: 'AWS::CloudTrail::Trail',
        resourceId: t.TrailARN,
        compliance: t.status.IsLogging ? 'COMPLIANT' : 'NON_COMPLIANT',
        ...(t.status.IsLogging ? {} : { annotation: 'trail exists but logging is stopped' }),
      })),
    };
  },
});
