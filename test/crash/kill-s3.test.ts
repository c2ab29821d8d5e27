// The same crash safety with an S3 store (moto): a run killed while writing evidence, and one
// killed between the manifest's signature and the manifest, leave a bucket that verifies; the
// next run is complete and chains to the last complete run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { completeRun, ctx, evidence, lastJson, pausedRun, tempDir, verifyAll } from './helpers.ts';
import { MOTO_BIN, MOTO_SKIP_REASON, makeBucket, startMoto, type Moto } from '../store/moto.ts';

if (!MOTO_BIN) console.warn(MOTO_SKIP_REASON);

let moto: Moto;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('evidence-crash-s3-');
  ctx.dir = t.dir;
  cleanup = t.cleanup;
  if (MOTO_BIN) {
    moto = await startMoto();
    ctx.env = moto.env;
  }
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  await cleanup?.();
});

describe.skipIf(!MOTO_BIN)('SIGKILL with an S3 store (moto)', () => {
  it('leaves a bucket that verifies; the next run is complete', async () => {
    const bucket = await makeBucket(moto.s3);
    const store = `s3://${bucket}/evidence`;
    const baseline = completeRun(store, 0);
    let lastComplete = baseline.runId as string;
    for (const phase of ['put:10', 'manifest']) {
      const run = await pausedRun(store, phase, 1);
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      await expect(moto.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `evidence/runs/${run.runId}/manifest.json` }))).rejects.toThrow();
      const v = verifyAll(store);
      expect(v.code, JSON.stringify(v.report)).toBe(0);
      expect(v.report.runId).toBe(lastComplete);
      if (phase === 'manifest') {
        const orphans = (v.report.orphans as { orphans: { key: string }[] }).orphans.map((o) => o.key);
        expect(orphans).toEqual(expect.arrayContaining([`runs/${run.runId}/results.json`, `runs/${run.runId}/manifest.json.sig`]));
      }
      const next = completeRun(store, 1);
      const after = verifyAll(store);
      expect(after.code).toBe(0);
      expect((after.report.runs as { runId: string }[]).slice(0, 2).map((r) => r.runId)).toEqual([next.runId, lastComplete]);
      lastComplete = next.runId as string;
    }
    const listed = lastJson(evidence(['runs', 'list', '--store', store, '--json']).stdout).runs as { status: string }[];
    expect(listed.map((r) => r.status)).toEqual(['complete', 'complete', 'incomplete', 'complete']);
  }, 240_000);
});
