// Runs that overlap into one store, as a nightly job and an on-demand run do: the chain is
// ordered by finishing (a run that started later may finish first), no finished run is left off
// it, and `verify --all`, `runs list`, `pack` and `pack verify` agree. Also a run killed while it
// holds the chain head: the next run links past it once the claim is stale. File store and S3
// (moto, whose PutObject honours If-None-Match and If-Match).
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { itExternal, itLocal } from '../external.ts';
import path from 'node:path';
import { SMALL, common, completeRun, ctx, evidence, hookedEvidence, lastJson, pausedRun, tempDir, verifyAll } from './helpers.ts';
import { makeBucket, startMoto, type Moto } from '../store/moto.ts';

let moto: Moto | undefined;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('evidence-overlap-');
  ctx.dir = t.dir;
  cleanup = t.cleanup;
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  await cleanup?.();
});

const storeUrl = (store: string): string => (store.includes('://') ? store : `file://${store}`);
// Held until resumed: a loaded machine can take minutes over the runs in between.
const LONG = { PAUSE_MS: '900000' };
type Paused = Awaited<ReturnType<typeof pausedRun>>;

/** Lets a paused run go on and waits for it to finish; it must finish complete. */
async function resume(run: Paused): Promise<void> {
  run.child.kill('SIGUSR2');
  const { code } = await run.exited;
  expect(code, run.out().stderr).toBe(0);
  expect(lastJson(run.out().stdout).status).toBe('complete');
}

function chainOf(store: string): string[] {
  const v = verifyAll(store);
  expect(v.code, JSON.stringify(v.report)).toBe(0);
  return (v.report.runs as { runId: string }[]).map((r) => r.runId).reverse();
}

function listed(store: string): { runId: string; chain: number | null; status: string }[] {
  const r = evidence(['runs', 'list', '--store', storeUrl(store), '--json']);
  expect(r.code, r.stderr).toBe(0);
  return lastJson(r.stdout).runs as { runId: string; chain: number | null; status: string }[];
}

async function scenario(store: string): Promise<void> {
  const r0 = completeRun(store, 0).runId as string;

  // Two runs: A starts first and waits before claiming the head; B starts later and finishes first.
  const a = await pausedRun(store, 'manifest', 1, LONG);
  const b = completeRun(store, 1).runId as string;
  expect(a.runId < b).toBe(true);
  await resume(a);
  expect(chainOf(store)).toEqual([r0, b, a.runId]);

  // Three runs: C and D wait, E finishes; then C and D are let go at once and race for the head.
  const c = await pausedRun(store, 'manifest', 2, LONG);
  const d = await pausedRun(store, 'manifest', 2, LONG);
  const e = completeRun(store, 2).runId as string;
  await Promise.all([resume(c), resume(d)]);
  const chain = chainOf(store);
  expect(chain.slice(0, 4)).toEqual([r0, b, a.runId, e]);
  expect(chain.slice(4).sort()).toEqual([c.runId, d.runId].sort());

  // runs list shows each run's place on the chain, which is not the order of the ids.
  const places = new Map(listed(store).map((r) => [r.runId, r.chain]));
  expect(chain.map((id) => places.get(id))).toEqual([1, 2, 3, 4, 5, 6]);

  // A run killed after claiming the head, before writing its manifest.
  const f = await pausedRun(store, 'head', 3, LONG);
  f.child.kill('SIGKILL');
  expect((await f.exited).signal).toBe('SIGKILL');
  const held = verifyAll(store);
  expect(held.code, JSON.stringify(held.report)).toBe(0);
  expect(held.report.runId).toBe(chain.at(-1));
  expect((held.report.notes as string[]).join('\n')).toContain(`claimed by run ${f.runId}`);
  // The next run waits for the claim to go stale (here 2 s), then links past it.
  const g = hookedEvidence(['run', ...SMALL, '--day', '3', ...common(store)], { CLAIM_STALE_MS: '2000' });
  expect(g.code, g.stderr).toBe(0);
  const after = chainOf(store);
  expect(after.slice(0, 6)).toEqual(chain);
  expect(after).toHaveLength(7);
  expect(after).not.toContain(f.runId);
  expect(listed(store).find((r) => r.runId === f.runId)?.status).toBe('incomplete');

  // The month's pack holds every run, and `pack verify` accepts the chain in finishing order.
  const month = new Date().toISOString().slice(0, 7);
  const out = path.join(ctx.dir, `packs-${path.basename(store)}`);
  const pack = evidence(['pack', '--store', storeUrl(store), '--key', path.join(ctx.dir, 'signing.key'), '--month', month, '--out', out, '--json']);
  expect(pack.code, pack.stderr + pack.stdout).toBe(0);
  const summary = lastJson(pack.stdout) as { runs: string[] };
  expect([...summary.runs].sort()).toEqual([...after].sort());
  const pv = evidence(['pack', 'verify', path.join(out, `evidence-pack-${month}.zip`), '--json']);
  expect(pv.code, pv.stdout).toBe(0);
}

describe('overlapping runs keep one chain that verifies', () => {
  itLocal('file store: two and three overlapping runs, and a run killed holding the head', async () => {
    await scenario(path.join(ctx.dir, 'overlap-store'));
  }, 900_000);

  itExternal('S3 (moto): the same', async () => {
    moto = await startMoto();
    ctx.env = moto.env;
    const bucket = await makeBucket(moto.s3);
    await scenario(`s3://${bucket}/evidence`);
  }, 900_000);
});
