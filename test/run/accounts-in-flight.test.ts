// collection.accountsInFlight bounds how many accounts a run collects at once (memory grows with
// it); the evidence must not depend on it. Each collection's log line says when it finished, so
// an account's span runs from its first to its last line, and spans show how many overlapped.
import { Writable } from 'node:stream';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { resolveScope, type ResolvedScope } from '../../src/collect/scope.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { CheckDef } from '../../src/catalog/checks.ts';
import { FileStore } from '../../src/store/file.ts';
import { collectEvidence, type CollectionOutput } from '../../src/collect/engine.ts';
import { promises as fs } from 'node:fs';
import { DEFAULT_ACCOUNTS_IN_FLIGHT, loadConfig } from '../../src/config/config.ts';
import { NO_QUOTAS, UNPACED, tempDir } from '../helpers.ts';

let sandbox: RunningSandbox;
let clients: AwsClients;
let scope: ResolvedScope;
let checks: CheckDef[];
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  // No quota here: what is measured is the order of accounts, not the pace (paced as AWS would be,
  // one account after another took half a minute).
  sandbox = await startSandbox({ port: 0, seed: 11, accounts: 4, resources: 20, faults: NO_QUOTAS });
  clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 3, now: () => new Date(simulatedNow(sandbox.day)) });
  scope = await resolveScope(clients, sandbox.regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, 'in-flight');
  const catalog = await loadCatalog();
  const ids = new Set(catalog.frameworks.find((f) => f.id === 'aws-baseline')!.controls.flatMap((c) => c.checks));
  checks = [...ids].map((id) => catalog.checks.get(id)!).filter(Boolean);
});
afterAll(async () => {
  clients?.destroy();
  await sandbox?.close();
  await cleanup?.();
});

async function collect(accountsInFlight: number | undefined, name: string): Promise<{ out: CollectionOutput; order: string[] }> {
  const order: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const rec = JSON.parse(line) as { account?: string; msg?: string };
        if (rec.account && /collected|collection/.test(rec.msg ?? '')) order.push(rec.account);
      }
      done();
    },
  });
  const out = await collectEvidence({
    store: new FileStore(path.join(dir, name)),
    accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
    regions: sandbox.regions,
    checks,
    concurrency: 16,
    rateLimits: UNPACED,
    ...(accountsInFlight ? { accountsInFlight } : {}),
    log: pino({ level: 'info' }, sink),
    now: () => new Date(),
  });
  return { out, order };
}

/** The most accounts whose spans (first to last finished collection) overlap at one point. */
function mostAtOnce(order: string[]): number {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  order.forEach((a, i) => {
    if (!first.has(a)) first.set(a, i);
    last.set(a, i);
  });
  let most = 0;
  for (let i = 0; i < order.length; i++) {
    const open = [...first.keys()].filter((a) => first.get(a)! <= i && last.get(a)! >= i).length;
    most = Math.max(most, open);
  }
  return most;
}

describe('collection.accountsInFlight', () => {
  it('collects one account after another at 1, at most two at once at 2, and all together without a bound; the evidence is the same', async () => {
    expect(scope.accounts.length).toBe(5);
    const one = await collect(1, 'one');
    const two = await collect(2, 'two');
    const all = await collect(undefined, 'all');
    expect(mostAtOnce(one.order)).toBe(1);
    expect(mostAtOnce(two.order)).toBeLessThanOrEqual(2);
    expect(mostAtOnce(all.order)).toBeGreaterThan(2);
    for (const run of [one, two, all]) {
      expect(new Set(run.order)).toEqual(new Set(scope.accounts.map((a) => a.account)));
      expect(run.out.coverage.collections.filter((c) => c.status !== 'collected')).toEqual([]);
    }
    // Same objects, same bytes, whatever the order they were collected in.
    const digests = (o: CollectionOutput): string[] => o.evidence.map((e) => `${e.key} ${e.sha256}`);
    expect(digests(one.out)).toEqual(digests(all.out));
    expect(digests(two.out)).toEqual(digests(all.out));
  }, 120_000);

  it('is read from the config (16 unless set, without changing the digest of configs that do not set it) and refused below 1, naming file, line and field', async () => {
    const write = async (name: string, text: string): Promise<string> => {
      const file = path.join(dir, name);
      await fs.writeFile(file, text);
      return file;
    };
    const unset = await loadConfig(await write('unset.yaml', 'collection:\n  concurrency: 16\n'));
    expect(unset.config.collection.accountsInFlight).toBeUndefined();
    expect(DEFAULT_ACCOUNTS_IN_FLIGHT).toBe(16);
    expect(unset.digest).toBe((await loadConfig(await write('empty.yaml', '{}\n'))).digest);
    expect((await loadConfig(await write('four.yaml', 'collection:\n  accountsInFlight: 4\n'))).config.collection.accountsInFlight).toBe(4);
    await expect(loadConfig(await write('zero.yaml', 'collection:\n  accountsInFlight: 0\n'))).rejects.toThrow(/zero\.yaml:2:\d+: collection\.accountsInFlight/);
  });
});
