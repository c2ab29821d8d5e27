// Crash safety, as an operator meets it: `evidence run` subprocesses killed with SIGKILL at
// several points (held there by test-only pause points). Afterwards the store verifies, no
// manifest claims a run that did not finish, and the next run is complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { completeRun, ctx, evidence, exists, lastJson, pausedRun, tempDir, verifyAll } from './helpers.ts';
import { SPOOL_PREFIXES, STALE_SPOOL_MS } from '../../src/util/index.ts';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('evidence-crash-');
  ctx.dir = t.dir;
  cleanup = t.cleanup;
  // The runs' own temporary folder, so what killed runs leave there can be seen.
  ctx.env = { TMPDIR: path.join(t.dir, 'tmp') };
  await fs.mkdir(ctx.env.TMPDIR!);
});
afterAll(async () => {
  ctx.env = {};
  await cleanup?.();
});
const dir = (): string => ctx.dir;

describe('SIGKILL at any point leaves a store that verifies, and the next run is complete', () => {
  it('kills during collection, during writes, before the results, before the manifest, after it', async () => {
    const store = path.join(dir(), 'kill-store');
    // A spool folder a run killed two days ago left behind, and one of a run that may still be going.
    const tmp = ctx.env.TMPDIR!;
    const spools = async (): Promise<string[]> => (await fs.readdir(tmp)).filter((n) => Object.values(SPOOL_PREFIXES).some((p) => n.startsWith(p))).sort();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = `${SPOOL_PREFIXES.resources}${dead}-stale1`;
    const recent = `${SPOOL_PREFIXES.rule}${dead}-recent1`;
    for (const [name, age] of [[stale, 2 * STALE_SPOOL_MS], [recent, 3_600_000]] as const) {
      await fs.mkdir(path.join(tmp, name));
      await fs.writeFile(path.join(tmp, name, 'evidence.json'), '{}');
      const t = new Date(Date.now() - age);
      await fs.utimes(path.join(tmp, name, 'evidence.json'), t, t);
      await fs.utimes(path.join(tmp, name), t, t);
    }
    const baseline = completeRun(store, 0);
    expect(await spools(), 'the next run sweeps the day-old spool folder only').toEqual([recent]);
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
    // Younger than a day, the recent folder outlives every sweep.
    expect(await spools()).toContain(recent);
  }, 900_000);
});
