// Every api check's datasets collected from the sandbox organization through the real SDK
// clients and the collection engine, stored as evidence, and compared with the sandbox's truth
// field by field, for every account (management and members through the collector role) and
// every region, with the checks' verdicts where the organization is known to fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import pLimit from 'p-limit';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { CallRunner } from '../../src/collect/calls.ts';
import { datasetContext } from '../../src/collect/define.ts';
import { resolveScope, type ResolvedScope } from '../../src/collect/scope.ts';
import { collectorFor } from '../../src/collect/collectors/index.ts';
import type { DatasetId } from '../../src/domain/datasets.ts';
import { apiChecks } from '../../src/checks/index.ts';
import { collectEvidence, planDatasets, type CollectionOutput } from '../../src/collect/engine.ts';
import { evaluateChecks } from '../../src/evaluate/checks.ts';
import { FileStore } from '../../src/store/file.ts';
import type { CheckResult } from '../../src/domain/results.ts';
import { silentLogger } from '../../src/util/log.ts';
import { tempDir } from '../helpers.ts';

const DAY = 2;
let sandbox: RunningSandbox;
let truth: SandboxTruth;
let clients: AwsClients;
let scope: ResolvedScope;
let store: FileStore;
let out: CollectionOutput;
let results: CheckResult[];
let cleanup: () => Promise<void>;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  // The sandbox throttles at AWS's quotas (LookupEvents: 2 a second per account-region), as AWS would.
  sandbox = await startSandbox({ port: 0, seed: 7, day: DAY });
  truth = sandbox.truth();
  // The clock the evidence windows are measured against is the sandbox's simulated day.
  clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 3, now: () => new Date(simulatedNow(DAY)) });
  scope = await resolveScope(clients, sandbox.regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, 'datasets-e2e');
  store = new FileStore(path.join(dir, 'store'));
  out = await collectEvidence({
    store,
    accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
    regions: sandbox.regions,
    checks: [...apiChecks],
    concurrency: 16,
    log: silentLogger(),
    now: () => new Date(),
    keepTargets: true,
  });
  results = evaluateChecks([...apiChecks], out.targets);
}, 120_000);
afterAll(async () => {
  clients?.destroy();
  await sandbox?.close();
  await cleanup?.();
});

async function stored(account: string, region: string, id: DatasetId): Promise<{ data: unknown; requests: { operation: string }[] }> {
  return JSON.parse(Buffer.from(await store.get(`evidence/${account}/${region}/${id}.json`)).toString('utf8')) as { data: unknown; requests: { operation: string }[] };
}

