import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RATE_LIMITS } from '../src/collect/ratelimit.ts';
import type { EvidenceStore } from '../src/store/store.ts';
import type { RunResults } from '../src/domain/results.ts';
import { readResourceLines, type ResourceLine } from '../src/store/resources.ts';
import type { RunningSandbox } from '../src/sandbox/index.ts';
import type { Catalog } from '../src/catalog/load.ts';
import type { AwsClientOptions, AwsClients } from '../src/collect/clients.ts';
import type { RunOptions, RunOutcome } from '../src/run/run.ts';

/**
 * For tests whose subject is not pacing: a sandbox that enforces no request quotas (`faults`, and
 * with every `setFaults`), and a run paced far above them (`rateLimits`). Paced as AWS would be,
 * each run waits seconds on CloudTrail's LookupEvents quota (2 a second per account-region).
 */
export const NO_QUOTAS = { throttling: false } as const;
export const UNPACED: Record<string, number> = Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS).map((k) => [k, 10_000]));

/** The same for `evidence run --sandbox` in a subprocess: a faults file and a config (collection.rateLimits). */
const fastSandbox = (file: string): string => fileURLToPath(new URL(`./fixtures/fast-sandbox/${file}`, import.meta.url));
export const FAST_SANDBOX_FAULTS = fastSandbox('faults.yaml');
export const FAST_SANDBOX_CONFIG = fastSandbox('config.yaml');
export const FAST_SANDBOX_FLAGS = ['--sandbox-faults', FAST_SANDBOX_FAULTS, '--config', FAST_SANDBOX_CONFIG];

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'evidence-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The run's results with every target's full resource list, read back from its stored
 * resources.ndjson (results.json lists only the resources needing attention).
 */
export async function withFullResults(store: EvidenceStore, results: RunResults): Promise<RunResults> {
  if (!results.resources) throw new Error(`run ${results.runId} has no resources.ndjson`);
  const lines = new Map<string, ResourceLine>();
  for await (const line of readResourceLines(await store.getStream(results.resources.key, results.resources.versionId))) {
    lines.set(`${line.check}\u0000${line.account}\u0000${line.region}`, line);
  }
  const checks = results.checks.map((c) => ({
    ...c,
    targets: c.targets.map((t) => {
      const line = lines.get(`${c.id}\u0000${t.account}\u0000${t.region}`);
      if (!line) throw new Error(`resources.ndjson has no line for ${c.id} ${t.account}/${t.region}`);
      return { ...t, results: line.results };
    }),
  }));
  if (lines.size !== checks.reduce((n, c) => n + c.targets.length, 0)) throw new Error('resources.ndjson and results.json name different targets');
  return { ...results, checks };
}

export type SandboxRunOptions = Partial<Omit<RunOptions, 'clients' | 'store' | 'catalog'>> & {
  store: EvidenceStore;
  catalog: Catalog;
  /** Holds signing.key (the default signer) and reports/ (the default reportsOut). */
  dir: string;
  /**
   * Options for clients made for this run (endpoint and credentials are the sandbox's, maxAttempts
   * 2 unless given) and destroyed after it; or clients the caller made, and destroys.
   */
  clients?: AwsClients | Partial<AwsClientOptions>;
};

/**
 * One signed run of the whole organization on the sandbox, through the collector role, with the
 * tests' usual options; any RunOptions field given overrides its default (undefined ones do not).
 */
export async function runOnSandbox(sandbox: RunningSandbox, opts: SandboxRunOptions): Promise<RunOutcome> {
  // Imported here, not at the top: most tests using this file need neither the SDK nor the run.
  const [{ AwsClients }, { executeRun }, { loadKeyFile }, { silentLogger }] = await Promise.all([
    import('../src/collect/clients.ts'),
    import('../src/run/run.ts'),
    import('../src/sign/signer.ts'),
    import('../src/util/log.ts'),
  ]);
  const { dir, clients: given, ...rest } = opts;
  const isClients = (c: typeof given): c is AwsClients => typeof (c as Partial<AwsClients> | undefined)?.destroy === 'function';
  const owned = isClients(given) ? null : new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 2, ...given });
  const clients = owned ?? (given as AwsClients);
  const overrides = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as typeof rest;
  try {
    return await executeRun({
      signer: overrides.signer ?? (await loadKeyFile(path.join(dir, 'signing.key'))),
      frameworks: opts.catalog.frameworks,
      regions: sandbox.regions,
      scope: { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } },
      concurrency: 8,
      toolVersion: '0.0.0-test',
      configDigest: 'test',
      reportsOut: path.join(dir, 'reports'),
      formats: ['html'],
      failingResourceCap: 5,
      log: silentLogger(),
      ...overrides,
      clients,
    });
  } finally {
    owned?.destroy();
  }
}
