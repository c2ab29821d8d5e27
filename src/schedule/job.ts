// What runs: one job is one child process of this same CLI (`node bin/evidence.js <command> …`),
// so a job that will not stop can be killed without taking the scheduler down, and the command's
// own SIGTERM handling (interrupted record, never a manifest) applies unchanged.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

/** A run id as the run command logs it ("run":"20261129T031500Z-3fa2c1"). */
const RUN_ID_IN_LOG = /"run(?:Id)?":"(\d{8}T\d{6}Z-[0-9a-f]{6})"/;
const KEEP_STDOUT = 64 * 1024;

export interface JobResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The command's JSON summary (its last stdout line), when it printed one. */
  summary: Record<string, unknown> | null;
  runId: string | null;
  /** The scheduler killed it after the grace period. */
  killed: boolean;
  durationMs: number;
}

export interface RunningJob {
  pid: number;
  startedAt: Date;
  /** The run id, once the child has logged or printed it. */
  runId(): string | null;
  done: Promise<JobResult>;
  /** SIGTERM, then SIGKILL if it has not exited within graceMs. */
  stop(graceMs: number): Promise<JobResult>;
}

export interface SpawnOptions {
  /** Passed on to the child as EVIDENCE_STOP_GRACE_MS: its own deadline, a little shorter than ours. */
  graceMs: number;
  /** Where the child's stderr (its JSON log lines) goes; default the scheduler's stderr. */
  stderr?: (chunk: Buffer) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The script node runs (default bin/evidence.js); tests use a stand-in. */
  script?: string;
}

/** The child's own stop deadline: it records itself as interrupted before we would have to kill it. */
export function childGraceMs(graceMs: number): number {
  return Math.max(200, Math.round(graceMs - Math.min(5000, graceMs * 0.2)));
}

export function spawnJob(argv: string[], opts: SpawnOptions): RunningJob {
  const startedAt = new Date();
  // detached: its own process group, so a terminal's Ctrl-C (sent to the whole foreground group)
  // reaches only the scheduler, which then forwards exactly one SIGTERM; a second signal would make
  // the run end at once without its interrupted record.
  const child = spawn(process.execPath, [opts.script ?? BIN, ...argv], {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, ...opts.env, EVIDENCE_STOP_GRACE_MS: String(childGraceMs(opts.graceMs)) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let runId: string | null = null;
  let errTail = '';
  let killed = false;
  const write = opts.stderr ?? ((c: Buffer) => process.stderr.write(c));
  child.stdout.on('data', (d: Buffer) => {
    stdout = (stdout + d.toString('utf8')).slice(-KEEP_STDOUT);
  });
  child.stderr.on('data', (d: Buffer) => {
    write(d);
    if (runId === null) {
      errTail = (errTail + d.toString('utf8')).slice(-4096);
      runId = RUN_ID_IN_LOG.exec(errTail)?.[1] ?? null;
    }
  });
  const done = new Promise<JobResult>((resolve) => {
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      const summary = lastJsonLine(stdout);
      const id = typeof summary?.runId === 'string' ? summary.runId : runId;
      resolve({ exitCode, signal, summary, runId: id, killed, durationMs: Date.now() - startedAt.getTime() });
    };
    child.once('error', () => finish(null, null));
    child.once('close', finish);
  });

  let stopping: Promise<JobResult> | null = null;
  return {
    pid: child.pid ?? -1,
    startedAt,
    runId: () => runId,
    done,
    stop(graceMs: number): Promise<JobResult> {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return done;
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
        clearTimeout(timer);
        if (timedOut) {
          killed = true;
          child.kill('SIGKILL');
        }
        return done;
      })();
      return stopping;
    },
  };
}

export function lastJsonLine(text: string): Record<string, unknown> | null {
  const line = text.trim().split('\n').at(-1);
  if (!line) return null;
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
