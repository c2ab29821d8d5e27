// Crash safety, as an operator meets it: `evidence run` subprocesses killed with SIGKILL at
// several points (held there by test-only pause points). Afterwards the store verifies, no
// manifest claims a run that did not finish, and the next run is complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BIN, SMALL, common, completeRun, ctx, env, evidence, exists, lastJson, pausedRun, tempDir, verifyAll } from './helpers.ts';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('evidence-crash-');
  ctx.dir = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup?.());
const dir = (): string => ctx.dir;

describe('SIGKILL at any point leaves a store that verifies, and the next run is complete', () => {
  it('kills during collection, during writes, before the results, before the manifest, after it', async () => {
    const store = path.join(dir(), 'kill-store');
    const baseline = completeRun(store, 0);
    let lastComplete = baseline.runId as string;
    // Each killed run sees day 1 (drifted evidence: new versions); the next run sees day 1 too.
    for (const phase of ['put:1', 'put:25', 'finalize', 'manifest']) {
      const run = await pausedRun(store, phase, 1);
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      const manifest = path.join(store, 'runs', run.runId, 'manifest.json');
      expect(await exists(manifest), `${phase}: a killed run must not have a manifest`).toBe(false);
      const v = verifyAll(store);
      expect(v.code, `${phase}: ${JSON.stringify(v.report)}`).toBe(0);
      expect(v.report.runId).toBe(lastComplete);
      const orphans = (v.report.orphans as { orphans: { key: string; note: string }[] }).orphans;
      if (phase === 'manifest') {
        // results.json and the manifest's signature were written; no manifest names them.
        expect(orphans.map((o) => o.key)).toEqual(expect.arrayContaining([`runs/${run.runId}/results.json`, `runs/${run.runId}/manifest.json.sig`]));
        const listed = lastJson(evidence(['runs', 'list', '--store', `file://${store}`, '--json']).stdout).runs as { runId: string; status: string }[];
        expect(listed.find((r) => r.runId === run.runId)?.status).toBe('incomplete');
      }

      const next = completeRun(store, 1);
      const after = verifyAll(store);
      expect(after.code, JSON.stringify(after.report)).toBe(0);
      const chain = (after.report.runs as { runId: string }[]).map((r) => r.runId);
      expect(chain[0]).toBe(next.runId);
      expect(chain[1], `${phase}: the next run chains to the last complete run`).toBe(lastComplete);
      // What the killed run wrote as evidence is either reused by the next run or listed as an orphan.
      const left = (after.report.orphans as { orphans: { key: string }[] }).orphans.filter((o) => o.key.startsWith('evidence/'));
      expect(left, `${phase}: evidence orphans after the next run`).toEqual([]);
      expect(await fs.readdir(path.join(store, '.tmp')).catch(() => [])).toEqual([]);
      lastComplete = next.runId as string;
    }
  }, 900_000);

  it('a run killed while writing its reports is complete, and verify names the reports it lacks', async () => {
    for (const phase of ['reports', 'reports-written']) {
      const store = path.join(dir(), `store-${phase}`);
      completeRun(store, 0);
      const run = await pausedRun(store, phase, 1);
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
      const next = completeRun(store, 1);
      const own = evidence(['verify', 'latest', '--store', `file://${store}`, '--json']);
      expect(own.code, own.stdout).toBe(0);
      expect((lastJson(own.stdout).runs as { runId: string }[]).map((r) => r.runId).slice(0, 2)).toEqual([next.runId, run.runId]);
      expect(verifyAll(store).code).toBe(1);
    }
  }, 900_000);

  it('kills at a random moment, three times', async () => {
    const store = path.join(dir(), 'random-store');
    completeRun(store, 0);
    for (const delay of [300, 1200, 2500]) {
      const child = spawn(process.execPath, [BIN, 'run', ...SMALL, '--day', '2', ...common(store)], { cwd: dir(), env: env(), stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      // A kill while the reports were written leaves them on record as missing, nothing else.
      const problems = (): string[] => (verifyAll(store).report.runs as { problems: { kind: string }[] }[]).flatMap((r) => r.problems.map((p) => p.kind)).filter((k) => k !== 'missing-report');
      expect(problems()).toEqual([]);
      completeRun(store, 2);
      expect(problems()).toEqual([]);
    }
  }, 900_000);
});

