// Sharding against the sandbox: the organization (5 accounts, 2 regions) is collected once by a
// single run into one store, and by 4 shard runs in parallel into another, which are then merged.
// The merged run must read exactly as the single run: control results per framework (exceptions
// and attestations applied), check targets, coverage, evidence, and resources.ndjson byte for
// byte; it verifies, chains, names its shards, and a bad set of shards is refused by name.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile, loadKeyFile } from '../../src/sign/signer.ts';
import type { RunOutcome } from '../../src/run/run.ts';
import { latestShardRunIds, mergeShards, type MergeOutcome } from '../../src/run/merge.ts';
import { parseShard, shardOf, shardOfRunId, type ShardSpec } from '../../src/domain/shard.ts';
import { verifyStore } from '../../src/sign/verify-run.ts';
import { keys, readManifest, resolveRunId } from '../../src/store/manifest.ts';
import { loadAcceptance, type AcceptanceInput } from '../../src/evaluate/acceptance.ts';
import type { RunResults } from '../../src/domain/results.ts';
import { silentLogger } from '../../src/util/log.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const FW = 'aws-baseline';
// Two frameworks are enough to compare control results per framework; all six would render and
// evaluate NIST's thousand controls five times over for nothing the merge does differently.
const FRAMEWORKS = [FW, 'pci-dss-4.0'];

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let catalog: Catalog;
let acceptance: AcceptanceInput;
let single: RunOutcome;
let shards: RunOutcome[];
let merged: MergeOutcome;
let singleStore: FileStore;
let shardStore: FileStore;

async function runOnce(store: FileStore, shard?: ShardSpec): Promise<RunOutcome> {
  const now = simulatedNow(0);
  const frameworks = FRAMEWORKS.map((id) => catalog.byId.get(id)!);
  return runOnSandbox(sandbox, { store, catalog, dir, frameworks, clients: { maxAttempts: 4, now: () => new Date(now) }, configDigest: 'digest-1', formats: ['html'], acceptance, shard, rateLimits: UNPACED });
}

async function merge(runIds: string[]): Promise<MergeOutcome> {
  return mergeShards({
    store: shardStore,
    signer: await loadKeyFile(path.join(dir, 'signing.key')),
    catalog,
    runIds,
    toolVersion: '0.0.0-test',
    reportsOut: path.join(dir, 'reports'),
    formats: ['html'],
    failingResourceCap: 5,
    log: silentLogger(),
  });
}

async function resourcesBytes(store: FileStore, r: RunResults): Promise<Buffer> {
  return Buffer.from(await store.get(r.resources!.key, r.resources!.versionId));
}

/** Writes exceptions (one per check, one partial by resource, one expired) and an attestation, chosen from the sandbox's truth. */
async function writeAcceptance(): Promise<AcceptanceInput> {
  const truth = sandbox.truth(0);
  const fw = catalog.byId.get(FW)!;
  // Config rules with non-compliant resources in several accounts, used by a non-manual baseline control.
  const failing = new Map<string, { account: string; id: string; type: string }[]>();
  for (const [account, regions] of Object.entries(truth.configRules)) {
    for (const rules of Object.values(regions)) {
      for (const rule of rules) {
        for (const r of rule.results.filter((x) => x.compliance === 'NON_COMPLIANT')) {
          const list = failing.get(`config:${rule.SourceIdentifier}`) ?? [];
          list.push({ account, id: r.resourceId, type: r.resourceType });
          failing.set(`config:${rule.SourceIdentifier}`, list);
        }
      }
    }
  }
  const usable = fw.controls
    .filter((c) => c.checks.length > 0)
    .flatMap((c) => c.checks.filter((id) => new Set(failing.get(id)?.map((f) => f.account)).size >= 2).map((check) => ({ control: c.id, check })));
  expect(usable.length, 'baseline controls over failing config rules').toBeGreaterThanOrEqual(3);
  const [a, b, c] = [usable[0]!, usable.find((u) => u.control !== usable[0]!.control)!, usable.at(-1)!];
  const one = failing.get(b.check)![0]!;
  await fs.writeFile(
    path.join(dir, 'exceptions.yaml'),
    `exceptions:
  - id: RISK-CHECK
    framework: ${FW}
    check: ${a.check}
    reason: Accepted across the organization until the migration.
    approver: Dana Whitfield (CISO)
    expires: 2099-12-31
  - id: RISK-ONE
    control: ${b.control}
    resources:
      - { id: ${JSON.stringify(one.id)}, account: "${one.account}" }
    reason: One resource only.
    approver: Dana Whitfield (CISO)
    expires: 2099-12-31
  - id: RISK-OLD
    check: ${c.check}
    reason: Accepted long ago.
    approver: Dana Whitfield (CISO)
    expires: 2020-01-31
`,
  );
  const manual = fw.controls.find((x) => x.manual || x.checks.length === 0)!;
  await fs.writeFile(
    path.join(dir, 'attestation.yaml'),
    `framework: ${FW}\ncontrol: ${manual.id}\nstatement: Reviewed.\nattester: Sam Lee\ndate: 2020-01-01\nvalidUntil: 2099-01-01\n`,
  );
  return loadAcceptance({ exceptions: path.join(dir, 'exceptions.yaml'), attestations: path.join(dir, 'attestation.yaml') }, catalog);
}

