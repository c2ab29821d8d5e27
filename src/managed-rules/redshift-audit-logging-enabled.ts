// redshift-audit-logging-enabled: audit logging is on for the cluster.
// Parameter bucketNames (optional CSV): when set, logs must go to one of these buckets.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'REDSHIFT_AUDIT_LOGGING_ENABLED',
  resourceTypes: ['AWS::Redshift::Cluster'],
  parameters: { bucketNames: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    if (!ci.reqBool('supplementaryConfiguration.LoggingStatus.loggingEnabled')) return nonCompliant('audit logging is off');
    const bucket = ci.optStr('supplementaryConfiguration.LoggingStatus.bucketName');
    const allowed = params.list('bucketNames');
    if (allowed.length > 0 && (bucket === undefined || !allowed.includes(bucket))) return nonCompliant(`audit logs go to ${bucket ?? 'CloudWatch Logs'}, not one of ${allowed.join(', ')}`);
    return compliant('audit logging is on');
  },
});
