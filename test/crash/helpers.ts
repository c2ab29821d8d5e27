// Helpers of the crash tests: `evidence run` subprocesses held at a phase by pause points that
// paused-cli.ts (a test-side entry point) injects into the CLI, while a test kills them.
import { expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAST_SANDBOX_FLAGS, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
/** The compiled CLI with injected pause points: Node runs paused-cli.ts by stripping its types, and
 *  it loads dist/ (built by the suite's global setup), so a paused run costs what a real one does. */
const PAUSED_CLI = fileURLToPath(new URL('./paused-cli.ts', import.meta.url));
export const pausedArgs = (args: string[]): string[] => [PAUSED_CLI, ...args];
// A small sandbox organization keeps each run to a few seconds, and so does a sandbox that enforces
// no request quotas (with the collector's pacing raised to match): paced as AWS would be, each run
// waited about 5 s on CloudTrail's LookupEvents quota. HTML only: the PDF renderer's start-up would
// double each run; the tests of a kill while reports are written ask for the PDF too.
const SMALL = ['--sandbox', ...FAST_SANDBOX_FLAGS, '--sandbox-accounts', '1', '--resources', '20', '--regions', 'us-east-1', '-f', 'aws-baseline', '--formats', 'html'];
/** SMALL with both signed report kinds. */
export const WITH_PDF = [...SMALL.slice(0, -1), 'html,pdf'];
const RUN_ID = /"run":"(\d{8}T\d{6}Z-[0-9a-f]{6})"/;

export { BIN, SMALL, tempDir };

/** Where the runs keep their key and reports, and extra environment (an S3 endpoint). */
export const ctx: { dir: string; env: Record<string, string> } = { dir: '', env: {} };

export const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, LOG_LEVEL: 'info', ...ctx.env, ...extra });
/** A store path (file store) or URL (s3://). */
const storeUrl = (store: string): string => (store.includes('://') ? store : `file://${store}`);
export const common = (store: string): string[] => ['--store', storeUrl(store), '--key', path.join(ctx.dir, 'signing.key'), '--create-key', '--out', path.join(ctx.dir, 'reports'), '--json'];

export function evidence(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ctx.dir, encoding: 'utf8', env: env({ LOG_LEVEL: 'warn' }), timeout: 120_000, killSignal: 'SIGKILL' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
/** `evidence` through paused-cli.ts with extra environment (CLAIM_STALE_MS, PAUSE_AT...), run to its end. */
export function hookedEvidence(args: string[], extra: Record<string, string>): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, pausedArgs(args), { cwd: ctx.dir, encoding: 'utf8', env: env({ LOG_LEVEL: 'warn', ...extra }), timeout: 120_000, killSignal: 'SIGKILL' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
export const lastJson = (s: string): Record<string, unknown> => JSON.parse(s.trim().split('\n').at(-1)!) as Record<string, unknown>;

export function completeRun(store: string, day: number, runArgs: string[] = SMALL): Record<string, unknown> {
  const r = evidence(['run', ...runArgs, '--day', String(day), ...common(store)]);
  expect(r.code, r.stderr).toBe(0);
  const summary = lastJson(r.stdout);
  expect(summary.status).toBe('complete');
  return summary;
}

/** Starts a run that pauses at `phase`; resolves once it is paused, with its run id. */
export async function pausedRun(store: string, phase: string, day: number, extraEnv: Record<string, string> = {}, runArgs: string[] = SMALL) {
  const child = spawn(process.execPath, pausedArgs(['run', ...runArgs, '--day', String(day), ...common(store)]), {
    cwd: ctx.dir,
    env: env({ PAUSE_AT: phase, PAUSE_MS: '60000', ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`EVIDENCE_TEST_PAUSED ${phase}`)) resolve();
    });
    void exited.then(({ code }) => reject(new Error(`run exited (${code}) before pausing at ${phase}:\n${stderr}`)));
  });
  const runId = RUN_ID.exec(stderr)?.[1];
  expect(runId, stderr).toBeTruthy();
  return { child, runId: runId!, exited, out: () => ({ stdout, stderr }) };
}

export async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

export function verifyAll(store: string): { report: Record<string, unknown>; code: number } {
  const r = evidence(['verify', 'latest', '--store', storeUrl(store), '--all', '--orphans', '--json']);
  return { report: lastJson(r.stdout), code: r.code };
}

