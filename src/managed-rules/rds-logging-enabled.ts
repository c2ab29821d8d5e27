// rds-logging-enabled: the DB instance exports its engine's log types to CloudWatch Logs.
// Parameter additionalLogs (optional): "engine: log, log ; engine: log" adds required log types.
// Judgement: the engine's required log types are those AWS Security Hub lists for the same check
// (RDS.9), since the Config guide does not enumerate them. Instances not in 'available',
// 'backing-up', 'storage-optimization' or 'storage-full' status are NOT_APPLICABLE, as documented.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable, InvalidParameterError } from './define.ts';

const REQUIRED: Record<string, string[]> = {
  mysql: ['audit', 'error', 'general', 'slowquery'],
  mariadb: ['audit', 'error', 'general', 'slowquery'],
  aurora: ['audit', 'error', 'general', 'slowquery'],
  'aurora-mysql': ['audit', 'error', 'general', 'slowquery'],
  postgres: ['postgresql', 'upgrade'],
  'aurora-postgresql': ['postgresql'],
  oracle: ['alert', 'audit', 'trace', 'listener'],
  sqlserver: ['error', 'agent'],
};

const STATUSES = new Set(['available', 'backing-up', 'storage-optimization', 'storage-full']);

function engineFamily(engine: string): string {
  if (engine.startsWith('oracle')) return 'oracle';
  if (engine.startsWith('sqlserver')) return 'sqlserver';
  return engine;
}

export default defineRuleEvaluator({
  rule: 'RDS_LOGGING_ENABLED',
  resourceTypes: ['AWS::RDS::DBInstance'],
  parameters: { additionalLogs: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const status = ci.reqStr('configuration.dBInstanceStatus');
    if (!STATUSES.has(status)) return notApplicable(`instance status is ${status}`);
    const engine = engineFamily(ci.reqStr('configuration.engine'));
    const required = new Set(REQUIRED[engine] ?? []);
    for (const part of (params.str('additionalLogs') ?? '').split(';')) {
      if (part.trim() === '') continue;
      const [name, logs] = part.split(':');
      if (logs === undefined) throw new InvalidParameterError('RDS_LOGGING_ENABLED', ci.resourceId, 'additionalLogs', `"${part.trim()}" is not "engine: log, log"`);
      if (engineFamily(name!.trim()) === engine) logs.split(',').map((l) => l.trim()).filter(Boolean).forEach((l) => required.add(l));
    }
    if (required.size === 0) return notApplicable(`no log types are defined for engine ${engine}`);
    const exported = new Set(ci.strings('configuration.enabledCloudwatchLogsExports', false));
    const missing = [...required].filter((l) => !exported.has(l));
    return missing.length === 0 ? compliant(`exports ${[...required].join(', ')}`) : nonCompliant(`log types not exported: ${missing.join(', ')}`);
  },
});
