// SIGKILL at moments no pause point chose: whatever the run had written, the store verifies
// (at most a report on record as missing) and the next run is complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BIN, SMALL, common, completeRun, ctx, env, tempDir, verifyAll } from './helpers.ts';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDir('evidence-crash-');
  ctx.dir = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup?.());
const dir = (): string => ctx.dir;

describe('SIGKILL at any point leaves a store that verifies, and the next run is complete', () => {
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
