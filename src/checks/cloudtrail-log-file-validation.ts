// Judges each CloudTrail trail homed in the region on log file integrity validation.
// COMPLIANT: LogFileValidationEnabled is true on the trail.
import { defineCheck } from './define.ts';
import { judgeTrails } from './trails-homed.ts';

export const cloudtrailLogFileValidation = defineCheck({
  id: 'cloudtrail-log-file-validation',
  title: 'CloudTrail trails have log file integrity validation enabled',
  rationale: 'Validation makes CloudTrail write signed, hash-chained digest files, so anyone can prove later that log files were not altered or deleted after delivery; without it the logs\' integrity cannot be demonstrated.',
  remediation: 'Turn validation on: CloudTrail console > Trails > the trail > General details > Edit > Log file validation: Enabled, or `aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return judgeTrails(ds.trails, target, (t) => t.LogFileValidationEnabled, 'log file validation is off');
  },
});
