// SIGKILL while a run writes its reports: the run is complete (its manifest exists), its reports
// are on record, and verify names the ones it lacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { WITH_PDF, completeRun, ctx, evidence, exists, lastJson, pausedRun, tempDir, verifyAll } from './helpers.ts';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('evidence-crash-');
  ctx.dir = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup?.());
const dir = (): string => ctx.dir;

describe('SIGKILL at any point leaves a store that verifies, and the next run is complete', () => {
  it('a run killed while writing its reports is complete, and verify names the reports it lacks', async () => {
    for (const phase of ['reports', 'reports-written']) {
      const store = path.join(dir(), `store-${phase}`);
      completeRun(store, 0, WITH_PDF);
      const run = await pausedRun(store, phase, 1, {}, WITH_PDF);
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      // Killed after its manifest: the run is complete, and its manifest names the planned reports.
      expect(await exists(path.join(store, 'runs', run.runId, 'manifest.json'))).toBe(true);
      const v = verifyAll(store);
      expect(v.code, JSON.stringify(v.report)).toBe(1);
      expect(v.report.runId).toBe(run.runId);
      const problems = (v.report.runs as { runId: string; problems: { kind: string; message: string }[] }[]).flatMap((r) => r.problems.map((p) => ({ ...p, runId: r.runId })));
      expect(problems.map((p) => [p.kind, p.runId])).toEqual([['missing-report', run.runId]]);
      expect(problems[0]!.message).toContain(`runs/${run.runId}/reports.json`);
      if (phase === 'reports') expect(problems[0]!.message).toContain('aws-baseline.pdf');
      // The next run is complete and verifies on its own; the earlier run's gap stays on record.
      const next = completeRun(store, 1, WITH_PDF);
      const own = evidence(['verify', 'latest', '--store', `file://${store}`, '--json']);
      expect(own.code, own.stdout).toBe(0);
      expect((lastJson(own.stdout).runs as { runId: string }[]).map((r) => r.runId).slice(0, 2)).toEqual([next.runId, run.runId]);
      expect(verifyAll(store).code).toBe(1);
    }
  }, 900_000);
});
