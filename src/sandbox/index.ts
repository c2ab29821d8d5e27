// The built-in AWS stand-in: a synthetic account served over the real AWS wire protocols on
// loopback, with an oracle saying what a complete collection must find.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OrgModel, DEFAULT_REGIONS, COLLECTOR_ROLE } from './org.ts';
import { buildTruth, type TruthFilter } from './truth.ts';
import { SessionStore } from './services/sts.ts';
import { Faults, parseFaults, type FaultInput } from './faults.ts';
import { minimumCalls } from './minimum.ts';
import { createSandboxServer, type SandboxState } from './server.ts';
import type { SandboxTruth } from './truth.ts';

export type { SandboxTruth, TruthConfigRule, TruthRecorder, TruthResult, TruthTrail, TruthFilter } from './truth.ts';
export { COLLECTOR_ROLE } from './org.ts';
export { FaultSpecError, type FaultInput, type FaultSpec } from './faults.ts';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  seed?: number;
  day?: number;
  regions?: string[];
  /** Member accounts besides the management account (default 3). */
  accounts?: number;
  /** Resources per account-region (default 300). */
  resources?: number;
  /** Faults to inject (throttling at AWS's quotas is on unless turned off). */
  faults?: FaultInput;
}

export interface RunningSandbox {
  url: string;
  port: number;
  /** The management account, which the default credentials belong to. */
  accountId: string;
  memberAccounts: string[];
  /** Role every member has for the collector (besides OrganizationAccountAccessRole). */
  collectorRole: string;
  regions: string[];
  /** Any non-empty keys are accepted; these are the documented demo ones. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  truth(day?: number, filter?: TruthFilter): SandboxTruth;
  setDay(day: number): void;
  /** Replaces the injected faults (same shape as the faults option). */
  setFaults(spec: FaultInput): void;
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
  int('accounts', o.accounts, 10_000);
  if (o.resources !== undefined && (!Number.isInteger(o.resources) || o.resources < 1 || o.resources > 1_000_000)) {
    throw new SandboxOptionError(`sandbox option resources must be an integer from 1 to 1000000, got ${o.resources}`);
  }
  for (const r of o.regions ?? []) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r)) throw new SandboxOptionError(`sandbox option regions: ${JSON.stringify(r)} is not an AWS region name`);
  }
  if (o.regions && o.regions.length === 0) throw new SandboxOptionError('sandbox option regions must name at least one region');
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  checkOptions(opts);
  const org = new OrgModel({ seed: opts.seed ?? 1, regions: opts.regions ?? DEFAULT_REGIONS, accounts: opts.accounts, resources: opts.resources });
  const faults = new Faults(parseFaults(opts.faults), org.seed);
  const state: SandboxState = { org, sessions: new SessionStore(), faults, day: opts.day ?? 0, stats: { requests: {}, throttled: 0, faults: 0 } };
  const listParam = (url: URL, name: string): string[] | undefined => url.searchParams.get(name)?.split(',').filter(Boolean);

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
      const filter: TruthFilter = {};
      const accounts = listParam(url, 'account');
      const regions = listParam(url, 'region');
      if (accounts) filter.accounts = accounts.filter((a) => org.isAccount(a));
      if (regions) filter.regions = regions.filter((r) => org.regions.includes(r));
      return json(200, buildTruth(org, day, filter));
    }
    if (req.method === 'GET' && url.pathname === '/_sandbox/stats') {
      const min = minimumCalls(org);
      return json(200, { ...state.stats, throttled: faults.throttled, faults: faults.faults, minimumCalls: min.total, minimumCallsByOperation: min.byOperation, quotaLowerBoundSeconds: min.quotaLowerBoundSeconds, day: state.day });
    }
    if (req.method === 'POST' && url.pathname === '/_sandbox/reset') {
      state.stats = { requests: {}, throttled: 0, faults: 0 };
      faults.resetCounts();
      return json(200, { ok: true });
    }
    if (url.pathname === '/_sandbox/faults') {
      if (req.method === 'GET') return json(200, faults.spec);
      if (req.method !== 'POST') return false;
      let v: unknown;
      try {
        v = JSON.parse(body || '{}');
      } catch {
        return json(400, { error: 'body must be a JSON fault spec' });
      }
      try {
        faults.replace(parseFaults(v, 'POST /_sandbox/faults'));
      } catch (err) {
        return json(400, { error: (err as Error).message });
      }
      return json(200, faults.spec);
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
    accountId: org.management,
    memberAccounts: org.members,
    collectorRole: COLLECTOR_ROLE,
    regions: org.regions,
    credentials: SANDBOX_CREDENTIALS,
    truth: (day, filter) => buildTruth(org, day ?? state.day, filter),
    setDay(day) {
      state.day = day;
    },
    setFaults(spec) {
      faults.replace(parseFaults(spec));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
