// The oracle's minimum calls against what a real collection makes: a complete, fault-free run of
// every collector and every deployed managed rule, through the real SDK clients, must make
// exactly the calls /_sandbox/stats says it needs, operation by operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { ALL_DATASETS, minimumCalls } from '../../src/sandbox/minimum.ts';
import { OrgModel, simulatedNow } from '../../src/sandbox/org.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { resolveScope, type ResolvedScope } from '../../src/collect/scope.ts';
import { collectors } from '../../src/collect/collectors/index.ts';
import { DATASET_IDS, type DatasetId } from '../../src/domain/datasets.ts';
import { apiChecks } from '../../src/checks/index.ts';
import { defineCheck } from '../../src/checks/define.ts';
import { resolveCheck, type CheckDef } from '../../src/catalog/checks.ts';
import { collectEvidence, planDatasets } from '../../src/collect/engine.ts';
import { FileStore } from '../../src/store/file.ts';
import { silentLogger } from '../../src/util/log.ts';
import { UNPACED, tempDir } from '../helpers.ts';

const DAY = 2;
let sandbox: RunningSandbox;
let clients: AwsClients;
let scope: ResolvedScope;
let dir: string;
let cleanup: () => Promise<void>;

interface Stats {
  requests: Record<string, number>;
  throttled: number;
  faults: number;
  minimumCalls: number;
  minimumCallsByOperation: Record<string, number>;
  quotaLowerBoundSeconds: number;
}

const stats = async (query = ''): Promise<Stats> => (await (await fetch(`${sandbox.url}/_sandbox/stats${query}`)).json()) as Stats;
const sorted = (o: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Checks that make a collection ask for every dataset and every deployed managed rule. */
function everything(): CheckDef[] {
  const sids = new Set(sandbox.truth().accounts.flatMap((a) => sandbox.regions.flatMap((r) => sandbox.truth(DAY, { accounts: [a], regions: [r] }).configRules[a]![r]!.filter((x) => x.Owner === 'AWS').map((x) => x.SourceIdentifier))));
  const ruleChecks = [...sids].map((sid) => resolveCheck(`config:${sid}`)).filter((c): c is CheckDef => c !== undefined);
  expect(ruleChecks.length, 'every deployed managed rule is one the catalog knows').toBe(sids.size);
  const used = new Set(planDatasets([...apiChecks]).datasets);
  // Datasets no api check reads yet are still collected by a complete run: ask for them too.
  const rest = DATASET_IDS.filter((d) => !used.has(d)).map((d) =>
    defineCheck({ id: `collect-${d}`, title: `collect ${d}`, rationale: 'test only', remediation: 'test only', resourceType: 'AWS::::Account', uses: [d], evaluate: () => ({ kind: 'evaluated', results: [] }) }),
  );
  return [...ruleChecks, ...apiChecks, ...rest] as CheckDef[];
}

async function collect(checks: CheckDef[]): Promise<void> {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  scope = await resolveScope(clients, sandbox.regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, `minimum-${Date.now()}`);
  const out = await collectEvidence({
    store: new FileStore(path.join(dir, `store-${Date.now()}`)),
    accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
    regions: sandbox.regions,
    checks,
    concurrency: 32,
    // Client budgets out of the way: this test counts calls, not pacing.
    rateLimits: UNPACED,
    log: silentLogger(),
    now: () => new Date(),
  });
  expect(out.coverage.collections.filter((c) => c.status !== 'collected')).toEqual([]);
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  // Fault-free: no throttling, so every request is one the collection chose to make.
  sandbox = await startSandbox({ port: 0, seed: 11, day: DAY, resources: 260, faults: { throttling: false } });
  // The event window ends at the sandbox's "now", as the minimum assumes.
  // Two attempts: a retried request would show in the counts and fail the test, never hide.
  clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 2, now: () => new Date(simulatedNow(DAY)) });
}, 60_000);
afterAll(async () => {
  clients?.destroy();
  await sandbox?.close();
  await cleanup?.();
});

