import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';
import { longestGapMinutes, parseCron } from '../../src/managed-rules/lib/cron.ts';
import { item, ruleCases } from './helpers.ts';

const PLAN_ID = '8f3c2a1e-4b5d-4c6e-9f7a-0b1c2d3e4f5a';
const PLAN_ARN = `arn:aws:backup:eu-west-1:123456789012:backup-plan:${PLAN_ID}`;

// A backup rule as the plan's item records it (CloudFormation's PascalCase).
function rule(name: string, schedule: string | undefined, deleteAfterDays?: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RuleName: name,
    TargetBackupVault: 'prod-vault',
    ...(schedule === undefined ? {} : { ScheduleExpression: schedule }),
    StartWindowMinutes: 60,
    CompletionWindowMinutes: 180,
    ...(deleteAfterDays === undefined ? {} : { Lifecycle: { DeleteAfterDays: deleteAfterDays } }),
    ...extra,
  };
}

// A backup plan's item with these rules.
function plan(rules: unknown): ReturnType<typeof item> {
  return item('AWS::Backup::BackupPlan', {
    resourceId: PLAN_ID,
    resourceName: 'prod-plan',
    configuration: { BackupPlanId: PLAN_ID, BackupPlanArn: PLAN_ARN, VersionId: 'ZmY2NjQ5YjMtNGRhNy00', BackupPlan: { BackupPlanName: 'prod-plan', BackupPlanRule: rules } },
  });
}

const daily = (days?: unknown) => rule('daily', 'cron(0 5 ? * * *)', days);
const HOURLY = { requiredFrequencyUnit: 'hours', requiredFrequencyValue: '12' };

ruleCases('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', {
  compliant: [
    { name: 'daily, kept 35 days', item: plan([daily(35)]) },
    { name: 'daily, kept forever (no lifecycle)', item: plan([daily()]) },
    { name: 'no schedule expression: the daily default', item: plan([rule('default', undefined, 90)]) },
    { name: 'a weekly rule beside a compliant daily one', item: plan([rule('weekly', 'cron(0 5 ? * SUN *)', 365), daily(35)]) },
    { name: 'daily with a cold-storage lifecycle and a short-lived copy', item: plan([rule('daily-cold', 'cron(30 3 * * ? *)', 120, { Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 }, CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:123456789012:backup-vault:dr', Lifecycle: { DeleteAfterDays: 7 } }] })]) },
    { name: 'twice a day, hourly parameters of 12 hours', item: plan([rule('twice', 'cron(0 5,17 ? * * *)', 35)]), params: HOURLY },
    { name: 'monthly against 31 days', item: plan([rule('monthly', 'cron(0 5 1 * ? *)', 365)]), params: { requiredFrequencyValue: '31', requiredRetentionDays: '365' } },
  ],
  nonCompliant: [
    { name: 'daily, kept 14 days', item: plan([daily(14)]) },
    { name: 'weekly, kept a year', item: plan([rule('weekly', 'cron(0 5 ? * 1 *)', 365)]) },
    { name: 'weekdays only: 72 hours over the weekend', item: plan([rule('weekdays', 'cron(0 5 ? * MON-FRI *)', 35)]) },
    { name: 'one rule frequent enough, the other kept long enough, neither both', item: plan([daily(7), rule('monthly', 'cron(0 5 1 * ? *)', 365)]) },
    { name: 'daily against a 12-hour requirement', item: plan([daily(35)]), params: HOURLY },
    { name: 'runs on one day only', item: plan([rule('once', 'cron(0 5 1 1 ? 2025)', 35)]) },
  ],
  notApplicable: [{ name: 'a recovery point, not a plan', item: item('AWS::Backup::RecoveryPoint', { configuration: { IsEncrypted: true } }) }],
  malformed: [
    { name: 'no rules recorded', item: plan(undefined) },
    { name: 'a rule that is not an object', item: plan(['daily']) },
    { name: 'a schedule that is not AWS cron', item: plan([rule('rate', 'rate(1 day)', 35)]) },
    { name: 'both day fields set', item: plan([rule('both', 'cron(0 5 1 * MON *)', 35)]) },
    { name: 'retention as a string', item: plan([daily('35')]) },
  ],
});

describe('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK parameters', () => {
  it('rejects what the managed rule rejects: a unit other than hours or days, a value beyond 24 hours or 31 days', () => {
    const evaluate = (params: Record<string, string>) => () => ruleEvaluator('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK')!.evaluate(plan([daily(35)]), params);
    expect(evaluate({ requiredFrequencyUnit: 'weeks' })).toThrow(InvalidParameterError);
    expect(evaluate({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: '48' })).toThrow(InvalidParameterError);
    expect(evaluate({ requiredFrequencyValue: '32' })).toThrow(InvalidParameterError);
    expect(evaluate({ requiredRetentionDays: '0' })).toThrow(InvalidParameterError);
    expect(evaluate({ requiredFrequencyUnit: 'Days', requiredFrequencyValue: '1' })).not.toThrow();
  });
});

describe('AWS cron schedules as the longest wait between backups', () => {
  it('reads every field form AWS Backup accepts, and rejects what it does not', () => {
    const hours = (e: string): number | null => {
      const s = parseCron(e);
      return s && longestGapMinutes(s) / 60;
    };
    expect(hours('cron(15 * ? * * *)')).toBe(1);
    expect(hours('cron(0 */12 * * ? *)')).toBe(12);
    expect(hours('0 12 * * ? *')).toBe(24);
    expect(hours('cron(0 1,5 ? * * *)')).toBe(20);
    expect(hours('cron(0 5 ? * MON-FRI *)')).toBe(72);
    expect(hours('cron(0 5 ? * 1 *)')).toBe(168);
    expect(hours('cron(0 5 1 * ? *)')).toBe(31 * 24);
    expect(hours('cron(0 5 L * ? *)')).toBe(31 * 24);
    expect(hours('cron(0 5 15W * ? *)')).toBe(32 * 24);
    expect(hours('cron(0 5 ? * 6#3 *)')).toBe(35 * 24);
    expect(hours('cron(0 5 ? * 6L *)')).toBe(35 * 24);
    expect(hours('cron(0 5 1 1 ? 2020)')).toBe(Infinity);
    for (const bad of ['rate(1 day)', 'cron(0 5 ? * * * *)', 'cron(0 5 1 * MON *)', 'cron(61 5 ? * * *)', 'cron(0 5 ? FOO * *)']) expect(parseCron(bad), bad).toBeNull();
  });
});
