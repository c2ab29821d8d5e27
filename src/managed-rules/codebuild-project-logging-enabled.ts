// codebuild-project-logging-enabled: the build project logs to CloudWatch Logs or S3.
// Parameters s3BucketNames, cloudWatchGroupNames (optional CSV): when set, an enabled
// destination must be one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CODEBUILD_PROJECT_LOGGING_ENABLED',
  resourceTypes: ['AWS::CodeBuild::Project'],
  parameters: { s3BucketNames: undefined, cloudWatchGroupNames: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqObj('configuration.logsConfig');
    const cw = ci.optStr('configuration.logsConfig.cloudWatchLogs.status') === 'ENABLED';
    const s3 = ci.optStr('configuration.logsConfig.s3Logs.status') === 'ENABLED';
    if (!cw && !s3) return nonCompliant('build logs go nowhere');
    const groups = params.list('cloudWatchGroupNames');
    const buckets = params.list('s3BucketNames');
    if (groups.length === 0 && buckets.length === 0) return compliant(`logging to ${[cw && 'CloudWatch Logs', s3 && 'S3'].filter(Boolean).join(' and ')}`);
    const group = ci.optStr('configuration.logsConfig.cloudWatchLogs.groupName');
    const bucket = ci.optStr('configuration.logsConfig.s3Logs.location')?.split('/')[0];
    const ok = (cw && group !== undefined && groups.includes(group)) || (s3 && bucket !== undefined && buckets.includes(bucket));
    return ok ? compliant('logs go to an expected destination') : nonCompliant('logs go to no expected destination');
  },
});
