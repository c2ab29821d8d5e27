import { defineCheck } from './define.ts';
import { judgeTrails } from './trails-homed.ts';

export const cloudtrailTrailsLogging = defineCheck({
  id: 'cloudtrail-trails-logging',
  title: 'Every CloudTrail trail is logging',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return judgeTrails(ds.trails, target, (t) => t.status.IsLogging, 'trail exists but logging is stopped');
  },
});
