// collection.deadlineMinutes ends a slow collection: every call the sandbox has not answered by
// the deadline fails with the deadline as its reason, the targets it leaves read ERROR, the run is
// partial, and the manifest and reports are still written and verify.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile } from '../../src/sign/signer.ts';
import { verifyStore } from '../../src/sign/verify-run.ts';
import { failureSummary } from '../../src/cli/common.ts';
import { loadConfig } from '../../src/config/config.ts';
import { promises as fs } from 'node:fs';
import { runOnSandbox, tempDir } from '../helpers.ts';

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  // Every AWS answer takes a second: calls that page or wait for a concurrency slot run past the deadline.
  sandbox = await startSandbox({ port: 0, seed: 5, accounts: 1, resources: 10, faults: { latencyMs: 1000 } });
});
afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

it('calls unanswered at the deadline fail with it; the run is partial, finalized, reported and verifies', async () => {
  const catalog = await loadCatalog([], undefined, { cache: null });
  const signer = await generateKeyFile(path.join(dir, 'signing.key'));
  const store = new FileStore(path.join(dir, 'store'));
  const deadlineMs = 4000;
  const t0 = Date.now();
  const outcome = await runOnSandbox(sandbox, {
    store,
    catalog,
    dir,
    signer,
    frameworks: [catalog.byId.get('aws-baseline')!],
    regions: [sandbox.regions[0]!],
    formats: ['json', 'html'],
    concurrency: 4,
    collectionDeadlineMs: deadlineMs,
    clients: { maxAttempts: 1, requestTimeoutMs: 60_000 },
  });
  const wall = Date.now() - t0;
  expect(outcome.status).toBe('partial');
  const collections = outcome.results.coverage.collections;
  const late = collections.filter((c) => c.status === 'failed' && /CollectionDeadlineExceeded: the collection deadline \(collection\.deadlineMinutes: 0\.067\) passed/.test(c.reason ?? ''));
  expect(late.length).toBeGreaterThan(0);
  expect(collections.filter((c) => c.status === 'collected').length).toBeGreaterThan(0);
  // nothing failed for another reason: the deadline is the only cause
  expect(collections.filter((c) => c.status === 'failed').length).toBe(late.length);
  // the summary a user sees names the deadline as the cause
  const summary = failureSummary(collections).failures!;
  expect(summary.failedCollections).toBe(late.length);
  expect(summary.groups.every((g) => /collection deadline/.test(g.reason))).toBe(true);
  // a check whose dataset was cut off reads ERROR, never PASS
  expect(outcome.results.checks.filter((c) => c.targets.some((t) => t.status === 'ERROR')).length).toBeGreaterThan(0);
  expect(outcome.results.frameworks[0]!.byStatus.ERROR).toBeGreaterThan(0);
  // in-flight calls were abandoned at the deadline, not waited for (each takes a second; a page chain many)
  expect(wall).toBeLessThan(deadlineMs + 60_000);
  expect(existsSync(path.join(dir, 'store', outcome.manifestKey))).toBe(true);
  expect(outcome.reports.length).toBe(2);
  const verified = await verifyStore(store, outcome.runId, { publicKeyPem: signer.publicKeyPem() });
  expect(verified.ok, JSON.stringify(verified.runs.flatMap((r) => r.problems))).toBe(true);
}, 180_000);

it('collection.deadlineMinutes takes fractions of a minute; zero and negatives are refused with file:line', async () => {
  const file = path.join(dir, 'evidence.config.yaml');
  await fs.writeFile(file, 'collection:\n  deadlineMinutes: 0.5\n');
  expect((await loadConfig(file)).config.collection.deadlineMinutes).toBe(0.5);
  await fs.writeFile(file, 'collection:\n  concurrency: 4\n  deadlineMinutes: 0\n');
  await expect(loadConfig(file, dir)).rejects.toThrow(/evidence\.config\.yaml:3:20: collection\.deadlineMinutes: /);
});