function evidence(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('shard-'));
  sandbox = await startSandbox({ port: 0, seed: 21, accounts: 4, resources: 40, faults: NO_QUOTAS });
  catalog = await loadCatalog();
  await generateKeyFile(path.join(dir, 'signing.key'));
  acceptance = await writeAcceptance();
  singleStore = new FileStore(path.join(dir, 'single'));
  shardStore = new FileStore(path.join(dir, 'sharded'));
  single = await runOnce(singleStore);
  // In parallel, as n ECS tasks would run them.
  shards = await Promise.all([1, 2, 3, 4].map((index) => runOnce(shardStore, { index, count: 4 })));
  merged = await merge(await latestShardRunIds(shardStore));
}, 300_000);

afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

describe('the partition', () => {
  it('parses i/n and refuses anything else by value', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('5/4')).toThrow(/--shard: the shard must be 1 to 4, got 5 in "5\/4"/);
    expect(() => parseShard('0/4')).toThrow(/must be 1 to 4, got 0/);
    expect(() => parseShard('2')).toThrow(/expected i\/n .* got "2"/);
    expect(() => parseShard('1/0')).toThrow(/number of shards must be 1 to 1000, got 0/);
  });

  it('is a stable function of the account id alone, spread evenly', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => String(100000000000 + i * 7919));
    const counts = [0, 0, 0, 0];
    for (const id of ids) {
      const s = shardOf(id, 4);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(4);
      expect(shardOf(id, 4)).toBe(s);
      counts[s - 1]! += 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(shardOf('123456789012', 1)).toBe(1);
  });

  it('splits the organization into disjoint shards whose union is the single run\'s scope', () => {
    const all = single.results.scope.accounts;
    expect(all).toHaveLength(5);
    const seen = shards.flatMap((s) => s.results.scope.accounts);
    expect([...seen].sort()).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    for (const s of shards) {
      expect(s.results.shard).toEqual({ index: shardOfRunId(s.runId)!.index, count: 4, of: all });
      for (const a of s.results.scope.accounts) expect(shardOf(a, 4)).toBe(s.results.shard!.index);
    }
    // Each shard collected only its own accounts.
    for (const s of shards) {
      const touched = new Set(s.results.coverage.collections.map((c) => c.account));
      expect([...touched].every((a) => s.results.scope.accounts.includes(a))).toBe(true);
    }
  });
});

