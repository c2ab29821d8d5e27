// After a whole run (or a merge): the diff against the previous run, one message per target whose
// filter matches, the deliveries recorded in runs/<id>/notifications.json, and the RunsSucceeded
// metric when configured. Nothing here can fail the run: every problem is logged and recorded.
import type { Logger } from 'pino';
import type { AwsClients } from '../collect/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { RunResults } from '../domain/index.ts';
import type { RunDiff } from '../history/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import { deliver, type DeliverContext } from './deliver.ts';
import { buildMessage, consoleLink, expiringWindow, filterMiss, type RunMessage } from './message.ts';
import { appendNotifications, type DeliveryRecord, type NotificationsRecord } from './record.ts';
import type { NotifyConfig, NotifyTarget } from './schema.ts';

export interface NotifyRunOptions {
  store: EvidenceStore;
  config: NotifyConfig;
  clients: AwsClients;
  catalog: Catalog;
  /** Region for buses named without an ARN, the console link and the metric. */
  homeRegion: string;
  log: Logger;
  /** Trusted public key for the diff (the run's signer's); without it the store's key is used. */
  publicKeyPem?: string;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  sleep?: (ms: number) => Promise<void>;
  /** Only this target (re-send to one). */
  only?: string;
}

export interface RunComparison {
  previousRunId: string | null;
  diff: RunDiff | null;
  problem?: string;
}

/** The run's diff against the one before it; a failed diff is a message without changes, said so. */
export async function compareWithPrevious(opts: Pick<NotifyRunOptions, 'store' | 'catalog' | 'publicKeyPem' | 'log'>, runId: string, previousRunId: string | null): Promise<RunComparison> {
  if (!previousRunId) return { previousRunId: null, diff: null };
  try {
    // Loaded here, not at module load: the run command imports this module before its first AWS call.
    const { diffRuns } = await import('../history/index.ts');
    const diff = await diffRuns(opts.store, previousRunId, runId, { catalog: opts.catalog, ...(opts.publicKeyPem ? { publicKeyPem: opts.publicKeyPem } : {}) });
    return { previousRunId, diff };
  } catch (err) {
    opts.log.warn({ run: runId, previous: previousRunId, err: (err as Error).message }, 'notifications: no comparison with the previous run');
    return { previousRunId, diff: null, problem: `comparison with ${previousRunId} failed: ${(err as Error).message}` };
  }
}

export function messageFor(target: NotifyTarget | null, results: RunResults, cmp: RunComparison, opts: Pick<NotifyRunOptions, 'config' | 'catalog' | 'store' | 'homeRegion'>): RunMessage {
  return buildMessage({
    results,
    diff: cmp.diff,
    previousRunId: cmp.previousRunId,
    ...(cmp.problem ? { comparisonProblem: cmp.problem } : {}),
    catalog: opts.catalog,
    store: opts.store.url,
    link: consoleLink(opts.store.url, results.runId, opts.homeRegion),
    maxControls: opts.config.maxControls,
    expiringWithinDays: target ? expiringWindow(target, opts.config.expiringWithinDays) : opts.config.expiringWithinDays,
  });
}

export function deliverContext(opts: Pick<NotifyRunOptions, 'clients' | 'homeRegion' | 'config' | 'env' | 'now' | 'sleep'>): DeliverContext {
  return {
    clients: opts.clients,
    homeRegion: opts.homeRegion,
    attempts: opts.config.attempts,
    backoffMs: opts.config.backoffMs,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  };
}

/** RunsSucceeded = 1 (complete or partial) or 0 (failed), dimension Store = the store URL. */
async function publishMetric(opts: NotifyRunOptions, results: RunResults, trigger: DeliveryRecord['trigger']): Promise<DeliveryRecord | null> {
  const ns = opts.config.metric?.namespace;
  if (!ns || trigger !== 'run') return null;
  const now = opts.now ?? (() => new Date());
  const value = results.status === 'failed' ? 0 : 1;
  // Loaded on use, like the delivery clients: config loading imports this folder for its schema.
  const { PutMetricDataCommand, CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      await opts.clients
        .client(CloudWatchClient, opts.homeRegion, { maxAttempts: 1 })
        .send(new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'RunsSucceeded', Value: value, Unit: 'Count', Timestamp: now(), Dimensions: [{ Name: 'Store', Value: opts.store.url }] }] }));
      return { target: `cloudwatch:${ns}`, kind: 'metric', time: now().toISOString(), attempts, outcome: 'delivered', trigger };
    } catch (err) {
      if (attempts >= opts.config.attempts) return { target: `cloudwatch:${ns}`, kind: 'metric', time: now().toISOString(), attempts, outcome: 'failed', detail: `CloudWatch PutMetricData: ${(err as Error).message}`, trigger };
      await (opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(opts.config.backoffMs * 2 ** (attempts - 1));
    }
  }
}

/**
 * Sends the run's message to every target whose filter matches and records each delivery. Returns
 * the record written, or null when there was nothing to send or record. Never throws.
 */
export async function notifyRun(opts: NotifyRunOptions, results: RunResults, previousRunId: string | null, trigger: DeliveryRecord['trigger'] = 'run'): Promise<NotificationsRecord | null> {
  const log = opts.log.child({ run: results.runId });
  try {
    const targets = opts.config.targets.filter((t) => !opts.only || t.name === opts.only);
    const deliveries: DeliveryRecord[] = [];
    if (targets.length > 0) {
      const cmp = await compareWithPrevious(opts, results.runId, previousRunId);
      const ctx = deliverContext(opts);
      const now = opts.now ?? (() => new Date());
      const sent = await Promise.all(
        targets.map(async (t): Promise<DeliveryRecord> => {
          const m = messageFor(t, results, cmp, opts);
          const miss = trigger === 'run' ? filterMiss(t, m) : null; // a re-send is asked for by name
          if (miss) return { target: t.name, kind: t.kind, time: now().toISOString(), attempts: 0, outcome: 'not-matched', detail: miss, trigger };
          return deliver(t, m, ctx, trigger);
        }),
      );
      deliveries.push(...sent);
    }
    const metric = await publishMetric(opts, results, trigger);
    if (metric) deliveries.push(metric);
    for (const d of deliveries) {
      if (d.outcome === 'failed') log.error({ target: d.target, kind: d.kind, attempts: d.attempts, err: d.detail }, 'notification not delivered');
      else if (d.outcome === 'delivered') log.info({ target: d.target, kind: d.kind, attempts: d.attempts }, 'notification delivered');
    }
    if (deliveries.length === 0) return null;
    return await appendNotifications(opts.store, results.runId, deliveries);
  } catch (err) {
    log.error({ err: (err as Error).message }, 'notifications failed; the run itself is unaffected');
    return null;
  }
}

/** What a run or merge is given to notify: the config section, and what tests or the CLI override. */
export type NotifySettings = Pick<NotifyRunOptions, 'config'> & Partial<Pick<NotifyRunOptions, 'homeRegion' | 'env' | 'sleep' | 'clients'>>;
