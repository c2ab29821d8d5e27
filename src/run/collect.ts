// Collection: for every (account, region) in scope, fetch the datasets the selected checks use
// and the results of the Config rules they reference, storing each as an evidence object as
// soon as it arrives. Failures become coverage records, never exceptions that end the run.
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { AwsClients } from '../collect/clients.ts';
import { CallRunner, CollectCallError, type RecordedRequest } from '../collect/calls.ts';
import { collectorFor } from '../collect/collectors/index.ts';
import { collectConfigRuleResults, type ConfigRuleResultsEvidence } from '../collect/config-rule-results.ts';
import type { CollectorContext } from '../collect/define.ts';
import type { DatasetId, DatasetTypes, DeployedConfigRule } from '../collect/datasets.ts';
import type { CheckDef } from '../catalog/checks.ts';
import type { EvidenceStore } from '../store/store.ts';
import { encodeJson, keys } from '../store/manifest.ts';
import type { Target } from '../model.ts';
import type { CollectionRecord, Coverage, EvidenceRef } from './results.ts';

export type Fetched<T> = { ok: true; data: T; key: string } | { ok: false; reason: string };

export interface TargetEvidence {
  target: Target;
  datasets: Map<DatasetId, Fetched<unknown>>;
  /** Per SourceIdentifier: results, or why there are none ("not deployed" is ok:false with notDeployed). */
  configRules: Map<string, Fetched<ConfigRuleResultsEvidence> | { ok: false; notDeployed: true; reason: string }>;
}

export interface CollectionOutput {
  targets: TargetEvidence[];
  evidence: EvidenceRef[];
  coverage: Coverage;
}

export interface CollectOptions {
  store: EvidenceStore;
  clients: AwsClients;
  targets: Target[];
  checks: CheckDef[];
  concurrency: number;
  log: Logger;
  now: () => Date;
}

export function planDatasets(checks: CheckDef[]): { datasets: DatasetId[]; configRules: string[] } {
  const datasets = new Set<DatasetId>();
  const configRules = new Set<string>();
  for (const c of checks) {
    if (c.kind === 'api') c.uses.forEach((u) => datasets.add(u));
    else {
      configRules.add(c.sourceIdentifier);
      datasets.add('config-rules');
    }
  }
  return { datasets: [...datasets].sort(), configRules: [...configRules].sort() };
}

