// Each fault kind as the real SDK clients see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigServiceClient, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { parseFaults } from '../../src/sandbox/faults.ts';

let sb: RunningSandbox;
const made: { destroy(): void }[] = [];
function make<T extends { destroy(): void }>(C: new (cfg: object) => T, region?: string): T {
  const c = new C({ endpoint: sb.url, region: region ?? sb.regions[0], credentials: sb.credentials, maxAttempts: 1 });
  made.push(c);
  return c;
}
async function errorOf(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    return { name: (err as Error).name, status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
  return { name: 'no error' };
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 5 });
});
afterAll(async () => {
  made.forEach((c) => c.destroy());
  await sb.close();
});

describe('sandbox faults', () => {
  it('throttles over the quota with the service\'s own error, and counts it', async () => {
    // A bucket of one token that refills in 100 s: the six calls meet an empty bucket however slowly
    // a loaded machine sends them.
    sb.setFaults({ rateLimits: { 'config.DescribeConfigRules': 0.01 } });
    await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    const c = make(ConfigServiceClient);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => errorOf(c.send(new DescribeConfigRulesCommand({})))));
    expect(outcomes.filter((o) => o.name === 'no error')).toHaveLength(1);
    expect(outcomes.filter((o) => o.name === 'ThrottlingException')).toHaveLength(5);
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { throttled: number };
    expect(stats.throttled).toBe(5);
    // STS answers its own code
    sb.setFaults({ rateLimits: { 'sts.*': 0.01 } });
    const sts = make(STSClient);
    const s = await Promise.all([0, 1, 2].map(() => errorOf(sts.send(new GetCallerIdentityCommand({})))));
    expect(s.map((x) => x.name).sort()).toEqual(['Throttling', 'Throttling', 'no error']);
  });

  it('applies AWS\'s published quotas by default (CloudTrail describe calls: 10 TPS)', async () => {
    sb.setFaults({});
    const ct = make(CloudTrailClient);
    // A bucket of 10 that refills at 10 a second: however slowly a loaded machine sends them, no
    // more than 10 + 10 × elapsed seconds are answered, and the rest are throttled.
    const started = Date.now();
    const r = await Promise.all(Array.from({ length: 30 }, () => errorOf(ct.send(new DescribeTrailsCommand({})))));
    const elapsed = (Date.now() - started) / 1000;
    const answered = r.filter((x) => x.name === 'no error').length;
    expect(r.filter((x) => x.name === 'ThrottlingException').length).toBe(30 - answered);
    expect(answered).toBeGreaterThanOrEqual(10);
    expect(answered).toBeLessThanOrEqual(10 + Math.ceil(10 * elapsed));
    if (elapsed < 1) expect(answered).toBeLessThan(30);
  });

  it('answers AccessDenied for a denied account, region or service', async () => {
    sb.setFaults({ deny: [{ services: ['cloudtrail'], regions: [sb.regions[1]!] }] });
    expect((await errorOf(make(CloudTrailClient, sb.regions[1]).send(new DescribeTrailsCommand({})))).name).toBe('AccessDeniedException');
    expect((await errorOf(make(CloudTrailClient, sb.regions[0]).send(new DescribeTrailsCommand({})))).name).toBe('no error');
    sb.setFaults({ deny: [{ accounts: [sb.accountId] }] });
    expect(await errorOf(make(STSClient).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('answers a disabled region as AWS does', async () => {
    sb.setFaults({ disabledRegions: [sb.regions[1]!] });
    expect((await errorOf(make(ConfigServiceClient, sb.regions[1]).send(new DescribeConfigRulesCommand({})))).name).toBe('UnrecognizedClientException');
  });

  it('answers a seeded share of requests with 500 or 503', async () => {
    sb.setFaults({ errorRate: 0.5, throttling: false });
    const c = make(ConfigServiceClient);
    const r = await Promise.all(Array.from({ length: 40 }, () => errorOf(c.send(new DescribeConfigRulesCommand({})))));
    const failed = r.filter((x) => x.status === 500 || x.status === 503);
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(32);
    expect(new Set(failed.map((x) => x.name))).toEqual(new Set(['InternalFailure', 'ServiceUnavailable']));
  });

  it('adds latency', async () => {
    sb.setFaults({ latencyMs: 120, throttling: false });
    const t = performance.now();
    await make(STSClient).send(new GetCallerIdentityCommand({}));
    expect(performance.now() - t).toBeGreaterThanOrEqual(110);
  });

  it('takes faults at run time over HTTP and names a bad field', async () => {
    const ok = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 0, throttling: true }) });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 2 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/errorRate/);
    expect(() => parseFaults({ deny: [{ acounts: ['1'] }] }, 'faults.yaml')).toThrow(/faults\.yaml: deny\.0/);
    expect(() => parseFaults({ rateLimits: { config: 3 } })).toThrow(/rateLimits/);
    sb.setFaults({});
  });
});
