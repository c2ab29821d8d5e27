// backup-plan-min-frequency-and-min-retention-check: the backup plan has a rule that backs up at
// least every requiredFrequencyValue requiredFrequencyUnit and keeps recovery points at least
// requiredRetentionDays. Reads each of configuration.BackupPlan.BackupPlanRule:
// - frequency: the longest wait between two runs of its ScheduleExpression (AWS cron, UTC), so a
//   weekday-only daily schedule waits 72 hours over the weekend and fails a one-day requirement;
//   no expression is AWS Backup's documented default, cron(0 5 ? * * *).
// - retention: Lifecycle.DeleteAfterDays; none means recovery points are never deleted, which
//   satisfies any minimum. Copy actions' lifecycles govern copies in other vaults and are not read.
// Judgement: the documentation says the plan passes when it "has a backup rule that satisfies" both,
// so one rule meeting both suffices; a plan whose rules each meet only one of them fails.
import { defineRuleEvaluator, InvalidParameterError, isRecord, nonCompliant, compliant } from './define.ts';
import { longestGapMinutes, parseCron } from './lib/cron.ts';

const RULES = 'configuration.BackupPlan.BackupPlanRule';
const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';
const MAX_VALUE: Record<string, number> = { hours: 24, days: 31 };

export default defineRuleEvaluator({
  rule: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  parameters: { requiredFrequencyValue: '1', requiredRetentionDays: '35', requiredFrequencyUnit: 'days' },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const invalid = (name: string, why: string): InvalidParameterError => new InvalidParameterError('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', ci.resourceId, name, why);
    const unit = (params.str('requiredFrequencyUnit') ?? 'days').toLowerCase();
    if (MAX_VALUE[unit] === undefined) throw invalid('requiredFrequencyUnit', `${JSON.stringify(unit)} is not hours or days`);
    const value = params.int('requiredFrequencyValue') ?? 1;
    if (value < 1 || value > MAX_VALUE[unit]) throw invalid('requiredFrequencyValue', `${value} is not between 1 and ${MAX_VALUE[unit]} ${unit}`);
    const retention = params.int('requiredRetentionDays') ?? 35;
    if (retention < 1) throw invalid('requiredRetentionDays', `${retention} is not a positive number of days`);
    const maxGap = value * (unit === 'hours' ? 60 : 1440);

    const rules = ci.objects(RULES);
    const misses: string[] = [];
    for (const [i, r] of rules.entries()) {
      const name = typeof r.RuleName === 'string' ? r.RuleName : `rule ${i}`;
      const expression = r.ScheduleExpression ?? DEFAULT_SCHEDULE;
      if (typeof expression !== 'string') throw ci.malformed(`${RULES}.${i}.ScheduleExpression`, 'a string');
      const schedule = parseCron(expression);
      if (!schedule) throw ci.malformed(`${RULES}.${i}.ScheduleExpression`, 'an AWS cron expression');
      const lifecycle = r.Lifecycle ?? undefined;
      if (lifecycle !== undefined && !isRecord(lifecycle)) throw ci.malformed(`${RULES}.${i}.Lifecycle`, 'an object');
      const keep = lifecycle?.DeleteAfterDays ?? undefined;
      if (keep !== undefined && (typeof keep !== 'number' || !Number.isFinite(keep))) throw ci.malformed(`${RULES}.${i}.Lifecycle.DeleteAfterDays`, 'a number');
      const gap = longestGapMinutes(schedule);
      const often = gap <= maxGap;
      const long = keep === undefined || keep >= retention;
      if (often && long) return compliant(`backup rule ${name} runs ${expression} and keeps recovery points ${keep === undefined ? 'indefinitely' : `${keep} days`}`);
      const wait = gap === Infinity ? 'runs fewer than twice' : `waits up to ${gap % 1440 === 0 ? `${gap / 1440} days` : `${gap / 60} hours`} between backups`;
      misses.push(`${name} ${[often ? '' : wait, long ? '' : `keeps recovery points ${keep} days`].filter(Boolean).join(' and ')}`);
    }
    if (misses.length === 0) return nonCompliant('the backup plan has no backup rule');
    return nonCompliant(`no backup rule backs up every ${value} ${unit} and keeps recovery points ${retention} days: ${misses.join('; ')}`);
  },
});
