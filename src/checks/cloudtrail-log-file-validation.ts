import { defineCheck } from './define.ts';
import { judgeTrails } from './trails-homed.ts';

export const cloudtrailLogFileValidation = defineCheck({
  id: 'cloudtrail-log-file-validation',
  title: 'CloudTrail trails have log file integrity validation enabled',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return judgeTrails(ds.trails, target, (t) => t.LogFileValidationEnabled, 'log file validation is off');
  },
});
