// The built-in AWS stand-in: a synthetic account served over the real AWS wire protocols on
// loopback, with an oracle saying what a complete collection must find.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OrgModel, DEFAULT_REGIONS, COLLECTOR_ROLE, DEPLOYED_RULES, type DeployedRules } from './org.ts';
import { buildTruth, type TruthFilter } from './truth.ts';
import { SessionStore } from './services/sts.ts';
import { Faults, parseFaults, type FaultInput } from './faults.ts';
import { ALL_DATASETS, minimumCalls } from './minimum.ts';
import { regionProblem } from './regions.ts';
import type { DatasetId } from '../domain/index.ts';
import { createSandboxServer, type SandboxState } from './server.ts';
import type { SandboxTruth } from './truth.ts';
import { CommandLineError } from '../domain/index.ts';
import { declareNotify, inboxView } from './services/notify.ts';

export type { SandboxTruth, TruthConfigRule, TruthRecorder, TruthResult, TruthTrail, TruthFilter } from './truth.ts';
export { COLLECTOR_ROLE, DEPLOYED_RULES, type DeployedRules } from './org.ts';
export { FaultSpecError, type FaultInput, type FaultSpec } from './faults.ts';
export { SANDBOX_AGGREGATOR } from './services/config-aggregate.ts';
import { SANDBOX_AGGREGATOR } from './services/config-aggregate.ts';

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
  /** AWS managed Config rules deployed: all (default), none, or only in the first region (some). */
  deployedRules?: DeployedRules;
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
  /** The organization's AWS Config aggregator (management account, first region). */
  configAggregator: string;
  regions: string[];
  /** Any non-empty keys are accepted; these are the documented demo ones. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  truth(day?: number, filter?: TruthFilter): SandboxTruth;
  setDay(day: number): void;
  /** The simulated day it is serving. */
  readonly day: number;
  /** Replaces the injected faults (same shape as the faults option). */
  setFaults(spec: FaultInput): void;
  close(): Promise<void>;
}

export const SANDBOX_CREDENTIALS = { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'sandbox-secret-not-a-real-key' };

export class SandboxOptionError extends CommandLineError {
  override readonly name = 'SandboxOptionError';
  /** The option at fault, so the CLI can name its flag. */
  constructor(
    readonly option: keyof SandboxOptions,
    readonly problem: string,
  ) {
    super(`sandbox option ${option}${problem.startsWith(':') ? '' : ' '}${problem}`);
  }

  /** The message with the option called by another name (a CLI flag). */
  as(name: string): string {
    return `${name}${this.problem.startsWith(':') ? '' : ' '}${this.problem}`;
  }
}

function checkOptions(o: SandboxOptions): void {
  const int = (name: 'port' | 'seed' | 'day' | 'accounts' | 'resources', min: number, max: number): void => {
    const v = o[name];
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new SandboxOptionError(name, `must be an integer from ${min} to ${max}, got ${v}`);
  };
  int('port', 0, 65535);
  int('seed', 0, 2 ** 31);
  int('day', 0, 100_000);
  int('accounts', 0, 10_000);
  int('resources', 1, 1_000_000);
  if (o.deployedRules !== undefined && !DEPLOYED_RULES.includes(o.deployedRules)) throw new SandboxOptionError('deployedRules', `must be one of ${DEPLOYED_RULES.join(', ')}, got ${JSON.stringify(o.deployedRules)}`);
  if (o.regions && o.regions.length === 0) throw new SandboxOptionError('regions', 'must name at least one region');
  for (const r of o.regions ?? []) {
    const problem = regionProblem(r);
    if (problem) throw new SandboxOptionError('regions', `: ${problem}`);
  }
  const twice = o.regions?.find((r, i) => o.regions!.indexOf(r) !== i);
  if (twice) throw new SandboxOptionError('regions', `must not name a region twice: ${JSON.stringify(twice)}`);
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  checkOptions(opts);
  const org = new OrgModel({ seed: opts.seed ?? 1, regions: opts.regions ?? DEFAULT_REGIONS, accounts: opts.accounts, resources: opts.resources, deployedRules: opts.deployedRules });
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
      // ?datasets=…&rules=… narrows the minimum to what a narrower collection asks for;
      // ?items=… names the rules judged from configuration items where not deployed.
      const datasets = listParam(url, 'datasets');
      const unknown = datasets?.filter((d) => !ALL_DATASETS.includes(d as DatasetId));
      if (unknown?.length) return json(400, { error: `datasets: unknown dataset(s) ${unknown.join(', ')}; known: ${ALL_DATASETS.join(', ')}` });
      const rules = listParam(url, 'rules');
      const itemRules = listParam(url, 'items');
      // ?aggregator=1: those items are read through the organization's aggregator instead.
      const viaAggregator = url.searchParams.get('aggregator') === '1';
      const min = minimumCalls(org, { day: state.day, ...(datasets ? { datasets: datasets as DatasetId[] } : {}), ...(rules ? { sourceIdentifiers: rules } : {}), ...(itemRules ? { itemRules } : {}), ...(viaAggregator ? { aggregator: true } : {}) });
      return json(200, { ...state.stats, throttled: faults.throttled, faults: faults.faults, minimumCalls: min.total, minimumCallsByOperation: min.byOperation, quotaLowerBoundSeconds: min.quotaLowerBoundSeconds, day: state.day });
    }
    if (req.method === 'GET' && url.pathname === '/_sandbox/auditmanager') return json(200, org.auditmanager.oracle()); // what was pushed and created
    if (url.pathname === '/_sandbox/notify') {
      // SNS topics, event buses and secrets that exist (POST), and what they received (GET)
      if (req.method === 'GET') return json(200, inboxView(org));
      if (req.method !== 'POST') return false;
      let v: unknown;
      try {
        v = JSON.parse(body);
      } catch {
        return json(400, { error: 'body must be JSON like {"topics": ["arn:aws:sns:…"]}' });
      }
      const problem = declareNotify(org, v);
      return problem ? json(400, { error: problem }) : json(200, inboxView(org));
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
  // Node closes idle keep-alive sockets after 5 s; a client reusing one just then gets
  // ECONNRESET. AWS endpoints keep them longer, so the SDK's pooled sockets rarely meet this.
  server.keepAliveTimeout = 65_000;
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
    configAggregator: SANDBOX_AGGREGATOR,
    regions: org.regions,
    credentials: SANDBOX_CREDENTIALS,
    truth: (day, filter) => buildTruth(org, day ?? state.day, filter),
    setDay(day) {
      state.day = day;
    },
    get day() {
      return state.day;
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

// What the CLI uses besides the server.
export { FaultSpecSchema, parseFaults } from './faults.ts';
export { simulatedNow } from './org.ts';
