// An organization whose run leaves out us-east-1 (regions eu-west-1 and eu-central-1): CloudTrail
// records IAM's events and global sign-ins only in us-east-1's event history, so the home region's
// target must read them there, and root use recorded there must fail the check, not pass it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { resolveScope } from '../../src/collect/scope.ts';
import { apiChecks } from '../../src/checks/index.ts';
import { collectEvidence, type CollectionOutput } from '../../src/collect/engine.ts';
import { evaluateChecks } from '../../src/evaluate/checks.ts';
import { FileStore } from '../../src/store/file.ts';
import { GLOBAL_EVENT_NAMES, REGIONAL_EVENT_NAMES, type CloudTrailEventsDataset } from '../../src/domain/datasets.ts';
import type { CheckResult } from '../../src/domain/results.ts';
import { silentLogger } from '../../src/util/log.ts';
import pLimit from 'p-limit';
import { CallRunner, type Caller } from '../../src/collect/calls.ts';
import { collectorFor } from '../../src/collect/collectors/index.ts';
import { tempDir } from '../helpers.ts';

// Seed 19, day 4: two of the four accounts used the root user in the window (found by the truth below).
const DAY = 4;
const REGIONS = ['eu-west-1', 'eu-central-1'];
const checks = apiChecks.filter((c) => c.id === 'root-account-not-used' || c.id === 'console-login-mfa');
let sandbox: RunningSandbox;
let truth: SandboxTruth;
let clients: AwsClients;
let store: FileStore;
let out: CollectionOutput;
let results: CheckResult[];
let cleanup: () => Promise<void>;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  sandbox = await startSandbox({ port: 0, seed: 19, day: DAY, regions: REGIONS, faults: { throttling: false } });
  truth = sandbox.truth();
  clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 1, now: () => new Date(simulatedNow(DAY)) });
  const scope = await resolveScope(clients, REGIONS[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, 'global-region-e2e');
  store = new FileStore(path.join(dir, 'store'));
  out = await collectEvidence({ store, accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })), regions: REGIONS, checks, concurrency: 16, log: silentLogger(), now: () => new Date(), keepTargets: true });
  results = evaluateChecks(checks, out.targets);
}, 60_000);
afterAll(async () => {
  clients?.destroy();
  await sandbox?.close();
  await cleanup?.();
});

async function stored(account: string, region: string): Promise<{ data: CloudTrailEventsDataset; requests: { operation: string; params: { LookupAttributes: { AttributeValue: string }[] } }[] }> {
  return JSON.parse(Buffer.from(await store.get(`evidence/${account}/${region}/cloudtrail-events.json`)).toString('utf8')) as never;
}
const isRoot = (e: { CloudTrailEvent: Record<string, unknown> | null }): boolean => (e.CloudTrailEvent?.userIdentity as { type?: string } | undefined)?.type === 'Root';
const status = (id: string, account: string, region: string): string | undefined => results.find((c) => c.id === id)!.targets.find((t) => t.account === account && t.region === region)?.status;

describe('a run whose regions leave out us-east-1', () => {
  it('collects every target, and no us-east-1 target', () => {
    expect(out.coverage.collections.filter((c) => c.status !== 'collected')).toEqual([]);
    expect(out.targets.map((t) => t.target.region).filter((r) => r === 'us-east-1')).toEqual([]);
  });

  it("reads IAM's events and the global sign-ins from us-east-1 in the home region's target only, equal to the truth", async () => {
    for (const account of truth.accounts) {
      const home = await stored(account, 'eu-west-1');
      const global = home.data.lookups.filter((l) => l.Region === 'us-east-1').map((l) => l.EventName);
      expect(global).toEqual(['ConsoleLogin', ...GLOBAL_EVENT_NAMES]);
      expect(home.data.lookups.filter((l) => l.Region === 'eu-west-1').map((l) => l.EventName)).toEqual([...REGIONAL_EVENT_NAMES]);
      expect(home.data).toEqual(truth.datasets[account]!['eu-west-1']!['cloudtrail-events']);
      // one query (page) per lookup: the IAM names were asked, once each
      expect(home.requests.filter((r) => r.params.LookupAttributes[0]!.AttributeValue === 'CreateAccessKey')).toHaveLength(1);
      const other = await stored(account, 'eu-central-1');
      expect(other.data.lookups.map((l) => `${l.Region}/${l.EventName}`)).toEqual(REGIONAL_EVENT_NAMES.map((n) => `eu-central-1/${n}`));
      expect(other.data).toEqual(truth.datasets[account]!['eu-central-1']!['cloudtrail-events']);
    }
    // IAM changes were recorded, and found
    const iam = await Promise.all(truth.accounts.map(async (a) => (await stored(a, 'eu-west-1')).data.lookups.filter((l) => (GLOBAL_EVENT_NAMES as readonly string[]).includes(l.EventName)).flatMap((l) => l.events).length));
    expect(iam.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  });

  it('fails root-account-not-used where the root user was used, from the event history of us-east-1', async () => {
    let rooted = 0;
    for (const account of truth.accounts) {
      const used = truth.datasets[account]!['eu-west-1']!['cloudtrail-events']!.lookups.filter((l) => l.Region === 'us-east-1').flatMap((l) => l.events).some(isRoot);
      rooted += used ? 1 : 0;
      expect(status('root-account-not-used', account, 'eu-west-1'), account).toBe(used ? 'FAIL' : 'PASS');
      expect(status('root-account-not-used', account, 'eu-central-1'), account).toBe('PASS');
      expect(['PASS', 'FAIL']).toContain(status('console-login-mfa', account, 'eu-west-1'));
    }
    expect(rooted).toBeGreaterThan(0);
    expect(rooted).toBeLessThan(truth.accounts.length);
  });

  it("makes the us-east-1 lookups through us-east-1's runner (its rate budgets)", async () => {
    const runner = new CallRunner(pLimit(4));
    const target = { account: sandbox.accountId, region: 'eu-west-1' };
    const through: string[] = [];
    const counting = (region: string): Caller => {
      const real = runner.forTarget({ account: target.account, region });
      return { call: (requests, ...rest) => (through.push(`${region}/${(rest[2] as { LookupAttributes: { AttributeValue: string }[] }).LookupAttributes[0]!.AttributeValue}`), real.call(requests, ...rest)) };
    };
    await collectorFor('cloudtrail-events').collect({ target, clients, runner: counting(target.region), requests: [], regions: REGIONS, runnerIn: counting });
    expect(through).toEqual([...REGIONAL_EVENT_NAMES.map((n) => `eu-west-1/${n}`), ...['ConsoleLogin', ...GLOBAL_EVENT_NAMES].map((n) => `us-east-1/${n}`)]);
  });
});