export async function collectEvidence(opts: CollectOptions): Promise<CollectionOutput> {
  const runner = new CallRunner(pLimit(opts.concurrency));
  const { datasets, configRules } = planDatasets(opts.checks);
  const evidence: EvidenceRef[] = [];
  const collections: CollectionRecord[] = [];
  const rulesNotDeployed: Coverage['rulesNotDeployed'] = [];

  const store = async (key: string, account: string, region: string, source: Record<string, unknown>, requests: RecordedRequest[], data: unknown): Promise<void> => {
    // The body is deterministic for the same answers (no timestamps), so unchanged evidence is
    // not written again; when it was collected lives in the manifest.
    const body = encodeJson({ schema: 'evidence-object/v1', account, region, source, requests, data });
    const put = await opts.store.put(key, body, { dedupe: true, contentType: 'application/json' });
    evidence.push({ key, versionId: put.versionId, sha256: put.sha256, size: put.size, collectedAt: opts.now().toISOString(), reused: put.reused });
  };

  const record = (r: CollectionRecord): void => {
    collections.push(r);
    const log = opts.log.child({ account: r.account, region: r.region, collector: r.collector });
    if (r.status === 'collected') log.info({ calls: r.calls }, 'collected');
    else log.warn({ calls: r.calls, reason: r.reason }, `collection ${r.status}`);
  };

  const fetchDataset = async (target: Target, id: DatasetId): Promise<Fetched<unknown>> => {
    const collector = collectorFor(id);
    const requests: RecordedRequest[] = [];
    const ctx: CollectorContext = { target, clients: opts.clients, runner, requests };
    const started = Date.now();
    try {
      const data = await collector.collect(ctx);
      const key = keys.datasetEvidence(target.account, target.region, id);
      await store(key, target.account, target.region, { collector: id, schemaVersion: collector.schemaVersion }, requests, data);
      record({ account: target.account, region: target.region, collector: id, status: 'collected', calls: requests.length, failedCalls: 0 });
      opts.log.debug({ account: target.account, region: target.region, collector: id, durationMs: Date.now() - started }, 'dataset done');
      return { ok: true, data, key };
    } catch (err) {
      const reason = describeFailure(err);
      record({
        account: target.account,
        region: target.region,
        collector: id,
        status: 'failed',
        calls: requests.length,
        failedCalls: 1,
        reason,
        ...(err instanceof CollectCallError ? { operation: err.operation } : {}),
      });
      return { ok: false, reason };
    }
  };

  const collectTarget = async (target: Target): Promise<TargetEvidence> => {
    const out: TargetEvidence = { target, datasets: new Map(), configRules: new Map() };
    await Promise.all(datasets.map(async (id) => out.datasets.set(id, await fetchDataset(target, id))));
    if (configRules.length === 0) return out;
    const rulesDs = out.datasets.get('config-rules')!;
    if (!rulesDs.ok) {
      for (const sid of configRules) out.configRules.set(sid, { ok: false, reason: `could not list Config rules: ${rulesDs.reason}` });
      return out;
    }
    const deployed = (rulesDs.data as DatasetTypes['config-rules']).rules;
    await Promise.all(
      configRules.map(async (sid) => {
        const matching: DeployedConfigRule[] = deployed.filter((r) => r.Owner === 'AWS' && r.SourceIdentifier === sid);
        if (matching.length === 0) {
          rulesNotDeployed.push({ account: target.account, region: target.region, sourceIdentifier: sid });
          out.configRules.set(sid, { ok: false, notDeployed: true, reason: `Config rule ${sid} is not deployed in ${target.region}` });
          return;
        }
        const requests: RecordedRequest[] = [];
        const name = `config-rule/${sid}`;
        try {
          const data = await collectConfigRuleResults({ target, clients: opts.clients, runner, requests }, sid, matching);
          const key = keys.configRuleEvidence(target.account, target.region, sid);
          await store(key, target.account, target.region, { collector: 'config-rule-results', schemaVersion: 1 }, requests, data);
          record({ account: target.account, region: target.region, collector: name, status: 'collected', calls: requests.length, failedCalls: 0 });
          out.configRules.set(sid, { ok: true, data, key });
        } catch (err) {
          const reason = describeFailure(err);
          record({ account: target.account, region: target.region, collector: name, status: 'failed', calls: requests.length, failedCalls: 1, reason });
          out.configRules.set(sid, { ok: false, reason });
        }
      }),
    );
    return out;
  };

  const targets = await Promise.all(opts.targets.map(collectTarget));
  // A rule about account-global resources runs in one region; its absence elsewhere is no gap.
  const globalRules = new Set(opts.checks.flatMap((c) => (c.kind === 'config-rule' && c.scope === 'account' ? [c.sourceIdentifier] : [])));
  const deployedSomewhere = new Set(
    targets.flatMap((t) => [...t.configRules].filter(([sid, f]) => globalRules.has(sid) && !('notDeployed' in f)).map(([sid]) => `${t.target.account}/${sid}`)),
  );
  const gaps = rulesNotDeployed.filter((r) => !deployedSomewhere.has(`${r.account}/${r.sourceIdentifier}`));
  rulesNotDeployed.splice(0, rulesNotDeployed.length, ...gaps);
  collections.sort((a, b) => (`${a.account}/${a.region}/${a.collector}` < `${b.account}/${b.region}/${b.collector}` ? -1 : 1));
  evidence.sort((a, b) => (a.key < b.key ? -1 : 1));
  rulesNotDeployed.sort((a, b) => (`${a.account}/${a.region}/${a.sourceIdentifier}` < `${b.account}/${b.region}/${b.sourceIdentifier}` ? -1 : 1));
  return { targets, evidence, coverage: { collections, rulesNotDeployed, calls: runner.stats } };
}

function describeFailure(err: unknown): string {
  if (err instanceof CollectCallError) {
    const what = { denied: 'access denied', throttled: 'throttled past retries', failed: 'call failed', not_found: 'not found' }[err.outcome];
    return `${what}: ${err.message}`;
  }
  // Store failures and bugs land here too: they must read as ERROR, never be lost.
  return `internal error: ${(err as Error)?.message ?? String(err)}`;
}
