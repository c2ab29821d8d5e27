// The notify section's rules (https only, loopback excepted; unique names; filters), the policy it
// implies, the console link and the runs-list summary.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { isLoopbackHost, NotifySchema } from '../../src/notify/schema.ts';
import { consoleLink, filterMiss, type RunMessage } from '../../src/notify/message.ts';
import { deliverySummary } from '../../src/notify/record.ts';
import { sampleMessage } from '../../src/notify/sample.ts';
import { buildPolicy, notifyStatements } from '../../src/run/policy.ts';
import { tempDir } from '../helpers.ts';

const parse = (targets: unknown[]) => NotifySchema.safeParse({ targets });

describe('notify config', () => {
  it('insists on https for webhook and Slack URLs, except to a loopback host', () => {
    for (const url of ['https://hooks.example.com/x', 'http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x']) {
      expect(parse([{ name: 'w', kind: 'webhook', url }]).success, url).toBe(true);
      expect(parse([{ name: 's', kind: 'slack', url }]).success, url).toBe(true);
    }
    for (const url of ['http://hooks.example.com/x', 'http://10.0.0.5/x', 'http://127.example.com/x', 'ftp://example.com/x']) {
      const r = parse([{ name: 'w', kind: 'webhook', url }]);
      expect(r.success, url).toBe(false);
      expect(r.error!.issues[0]!.message).toContain('https://');
    }
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', 'localhost.example.com', '::2'].some(isLoopbackHost)).toBe(false);
  });

  it('refuses a target name used twice, a bad ARN and an unknown kind, naming file, line and field', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = path.join(dir, 'evidence.config.yaml');
      await fs.writeFile(
        file,
        'notify:\n  targets:\n    - { name: a, kind: sns, topicArn: "arn:aws:sns:us-east-1:111122223333:t" }\n    - { name: a, kind: eventbridge, bus: default }\n    - { name: b, kind: sns, topicArn: "not-an-arn" }\n',
      );
      const err = await loadConfig(file).catch((e: Error) => e);
      expect(String((err as Error).message)).toMatch(/evidence\.config\.yaml:4:\d+: notify\.targets\.1\.name: target name "a" is used twice/);
      expect(String((err as Error).message)).toMatch(/evidence\.config\.yaml:5:\d+: notify\.targets\.2\.topicArn: an SNS topic ARN/);
      expect(parse([{ name: 'x', kind: 'email', to: 'a@b.c' }]).success).toBe(false);
      expect(parse([{ name: 'x', kind: 'webhook', url: 'https://a.example', secret: { env: 'NOT-A-NAME' } }]).success).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it('matches filters on the message: regression, partial-or-failed, expiring within N days, always, any of a list', () => {
    const m = sampleMessage('file:///s', new Date('2026-11-02T00:00:00Z')); // 1 regression, partial, an exception lapsing in 5 days
    const healthy: RunMessage = { ...m, status: 'complete', regressions: { total: 0, controls: [] }, expiring: { withinDays: 14, items: [] } };
    const t = (filter: unknown) => NotifySchema.parse({ targets: [{ name: 't', kind: 'slack', url: 'https://h.example', filter }] }).targets[0]!;
    expect(t(undefined).filter).toBe('regression'); // the default
    expect(filterMiss(t('regression'), m)).toBeNull();
    expect(filterMiss(t('regression'), healthy)).toBe('filter regression did not match');
    expect(filterMiss(t('regression'), { ...healthy, coverageLost: { total: 1, controls: [], targets: 3 } })).toBeNull();
    expect(filterMiss(t('partial-or-failed'), m)).toBeNull();
    expect(filterMiss(t('partial-or-failed'), healthy)).not.toBeNull();
    expect(filterMiss(t({ expiringWithinDays: 5 }), m)).toBeNull();
    expect(filterMiss(t({ expiringWithinDays: 4 }), m)).toBe('filter expiringWithinDays 4 did not match');
    expect(filterMiss(t('always'), healthy)).toBeNull();
    expect(filterMiss(t(['partial-or-failed', { expiringWithinDays: 30 }]), healthy)).not.toBeNull();
    expect(filterMiss(t(['partial-or-failed', 'regression']), { ...healthy, status: 'failed' })).toBeNull();
  });
});

describe('what notifications imply', () => {
  it('evidence policy grants exactly the publish actions of the configured targets', () => {
    const n = NotifySchema.parse({
      metric: { namespace: 'AwsEvidenceCollector' },
      targets: [
        { name: 'a', kind: 'sns', topicArn: 'arn:aws:sns:us-east-1:111122223333:t1' },
        { name: 'b', kind: 'sns', topicArn: 'arn:aws:sns:eu-west-1:111122223333:t2' },
        { name: 'c', kind: 'eventbridge', bus: 'default', region: 'us-east-1' },
        { name: 'd', kind: 'eventbridge', bus: 'arn:aws:events:us-east-1:111122223333:event-bus/sec' },
        { name: 'e', kind: 'webhook', url: 'https://h.example', secret: { secretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:hook-AbCdEf' } },
        { name: 'f', kind: 'webhook', url: 'https://h.example', secret: { env: 'HOOK_SECRET' } },
        { name: 'g', kind: 'slack', url: 'https://hooks.slack.com/services/x' },
      ],
    });
    expect(notifyStatements(n)).toEqual([
      { Sid: 'NotifySnsTopics', Effect: 'Allow', Action: ['sns:Publish'], Resource: ['arn:aws:sns:eu-west-1:111122223333:t2', 'arn:aws:sns:us-east-1:111122223333:t1'] },
      { Sid: 'NotifyEventBuses', Effect: 'Allow', Action: ['events:PutEvents'], Resource: ['arn:aws:events:us-east-1:*:event-bus/default', 'arn:aws:events:us-east-1:111122223333:event-bus/sec'] },
      { Sid: 'NotifyWebhookSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:hook-AbCdEf' },
      { Sid: 'NotifyRunMetric', Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'AwsEvidenceCollector' } } },
    ]);
    // Slack-only or no section: nothing added to the policy
    expect(notifyStatements(NotifySchema.parse({ targets: [{ name: 'g', kind: 'slack', url: 'https://hooks.slack.com/x' }] }))).toEqual([]);
    expect(buildPolicy([], {}).Statement.map((s) => s.Sid)).toEqual(['EvidenceCollectionReadOnly']);
  });

  it('links an S3 store run to its reports in the S3 console, and a file store to nothing', () => {
    expect(consoleLink('s3://evidence-bucket/org/', '20261102T020000Z-abc', 'eu-west-1')).toBe(
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/evidence-bucket?region=eu-west-1&prefix=org%2Freports%2F20261102T020000Z-abc%2F',
    );
    expect(consoleLink('s3://b', 'r1', 'us-east-1')).toBe('https://us-east-1.console.aws.amazon.com/s3/buckets/b?region=us-east-1&prefix=reports%2Fr1%2F');
    expect(consoleLink('file:///tmp/store', 'r1', 'us-east-1')).toBeNull();
    // Other partitions have their own console hosts; the isolated ones have none on the internet.
    expect(consoleLink('s3://b', 'r1', 'us-gov-west-1')).toBe('https://console.amazonaws-us-gov.com/s3/buckets/b?region=us-gov-west-1&prefix=reports%2Fr1%2F');
    expect(consoleLink('s3://b', 'r1', 'cn-north-1')).toBe('https://console.amazonaws.cn/s3/buckets/b?region=cn-north-1&prefix=reports%2Fr1%2F');
    expect(consoleLink('s3://b', 'r1', 'us-iso-east-1')).toBeNull();
  });

  it('summarises the latest delivery per target for runs list, leaving the metric out', () => {
    const d = (target: string, outcome: 'delivered' | 'failed' | 'not-matched', kind: 'slack' | 'metric' = 'slack') => ({ target, kind, time: 't', attempts: 1, outcome, trigger: 'run' as const });
    const rec = (ds: ReturnType<typeof d>[]) => ({ schema: 'run-notifications/v1' as const, runId: 'r', deliveries: ds });
    expect(deliverySummary(null)).toBe('-');
    expect(deliverySummary(rec([d('a', 'not-matched'), d('m', 'delivered', 'metric')]))).toBe('none matched');
    expect(deliverySummary(rec([d('a', 'failed'), d('b', 'delivered'), d('a', 'delivered')]))).toBe('2/2 sent');
    expect(deliverySummary(rec([d('a', 'failed'), d('b', 'delivered'), d('c', 'not-matched')]))).toBe('1/2 sent, 1 failed');
  });
});