describe('minimum calls', () => {
  it('counts every dataset the collectors produce', () => {
    expect([...ALL_DATASETS].sort()).toEqual([...DATASET_IDS].sort());
    expect(collectors.map((c) => c.id).sort()).toEqual([...DATASET_IDS].sort());
  });

  it('equal, operation by operation, the requests of a complete fault-free collection', async () => {
    await collect(everything());
    const s = await stats();
    expect(s.throttled + s.faults).toBe(0);
    expect(sorted(s.requests)).toEqual(s.minimumCallsByOperation);
    expect(s.minimumCalls).toBe(Object.values(s.requests).reduce((a, b) => a + b, 0));
    // Every service a collector calls is in the count, not only Config and CloudTrail.
    const services = new Set(Object.keys(s.minimumCallsByOperation).map((k) => k.split('.')[0]));
    expect([...services].sort()).toEqual(['access-analyzer', 'account', 'auditmanager', 'cloudtrail', 'config', 'guardduty', 'iam', 'kms', 'organizations', 's3', 's3control', 'securityhub', 'sts']);
    // Pagination is counted: some rules take several pages of 100 results.
    const t = sandbox.truth();
    const managedRules = t.accounts.reduce((n, a) => n + t.regions.reduce((m, r) => m + t.configRules[a]![r]!.filter((x) => x.Owner === 'AWS').length, 0), 0);
    expect(s.minimumCallsByOperation['config.GetComplianceDetailsByConfigRule']).toBeGreaterThan(managedRules);
  }, 120_000);

  it('narrows to the datasets and rules a smaller collection asks for', async () => {
    const checks = [resolveCheck('config:S3_BUCKET_VERSIONING_ENABLED')!, ...apiChecks.filter((c) => c.id === 'kms-customer-key-rotation' || c.id === 'guardduty-enabled')] as CheckDef[];
    const plan = planDatasets(checks);
    await collect(checks);
    const s = await stats(`?datasets=${plan.datasets.join(',')}&rules=${plan.configRules.join(',')}`);
    expect(sorted(s.requests)).toEqual(s.minimumCallsByOperation);
    expect(Object.keys(s.minimumCallsByOperation).some((k) => k.startsWith('s3.'))).toBe(false);
  }, 60_000);

  it('names an unknown dataset in the stats query', async () => {
    const r = await fetch(`${sandbox.url}/_sandbox/stats?datasets=kms-keys,kms-kees`);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/unknown dataset\(s\) kms-kees/);
  });

  it('bounds the time by the busiest account-region-operation: S3 bucket locations are all asked in the home region', () => {
    const org = new OrgModel({ seed: 3, accounts: 2, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], resources: 40 });
    const only = (quotas: Record<string, number>, datasets: DatasetId[]): number => minimumCalls(org, { datasets, quotas }).quotaLowerBoundSeconds;
    const buckets = Math.max(...org.accounts.map((a) => org.s3.bucketNames(a).length));
    expect(only({ 's3.GetBucketLocation': 1 }, ['s3-buckets'])).toBe(buckets);
    // Settings are asked in each bucket's own region: the busiest region's share.
    const perRegion = Math.max(...org.accounts.flatMap((a) => org.regions.map((r) => org.count('bucket', a, r))));
    expect(only({ 's3.GetBucketVersioning': 1 }, ['s3-buckets'])).toBe(perRegion);
    // IAM is metered per account: two GenerateCredentialReport calls at 1 a second.
    expect(only({ 'iam.*': 1 }, ['iam-credential-report'])).toBe(2);
    // The default quotas: LookupEvents at 2 a second is slower than Config's 10 for this org.
    const m = minimumCalls(org);
    expect(m.quotaLowerBoundSeconds).toBeGreaterThan(0);
    expect(m.quotaLowerBoundSeconds).toBeGreaterThanOrEqual(13 / 2);
  });
});
