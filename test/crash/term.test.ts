// SIGTERM: the run launches no new calls, finishes its in-flight writes, and is recorded as
// interrupted (runs/<id>/interrupted.json, signed), never with a manifest; exit code 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { completeRun, ctx, evidence, exists, lastJson, pausedRun, tempDir, verifyAll } from './helpers.ts';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('evidence-crash-');
  ctx.dir = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup?.());
const dir = (): string => ctx.dir;

describe('SIGTERM: the run stops, finishes its writes and is recorded as interrupted', () => {
  it('during collection: exit 1, interrupted record, no manifest; the next run is complete and the chain unaffected', async () => {
    const store = path.join(dir(), 'term-store');
    const baseline = completeRun(store, 0);
    const run = await pausedRun(store, 'put:3', 1);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    const { stdout, stderr } = run.out();
    expect(code, stderr).toBe(1);
    expect(lastJson(stdout)).toMatchObject({ runId: run.runId, status: 'interrupted', phase: 'collect', record: `runs/${run.runId}/interrupted.json` });
    expect(stderr).toMatch(/stopping: no new calls/);
    expect(await exists(path.join(store, 'runs', run.runId, 'manifest.json'))).toBe(false);
    const record = JSON.parse(await fs.readFile(path.join(store, 'runs', run.runId, 'interrupted.json', '~v00000001'), 'utf8')) as { phase: string; reason: string; objects: unknown[] };
    expect(record).toMatchObject({ phase: 'collect', reason: 'received SIGTERM' });
    expect(await exists(path.join(store, 'runs', run.runId, 'interrupted.json.sig'))).toBe(true);

    const listed = lastJson(evidence(['runs', 'list', '--store', `file://${store}`, '--json']).stdout).runs as { runId: string; status: string }[];
    expect(listed.map((r) => [r.runId, r.status])).toEqual([
      [baseline.runId, 'complete'],
      [run.runId, 'interrupted'],
    ]);
    const v = verifyAll(store);
    expect(v.code).toBe(0);
    expect(v.report.runId).toBe(baseline.runId);
    expect((v.report.orphans as { interruptedRuns: string[] }).interruptedRuns).toEqual([run.runId]);

    const next = completeRun(store, 1);
    const after = verifyAll(store);
    expect(after.code).toBe(0);
    expect((after.report.runs as { runId: string }[]).map((r) => r.runId)).toEqual([next.runId, baseline.runId]);
  }, 180_000);

  it('before the manifest: the signed manifest is never written', async () => {
    const store = path.join(dir(), 'term-store-2');
    const baseline = completeRun(store, 0);
    const run = await pausedRun(store, 'manifest', 1);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(1);
    expect(lastJson(run.out().stdout)).toMatchObject({ status: 'interrupted', phase: 'manifest' });
    expect(await exists(path.join(store, 'runs', run.runId, 'manifest.json'))).toBe(false);
    const v = verifyAll(store);
    expect(v.code).toBe(0);
    expect(v.report.runId).toBe(baseline.runId);
    const notes = (v.report.orphans as { orphans: { key: string; note: string }[] }).orphans.filter((o) => o.key.startsWith(`runs/${run.runId}/`));
    expect(notes.map((o) => o.key).sort()).toEqual([`runs/${run.runId}/manifest.json.sig`, `runs/${run.runId}/resources.ndjson`, `runs/${run.runId}/results.json`, `runs/${run.runId}/summary.json`]);
  }, 180_000);
});
