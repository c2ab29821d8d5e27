// "All enabled regions": each account's regions come from Account ListRegions (stored as
// evidence); a region the account has not enabled is left out on that evidence, and an account
// whose regions cannot be listed reads ERROR for them rather than passing on its home region alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { loadCatalog, selectFrameworks } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile } from '../../src/sign/signer.ts';
import type { RunOutcome } from '../../src/run/run.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let clean: RunOutcome;
let faulted: RunOutcome;
let store: FileStore;
let denied: string;

const REGIONS = ['us-east-1', 'eu-west-1'];

async function run(): Promise<RunOutcome> {
  const catalog = await loadCatalog();
  return runOnSandbox(sandbox, {
    store,
    catalog,
    dir,
    signer: await generateKeyFile(path.join(dir, `k-${Date.now()}.key`)),
    frameworks: selectFrameworks(catalog, ['aws-baseline']),
    regions: ['us-east-1'],
    allRegions: true,
    toolVersion: 'test',
    formats: ['json'],
    rateLimits: UNPACED,
  });
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  sandbox = await startSandbox({ port: 0, seed: 5, accounts: 2, resources: 40, regions: REGIONS, faults: NO_QUOTAS });
  store = new FileStore(path.join(dir, 'store'));
  denied = sandbox.memberAccounts[1]!;
  // The sandbox's accounts have enabled the two regions it models and no other; then one member
  // may not call the Account API.
  clean = await run();
  sandbox.setFaults({ ...NO_QUOTAS, deny: [{ accounts: [denied], services: ['account'] }] });
  faulted = await run();
}, 240_000);
afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

describe('collecting every enabled region', () => {
  it('collects exactly the regions ListRegions reports enabled, and stores that list as evidence', async () => {
    expect(clean.results.coverage.collections.filter((c) => c.status !== 'collected')).toEqual([]);
    expect(clean.status).toBe('complete');
    expect(clean.results.scope.regions).toEqual(['eu-west-1', 'us-east-1']);
    const regional = clean.results.checks.filter((c) => c.scope === 'region');
    expect(regional.length).toBeGreaterThan(5);
    for (const c of regional) expect(new Set(c.targets.map((t) => t.region)), c.id).toEqual(new Set(['eu-west-1', 'us-east-1']));
    const account = sandbox.memberAccounts[0]!;
    const ev = JSON.parse(Buffer.from(await store.get(`evidence/${account}/global/account-regions.json`)).toString());
    const status = Object.fromEntries(ev.data.regions.map((r: { RegionName: string; RegionOptStatus: string }) => [r.RegionName, r.RegionOptStatus]));
    expect(status).toMatchObject({ 'us-east-1': 'ENABLED_BY_DEFAULT', 'eu-west-1': 'ENABLED_BY_DEFAULT', 'ap-southeast-2': 'DISABLED' });
    expect(ev.requests.map((r: { operation: string }) => r.operation)).toEqual(['ListRegions']);
  });

  it('reads an account whose regions cannot be listed as ERROR for them, never PASS, and the run as partial', () => {
    expect(faulted.status).toBe('partial');
    const failed = faulted.results.coverage.collections.filter((c) => c.status === 'failed');
    expect(failed.map((c) => `${c.account}/${c.collector}`)).toEqual([`${denied}/account-regions`]);
    expect(failed[0]!.reason).toMatch(/access denied/);
    for (const c of faulted.results.checks.filter((x) => x.scope === 'region')) {
      const unlisted = c.targets.filter((t) => t.account === denied && t.region === '*');
      expect(unlisted.map((t) => t.status), c.id).toEqual(['ERROR']);
      expect(unlisted[0]!.reason).toMatch(/could not list the account's enabled regions/);
      // its home region is still collected and judged
      expect(c.targets.some((t) => t.account === denied && t.region === 'us-east-1')).toBe(true);
    }
    const fw = faulted.results.frameworks[0]!;
    const before = clean.results.frameworks[0]!;
    for (const ctl of fw.controls) {
      const regionalOnly = ctl.status === 'PASS';
      if (regionalOnly) expect(before.controls.find((c) => c.id === ctl.id)!.status).toBe('PASS');
    }
    expect(fw.byStatus.PASS).toBeLessThan(before.byStatus.PASS + 1);
    expect(fw.byStatus.ERROR + fw.byStatus.FAIL).toBeGreaterThan(0);
  });
});
