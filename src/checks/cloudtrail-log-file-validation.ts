import { defineCheck } from './define.ts';
import { trailsHomedIn } from './trails-homed.ts';

export const cloudtrailLogFileValidation = defineCheck({
  id: 'cloudtrail-log-file-validation',
  title: 'CloudTrail trails have log file integrity validation enabled',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return {
      kind: 'evaluated',
      results: trailsHomedIn(ds.trails, target).map((t) => ({
        resourceType: 'AWS::CloudTrail::Trail',
        resourceId: t.TrailARN,
        compliance: t.LogFileValidationEnabled ? 'COMPLIANT' : 'NON_COMPLIANT',
        ...(t.LogFileValidationEnabled ? {} : { annotation: 'log file validation is off' }),
      })),
    };
  },
});
