// The built-in AWS stand-in: a synthetic account served over the real AWS wire protocols on
// loopback, with an oracle saying what a complete collection must find.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAccount, DEFAULT_REGIONS } from './account.ts';
import { createSandboxServer, type SandboxState } from './server.ts';
import type { SandboxTruth } from './truth.ts';

export type { SandboxTruth, TruthConfigRule, TruthRecorder, TruthResult, TruthTrail } from './truth.ts';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  seed?: number;
  day?: number;
  regions?: string[];
}

export interface RunningSandbox {
  url: string;
  port: number;
  accountId: string;
  regions: string[];
  /** Any non-empty keys are accepted; these are the documented demo ones. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  truth(day?: number): SandboxTruth;
  setDay(day: number): void;
  close(): Promise<void>;
}

export const SANDBOX_CREDENTIALS = { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'sandbox-secret-not-a-real-key' };

export class SandboxOptionError extends Error {
  override readonly name = 'SandboxOptionError';
}

function checkOptions(o: SandboxOptions): void {
  const int = (name: string, v: number | undefined, max: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max)) throw new SandboxOptionError(`sandbox option ${name} must be an integer from 0 to ${max}, got ${v}`);
  };
  int('port', o.port, 65535);
  int('seed', o.seed, 2 ** 31);
  int('day', o.day, 100_000);
  for (const r of o.regions ?? []) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r)) throw new SandboxOptionError(`sandbox option regions: ${JSON.stringify(r)} is not an AWS region name`);
  }
  if (o.regions && o.regions.length === 0) throw new SandboxOptionError('sandbox option regions must name at least one region');
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  checkOptions(opts);
  const account = buildAccount(opts.seed ?? 1, opts.regions ?? DEFAULT_REGIONS);
  const state: SandboxState = { account, day: opts.day ?? 0, stats: { requests: {}, throttled: 0, faults: 0 } };

  const oracle = (req: http.IncomingMessage, res: http.ServerResponse, body: string): boolean => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const json = (status: number, v: unknown): true => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(v));
      return true;
    };
    if (req.method === 'GET' && url.pathname === '/_sandbox/truth') {
      const q = url.searchParams.get('day');
      const day = q === null ? state.day : Number(q);
      if (!Number.isInteger(day) || day < 0) return json(400, { error: `day must be a non-negative integer, got ${JSON.stringify(q)}` });
      return json(200, account.truth(day));
    }
    if (req.method === 'GET' && url.pathname === '/_sandbox/stats') return json(200, { ...state.stats, day: state.day });
    if (req.method === 'POST' && url.pathname === '/_sandbox/reset') {
      state.stats = { requests: {}, throttled: 0, faults: 0 };
      return json(200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname === '/_sandbox/day') {
      let v: unknown;
      try {
        v = JSON.parse(body);
      } catch {
        return json(400, { error: 'body must be JSON like {"day": 3}' });
      }
      const day = (v as { day?: unknown })?.day;
      if (typeof day !== 'number' || !Number.isInteger(day) || day < 0) return json(400, { error: `field "day" must be a non-negative integer, got ${JSON.stringify(day)}` });
      state.day = day;
      return json(200, { day });
    }
    return false;
  };

  const server = createSandboxServer(state, oracle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accountId: account.accountId,
    regions: account.regions,
    credentials: SANDBOX_CREDENTIALS,
    truth: (day) => account.truth(day ?? state.day),
    setDay(day) {
      state.day = day;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