describe('4 shards merged', () => {
  it('give the same control results per framework as a single run, exceptions and attestations included', () => {
    expect(merged.results.frameworks.map((f) => f.id)).toEqual(FRAMEWORKS);
    expect(single.results.frameworks.map((f) => f.id)).toEqual(FRAMEWORKS);
    for (const [i, fw] of merged.results.frameworks.entries()) {
      expect(fw.controls, fw.id).toEqual(single.results.frameworks[i]!.controls);
      expect(fw.byStatus, fw.id).toEqual(single.results.frameworks[i]!.byStatus);
    }
    // The exceptions were exercised across shards, not trivially empty.
    const base = single.results.frameworks.find((f) => f.id === FW)!.controls;
    const records = base.flatMap((c) => c.exceptions ?? []);
    expect(records.map((r) => r.id).sort()).toEqual(expect.arrayContaining(['RISK-CHECK', 'RISK-ONE', 'RISK-OLD']));
    expect(records.some((r) => r.id === 'RISK-CHECK' && r.coveredResources > 0)).toBe(true);
    expect(records.some((r) => r.id === 'RISK-ONE' && r.coveredResources >= 1 && r.coveredResources < r.failingResources)).toBe(true);
    expect(records.some((r) => r.state === 'expired')).toBe(true);
    expect(base.some((c) => c.status === 'ATTESTED')).toBe(true);
    // Each shard judged only its accounts' resources; the merge counts them all again.
    for (const id of ['RISK-CHECK', 'RISK-ONE']) {
      const total = records.find((r) => r.id === id)!;
      const parts = shards.map((s) => s.results.frameworks.find((f) => f.id === FW)!.controls.flatMap((c) => c.exceptions ?? []).find((r) => r.id === id)!);
      expect(parts.reduce((n, r) => n + r.failingResources, 0), id).toBe(total.failingResources);
      expect(parts.filter((r) => r.failingResources > 0).length, id).toBeGreaterThanOrEqual(1);
    }
  });

  it('give the same check targets, coverage and evidence', () => {
    expect(merged.results.checks).toEqual(single.results.checks);
    const targets = merged.results.checks.reduce((n, c) => n + c.targets.length, 0);
    expect(targets).toBeGreaterThan(100);
    const strip = (r: RunResults): unknown[] => r.coverage.collections.map(({ calls: _c, failedCalls: _f, ...rest }) => rest);
    expect(strip(merged.results)).toEqual(strip(single.results));
    expect(merged.results.coverage.rulesNotDeployed).toEqual(single.results.coverage.rulesNotDeployed);
    expect(merged.results.scope).toEqual(single.results.scope);
    expect(merged.results.evidence.map((e) => `${e.key} ${e.sha256}`)).toEqual(single.results.evidence.map((e) => `${e.key} ${e.sha256}`));
    expect(merged.status).toBe(single.status);
    expect(merged.results.coverage.calls.calls).toBe(shards.reduce((n, s) => n + s.results.coverage.calls.calls, 0));
  });

  it('give a resources.ndjson identical byte for byte', async () => {
    const a = await resourcesBytes(singleStore, single.results);
    const b = await resourcesBytes(shardStore, merged.results);
    expect(b.length).toBeGreaterThan(1000);
    expect(b.equals(a)).toBe(true);
    expect(merged.results.resources!.lines).toBe(single.results.resources!.lines);
  });

  it('write a signed run whose manifest names and pins its shards, and that verifies', async () => {
    const { manifest } = await readManifest(shardStore, merged.runId);
    expect(manifest.shard).toBeUndefined();
    expect(manifest.shards!.map((s) => s.index)).toEqual([1, 2, 3, 4]);
    for (const s of manifest.shards!) {
      const shardManifest = await readManifest(shardStore, s.runId);
      expect(s.manifest).toEqual({ key: keys.manifest(s.runId), versionId: shardManifest.versionId, sha256: shardManifest.sha256, size: shardManifest.bytes.length });
      expect(shardManifest.manifest.shard!.index).toBe(s.index);
      expect(manifest.objects).toContainEqual(expect.objectContaining({ key: keys.manifest(s.runId), sha256: shardManifest.sha256 }));
    }
    const v = await verifyStore(shardStore, merged.runId);
    expect(v.runs.flatMap((r) => r.problems)).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('chain: shards and merged runs chain to the whole run before them; verify accepts every one, and latest skips shards', async () => {
    for (const s of shards) {
      const v = await verifyStore(shardStore, s.runId);
      expect(v.runs.flatMap((r) => r.problems), s.runId).toEqual([]);
      expect((await readManifest(shardStore, s.runId)).manifest.previousManifest).toBeNull();
    }
    expect((await readManifest(shardStore, merged.runId)).manifest.previousManifest).toBeNull();
    const again = await merge(shards.map((s) => s.runId).reverse());
    expect((await readManifest(shardStore, again.runId)).manifest.previousManifest?.runId).toBe(merged.runId);
    const v = await verifyStore(shardStore, again.runId);
    expect(v.ok).toBe(true);
    expect(v.chainLength).toBe(2);
    expect(await resolveRunId(shardStore, 'latest')).toBe(again.runId);
    expect(await resolveRunId(shardStore, 'previous')).toBe(merged.runId);
  });

  it('say on the cover of a shard report that it is not the whole organization, and name the shards on the merged one', async () => {
    const shardHtml = await fs.readFile(path.join(dir, 'reports', shards[1]!.runId, `${FW}.html`), 'utf8');
    expect(shardHtml).toContain('Shard 2 of 4.');
    expect(shardHtml).toMatch(/covers \d of the 5 accounts in scope: it is not a report on the whole organization/);
    const mergedHtml = await fs.readFile(path.join(dir, 'reports', merged.runId, `${FW}.html`), 'utf8');
    expect(mergedHtml).not.toContain('Shard 2 of 4.');
    expect(mergedHtml).toContain('Merged from shards');
    for (const s of shards) expect(mergedHtml).toContain(s.runId);
  });
});

describe('a bad set of shards', () => {
  it('is refused, naming the missing shard, a duplicate, a run named twice, a mismatched split, a run that is no shard', async () => {
    const ids = shards.map((s) => s.runId);
    await expect(merge(ids.filter((id) => !id.endsWith('-s3of4')))).rejects.toThrow(/missing shard 3\/4 \(given: /);
    await expect(merge([...ids, ids[0]!])).rejects.toThrow(new RegExp(`run ${ids[0]} is named twice`));
    await expect(merge([ids[0]!])).rejects.toThrow(/missing shards 2\/4, 3\/4, 4\/4/);
    await expect(merge([merged.runId])).rejects.toThrow(new RegExp(`run ${merged.runId} is not a shard run`));
    await expect(merge(['20990101T000000Z-abcdef-s1of4'])).rejects.toThrow(/run 20990101T000000Z-abcdef-s1of4: run .* has no manifest/);

    const half = await runOnce(shardStore, { index: 1, count: 2 });
    await expect(merge([...ids.slice(1), half.runId])).rejects.toThrow(new RegExp(`run ${half.runId} \\(shard 1/2\\) splits the scope into 2, but run .* into 4`));
    // Since the last merge, the shards split the scope two ways: --shards-of latest will not guess.
    const dup = await runOnce(shardStore, { index: 2, count: 4 });
    await expect(latestShardRunIds(shardStore)).rejects.toThrow(/split the scope differently/);
    const two = ids.find((id) => id.endsWith('-s2of4'))!;
    await expect(merge([...ids, dup.runId].filter((id) => id !== ids[0]))).rejects.toThrow(new RegExp(`shard 2/4 is given twice: runs (${two} and ${dup.runId}|${dup.runId} and ${two})`));

    // A shard whose manifest was edited after signing fails verification, by name.
    const key = keys.manifest(dup.runId);
    const edited = JSON.parse(Buffer.from(await shardStore.get(key)).toString('utf8')) as { status: string };
    edited.status = 'complete';
    (edited as Record<string, unknown>).configDigest = 'tampered';
    await shardStore.put(key, Buffer.from(JSON.stringify(edited, null, 2) + '\n'));
    await expect(merge([...ids.filter((id) => id !== two), dup.runId])).rejects.toThrow(new RegExp(`run ${dup.runId} fails verification: ${key}: `));
  }, 240_000);
});

describe('the CLI', () => {
  it('`run --shard` refuses a bad value before doing anything', () => {
    const r = evidence(['run', '--shard', '3/2', '--store', `file://${path.join(dir, 'unused')}`, '--key', path.join(dir, 'signing.key')]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('--shard: the shard must be 1 to 2, got 3 in "3/2"');
  });

  it('`merge` writes a verified run with run\'s exit code and a JSON summary last', () => {
    const store = `file://${path.join(dir, 'sharded')}`;
    const r = evidence(['merge', ...shards.map((s) => s.runId), '--store', store, '--key', path.join(dir, 'signing.key'), '--out', path.join(dir, 'cli-reports'), '--formats', 'html,json', '--verify', '--json']);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { runId: string; status: string; shards: string[]; verified: boolean; frameworks: Record<string, unknown> };
    expect(r.code).toBe(single.status === 'complete' ? 0 : single.status === 'partial' ? 2 : 1);
    expect(summary.status).toBe(single.status);
    expect(summary.verified).toBe(true);
    expect(summary.shards).toEqual(shards.map((s) => s.runId));
    expect(summary.frameworks).toEqual(Object.fromEntries(single.results.frameworks.map((f) => [f.id, f.byStatus])));
    const missing = evidence(['merge', shards[0]!.runId, '--store', store, '--key', path.join(dir, 'signing.key'), '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing shards 2\/4, 3\/4, 4\/4/);
  }, 120_000);
});
