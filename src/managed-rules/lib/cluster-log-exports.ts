// The audit log export of an AWS::RDS::DBCluster item of one engine (Neptune, DocumentDB).
import { notApplicable, verdict, type ItemReader, type RuleVerdict } from '../define.ts';

/**
 * NOT_APPLICABLE for clusters of other engines; otherwise passes when
 * configuration.enabledCloudwatchLogsExports holds "audit". The item records the list (empty when
 * nothing is exported), so a cluster without it, or with a list not of strings, is malformed.
 */
export function auditLogExported(ci: ItemReader, engine: string, engineName: string): RuleVerdict {
  const actual = ci.reqStr('configuration.engine');
  if (actual !== engine) return notApplicable(`${actual} is not ${engineName}`);
  const exported = ci.strings('configuration.enabledCloudwatchLogsExports');
  const list = exported.length === 0 ? 'no logs' : exported.join(', ');
  return verdict(exported.includes('audit'), `exports the audit log to CloudWatch Logs (${list})`, `does not export the audit log to CloudWatch Logs (exports ${list})`);
}