describe('datasets collected from the sandbox', () => {
  it('reaches every account and collects every planned dataset', () => {
    expect(scope.accounts.map((a) => a.account).sort()).toEqual([...truth.accounts].sort());
    expect(out.coverage.collections.filter((c) => c.status !== 'collected')).toEqual([]);
    expect(out.coverage.calls.byOutcome.failed + out.coverage.calls.byOutcome.denied + out.coverage.calls.byOutcome.throttled).toBe(0);
  });

  it("equals the truth's dataset for every account and region, field by field", async () => {
    const { datasets } = planDatasets([...apiChecks]);
    let compared = 0;
    for (const account of truth.accounts) {
      for (const id of datasets.filter((d) => !['cloudtrail-trails', 'config-recorders', 'config-rules'].includes(d))) {
        const regions = collectorFor(id).scope === 'account' ? ['global'] : truth.regions;
        for (const region of regions) {
          const ev = await stored(account, region, id);
          expect(ev.data, `${account}/${region}/${id}`).toEqual((truth.datasets[account]![region] as Record<string, unknown>)[id]);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(truth.accounts.length * (5 + 7 * truth.regions.length));
  });

  it('collects the datasets no check reads yet (conformance packs, Audit Manager) equal to the truth too', async () => {
    const runner = new CallRunner(pLimit(4));
    for (const a of scope.accounts) {
      for (const region of truth.regions) {
        for (const id of ['config-conformance-packs', 'auditmanager-assessments'] as const) {
          const target = { account: a.account, region };
          const data = await collectorFor(id).collect(datasetContext(runner, target, a.clients, [], truth.regions));
          expect(data, `${a.account}/${region}/${id}`).toEqual(truth.datasets[a.account]![region]![id]);
        }
      }
    }
  });

  it('keeps secrets out of the evidence: no access key id is stored', async () => {
    let redacted = 0;
    for (const account of truth.accounts) {
      for (const region of truth.regions) {
        const text = JSON.stringify((await stored(account, region, 'cloudtrail-events')).data);
        expect(text).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
        redacted += text.split('[REDACTED]').length - 1;
      }
    }
    // the IAM changes CloudTrail recorded did carry key ids
    expect(redacted).toBeGreaterThan(0);
  });

  it('pages a busy account\'s sign-ins over several LookupEvents pages to exactly the truth', async () => {
    // Enough users that a day's console sign-ins exceed one page of 50.
    const busy = await startSandbox({ port: 0, seed: 7, day: DAY, resources: 1500, accounts: 0, faults: { throttling: false } });
    const c = new AwsClients({ endpoint: busy.url, credentials: busy.credentials, maxAttempts: 1, now: () => new Date(simulatedNow(DAY)) });
    try {
      const target = { account: busy.accountId, region: busy.regions[0]! };
      const requests: { service: string; operation: string; params: Record<string, unknown> }[] = [];
      const data = await collectorFor('cloudtrail-events').collect(datasetContext(new CallRunner(pLimit(4)), target, c, requests, busy.regions));
      expect(data).toEqual(busy.truth().datasets[busy.accountId]![busy.regions[0]!]!['cloudtrail-events']);
      const signIns = requests.filter((r) => (r.params.LookupAttributes as { AttributeValue: string }[])[0]!.AttributeValue === 'ConsoleLogin');
      expect(signIns.length).toBeGreaterThan(1);
      expect(signIns.slice(1).every((r) => typeof r.params.NextToken === 'string')).toBe(true);
    } finally {
      c.destroy();
      await busy.close();
    }
  });

  it('pages LookupEvents at 50 per query, one query per event name', async () => {
    const ev = await stored(sandbox.accountId, truth.regions[0]!, 'cloudtrail-events');
    expect(ev.requests.every((r) => r.operation === 'LookupEvents')).toBe(true);
    const data = ev.data as { lookups: { EventName: string; events: unknown[] }[] };
    expect(ev.requests.length).toBe(data.lookups.reduce((n, l) => n + Math.max(1, Math.ceil(l.events.length / 50)), 0));
  });
});

describe('checks over the collected datasets', () => {
  const status = (id: string, account: string, region: string): string | undefined => results.find((c) => c.id === id)!.targets.find((t) => t.account === account && t.region === region)?.status;
  const [member0, member1] = [() => sandbox.memberAccounts[0]!, () => sandbox.memberAccounts[1]!];

  it('judges every new check without ERROR or NO_EVIDENCE', () => {
    const older = ['cloudtrail-kms-encryption', 'cloudtrail-log-file-validation', 'cloudtrail-multi-region-logging', 'cloudtrail-trails-logging', 'config-recorder-recording'];
    for (const c of results.filter((x) => !older.includes(x.id))) for (const t of c.targets) expect(['PASS', 'FAIL'], `${c.id} ${t.account}/${t.region}: ${t.reason}`).toContain(t.status);
  });

  it('fails where the organization is known to fall short', () => {
    const last = truth.regions.at(-1)!;
    expect(status('iam-password-policy-strong', member0(), 'global')).toBe('FAIL'); // no password policy
    expect(status('s3-account-public-access-blocked', member1(), 'global')).toBe('FAIL'); // no account-level block
    expect(status('guardduty-enabled', member0(), last)).toBe('FAIL'); // suspended detector
    expect(status('guardduty-enabled', sandbox.memberAccounts.at(-1)!, last)).toBe('FAIL'); // no detector
    expect(status('securityhub-enabled', sandbox.memberAccounts.at(-1)!, last)).toBe('FAIL'); // not subscribed
    expect(status('cloudtrail-management-events', sandbox.memberAccounts.at(-1)!, truth.regions[0]!)).toBe('FAIL'); // no trail at all
    expect(status('cloudtrail-management-events', sandbox.accountId, truth.regions[0]!)).toBe('PASS'); // the organization trail
  });

  it('agrees with the Config rules judging the same resources', () => {
    const first = truth.regions[0]!;
    for (const account of truth.accounts) {
      const rule = (sid: string) => truth.configRules[account]![first]!.find((r) => r.SourceIdentifier === sid)!.results;
      const check = (id: string) => results.find((c) => c.id === id)!.targets.find((t) => t.account === account && t.region === 'global')!;
      expect(check('iam-root-mfa').status).toBe(rule('ROOT_ACCOUNT_MFA_ENABLED')[0]!.compliance === 'COMPLIANT' ? 'PASS' : 'FAIL');
      expect(check('iam-root-no-access-keys').status).toBe(rule('IAM_ROOT_ACCESS_KEY_CHECK')[0]!.compliance === 'COMPLIANT' ? 'PASS' : 'FAIL');
      expect(check('iam-password-policy-strong').status).toBe(rule('IAM_PASSWORD_POLICY')[0]!.compliance === 'COMPLIANT' ? 'PASS' : 'FAIL');
      expect(check('iam-users-console-mfa').counts.NON_COMPLIANT).toBe(rule('MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS').filter((r) => r.compliance === 'NON_COMPLIANT').length);
      expect(check('iam-access-keys-rotated').counts.NON_COMPLIANT).toBe(rule('ACCESS_KEYS_ROTATED').filter((r) => r.compliance === 'NON_COMPLIANT').length);
      const buckets = truth.regions.flatMap((r) => truth.configRules[account]![r]!.find((x) => x.SourceIdentifier === 'S3_BUCKET_VERSIONING_ENABLED')!.results);
      expect(check('s3-bucket-versioning').counts.NON_COMPLIANT).toBe(buckets.filter((r) => r.compliance === 'NON_COMPLIANT').length);
    }
  });
});
