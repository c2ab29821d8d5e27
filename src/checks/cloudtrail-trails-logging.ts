// Judges each CloudTrail trail homed in the region on whether it is actually recording.
// COMPLIANT: GetTrailStatus reports IsLogging = true for the trail.
import { defineCheck } from './define.ts';
import { judgeTrails } from './trails-homed.ts';

export const cloudtrailTrailsLogging = defineCheck({
  id: 'cloudtrail-trails-logging',
  title: 'Every CloudTrail trail is logging',
  rationale: 'A trail that exists but is stopped records nothing, so the account appears to have audit logging while events go unrecorded; stopping a trail is also a common step in covering tracks.',
  remediation: 'Start the trail: CloudTrail console > Trails > the trail > Start logging, or `aws cloudtrail start-logging --name <trail>`; then find out who stopped it (a StopLogging event in CloudTrail).',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return judgeTrails(ds.trails, target, (t) => t.status.IsLogging, 'trail exists but logging is stopped');
  },
});
