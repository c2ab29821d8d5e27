// Helpers of the scheduler tests: `evidence schedule` as a subprocess whose JSON log lines (its
// own and its jobs') are parsed as they arrive, and a config pointing runs at an in-process sandbox.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

export const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

export const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  LOG_LEVEL: 'info',
  // The sandbox accepts any keys; these make the SDK's credential chain end quickly.
  AWS_ACCESS_KEY_ID: 'AKIASANDBOXDEMO00001',
  AWS_SECRET_ACCESS_KEY: 'sandbox-secret-not-a-real-key',
  AWS_REGION: 'us-east-1',
  ...extra,
});

export type LogLine = Record<string, unknown> & { msg?: string; pid?: number };

export interface Scheduled {
  child: ChildProcessWithoutNullStreams;
  lines: LogLine[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line (from now on, or already seen when `past`) matching. */
  waitFor: (match: (l: LogLine) => boolean, timeoutMs: number, what: string, past?: boolean) => Promise<LogLine>;
}

export function startSchedule(configFile: string, cwd: string, extraEnv: Record<string, string> = {}): Scheduled {
  const child = spawn(process.execPath, [BIN, 'schedule', '--config', configFile], { cwd, env: env(extraEnv), stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  let raw = '';
  let partial = '';
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  child.stderr.on('data', (d: Buffer) => {
    raw += d.toString();
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) {
      if (!p.startsWith('{')) continue;
      let l: LogLine;
      try {
        l = JSON.parse(p) as LogLine;
      } catch {
        continue;
      }
      lines.push(l);
      for (const w of [...waiters]) {
        if (w.match(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(l);
        }
      }
    }
  });
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (match: (l: LogLine) => boolean, timeoutMs: number, what: string, past = false): Promise<LogLine> => {
    const seen = past ? lines.find(match) : undefined;
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr:\n${raw.slice(-4000)}`)), timeoutMs);
      const w = {
        match,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      waiters.push(w);
      void exited.then(({ code }) => {
        if (!waiters.includes(w)) return;
        clearTimeout(timer);
        reject(new Error(`evidence schedule exited (${code}) while waiting for ${what}; stderr:\n${raw.slice(-4000)}`));
      });
    });
  };
  return { child, lines, stderr: () => raw, exited, waitFor };
}

/** A config whose runs collect from the sandbox at `endpoint` into `store`, plus a schedule section. */
export async function writeConfig(dir: string, name: string, endpoint: string, schedule: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, name);
  const config = {
    aws: { endpoint, maxAttempts: 3 },
    regions: ['us-east-1'],
    frameworks: ['aws-baseline'],
    store: `file://${path.join(dir, 'store')}`,
    signing: { key: path.join(dir, 'signing.key') },
    reports: { formats: ['json'], out: path.join(dir, 'reports') },
    schedule,
  };
  await fs.writeFile(file, stringify(config));
  return file;
}

export function evidence(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: env({ LOG_LEVEL: 'warn' }), timeout: 120_000, killSignal: 'SIGKILL' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
