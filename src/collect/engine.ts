// Collection: for every account in scope, fetch the datasets the selected checks use (regional
// ones per region, global ones once per account) and the results of the Config rules they
// reference, storing each as an evidence object as soon as it arrives. Failures become
// coverage records, never exceptions that end the run.
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { AwsClients } from './clients.ts';
import { CallRunner, CollectCallError, type CallDeadline, type RecordedRequest } from './calls.ts';
import { describeFailure, distinctRequests, slimResult, startDeadline } from './outcomes.ts';
import { RateLimits } from './ratelimit.ts';
import { collectorFor } from './collectors/index.ts';
import { enabledRegionNames } from './collectors/account-regions.ts';
import { collectConfigRuleResults, type ConfigRuleResultsEvidence } from './config-rule-results.ts';
import { RuleEvidenceSpool } from './spool.ts';
import { collectConfigItems, ItemsSpool, type ConfigItemsEvidence } from './config-items.ts';
import { collectAggregateItems, type AggregateItems } from './config-aggregate.ts';
import { deployedWith, ruleEvaluator, type ItemField } from '../managed-rules/index.ts';
import { datasetContext } from './define.ts';
import type { DatasetId, DatasetTypes, DeployedConfigRule } from '../domain/index.ts';
import type { CheckDef } from '../catalog/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import { encodeJson, keys } from '../store/index.ts';
import type { Target } from '../domain/index.ts';
import type { CollectionRecord, Coverage, EvidenceRef } from '../domain/index.ts';
import { limitHeapGrowth } from '../util/index.ts';
import { isRegionName, quoteShort } from '../domain/index.ts';

/** Receives evidence as it arrives, so checks are judged without holding a whole run. */
export interface EvidenceSink {
  configRule(target: Target, sourceIdentifier: string, fetched: ConfigRuleFetch): void;
  region(evidence: TargetEvidence, global: TargetEvidence | undefined): void;
  account(account: string, global: TargetEvidence | undefined): void;
}

/** Region name used for datasets and checks about account-global things (IAM, S3 account settings). */
export const GLOBAL_REGION = 'global';
/**
 * Config rules fetched at once per account-region. The rate budget per account-region is what
 * bounds the pace, so a couple in flight keep it busy; starting them all at once would hold
 * every rule's pages in memory together across the whole organization.
 */
const RULES_IN_FLIGHT_PER_TARGET = 2;

/** Stands for an account's regions when they could not be listed (all-enabled-regions mode). */
export const UNLISTED_REGIONS = '*';

export type Fetched<T> = { ok: true; data: T; key: string } | { ok: false; reason: string };
/**
 * A Config rule's results in one region, or why there are none ("not deployed" is ok:false with
 * notDeployed). Where the rule is not deployed but a local evaluator reproduces it, the region's
 * configuration items come along for it to judge.
 */
export type ConfigRuleFetch =
  | { ok: true; data: ConfigRuleResultsEvidence; key: string; /** The region's items, where collected anyway: AWS's verdicts are compared with the local ones. */ items?: ConfigItemsFetch }
  | { ok: false; reason: string }
  | { ok: false; notDeployed: true; reason: string; items?: ConfigItemsFetch };
export type ConfigItemsFetch = Fetched<ConfigItemsEvidence>;

export interface TargetEvidence {
  target: Target;
  datasets: Map<DatasetId, Fetched<unknown>>;
  /** Per SourceIdentifier. */
  configRules: Map<string, ConfigRuleFetch>;
}

export interface CollectionOutput {
  /**
   * One per (account, region), plus one per account with region "global" for global datasets;
   * only with keepTargets (tests). A run judges through its evaluator instead and keeps none.
   */
  targets: TargetEvidence[];
  evidence: EvidenceRef[];
  coverage: Coverage;
  /** Every region collected in some account, sorted (differs from the option with discoverRegions). */
  regions: string[];
}

export interface AccountTarget {
  account: string;
  clients: AwsClients;
}

export interface CollectOptions {
  store: EvidenceStore;
  accounts: AccountTarget[];
  /** Selected accounts that could not be reached: every collection there is recorded as failed. */
  unreachable?: { account: string; reason: string }[];
  /** Regions to collect in every account; with discoverRegions, only the home region (the first). */
  regions: string[];
  /**
   * Collect each account's enabled regions (Account ListRegions, stored as evidence). When they
   * cannot be listed, the home region is collected and every regional check of the account also
   * reads ERROR for its unlisted regions.
   */
  discoverRegions?: boolean;
  checks: CheckDef[];
  concurrency: number;
  /** Accounts collected at once (all when absent): bounds memory on large organizations. */
  accountsInFlight?: number;
  /** Requests per second by "service.Operation" or "service.*", over the defaults. */
  rateLimits?: Record<string, number>;
  /** Called as each collection finishes: (done, planned). Planned grows as rule lists arrive. */
  onProgress?: (done: number, total: number) => void;
  log: Logger;
  now: () => Date;
  /** Stops launching new work when aborted; work in flight finishes. */
  signal?: AbortSignal;
  /** Judges evidence as it arrives, so raw answers can be dropped (see src/evaluate/checks.ts). */
  evaluator?: EvidenceSink;
  /** Keep every target's evidence in memory and return it (tests that inspect datasets). */
  keepTargets?: boolean;
  /**
   * Where a selected rule is not deployed and a local evaluator reproduces it, read the
   * region's configuration items (SelectResourceConfig) for the evaluator to judge.
   */
  configurationItems?: boolean;
  /**
   * Read the configuration items of every account through this AWS Config aggregator, from the
   * running account (its clients, in the home region), instead of per account-region. Items of
   * every needed type are read, deployed rule or not, so AWS's verdicts can be compared with the
   * local ones.
   */
  configAggregator?: { name: string; account: string; clients: AwsClients };
  /** Datasets to collect though no check reads them (e.g. auditmanager-assessments for the comparison). */
  extraDatasets?: DatasetId[];
  /**
   * Milliseconds from the start of collection after which every call not yet answered ends as a
   * failed call and none starts (collection.deadlineMinutes); the targets it leaves read ERROR.
   */
  deadlineMs?: number;
}

export function planDatasets(checks: CheckDef[], extra: readonly DatasetId[] = []): { datasets: DatasetId[]; configRules: string[] } {
  const datasets = new Set<DatasetId>(extra);
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

const byKey = <T>(f: (x: T) => string) => (a: T, b: T): number => (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);

export async function collectEvidence(opts: CollectOptions): Promise<CollectionOutput> {
  limitHeapGrowth();
  const deadline = opts.deadlineMs === undefined ? undefined : startDeadline(opts.deadlineMs);
  try {
    return await collectWithin(opts, deadline?.call);
  } finally {
    deadline?.clear();
  }
}

async function collectWithin(opts: CollectOptions, deadline: CallDeadline | undefined): Promise<CollectionOutput> {
  const runner = new CallRunner(pLimit(opts.concurrency), new RateLimits(opts.rateLimits), deadline);
  const { datasets, configRules } = planDatasets(opts.checks, opts.extraDatasets);
  const regional = datasets.filter((d) => collectorFor(d).scope === 'region');
  const global = datasets.filter((d) => collectorFor(d).scope === 'account');
  const home = opts.regions[0]!;
  const evidence: EvidenceRef[] = [];
  const collections: CollectionRecord[] = [];
  const rulesNotDeployed: Coverage['rulesNotDeployed'] = [];

  const store = async (key: string, target: Target, source: Record<string, unknown>, requests: RecordedRequest[], data: unknown): Promise<void> => {
    // The body is deterministic for the same answers (no timestamps), so unchanged evidence is
    // not written again; when it was collected lives in the manifest.
    const body = encodeJson({ schema: 'evidence-object/v1', account: target.account, region: target.region, source, requests: distinctRequests(requests), data });
    const put = await opts.store.put(key, body, { dedupe: true, contentType: 'application/json' });
    evidence.push({ key, versionId: put.versionId, sha256: put.sha256, size: put.size, collectedAt: opts.now().toISOString(), reused: put.reused });
  };

  // Planned units: every dataset per target now; Config rule fetches once each region's rule list is known.
  let planned = (opts.accounts.length + (opts.unreachable?.length ?? 0)) * (opts.regions.length * regional.length + global.length);
  let done = 0;
  const progress = (): void => opts.onProgress?.(done, planned);
  const record = (r: CollectionRecord, durationMs?: number): void => {
    collections.push(r);
    done += 1;
    progress();
    const log = opts.log.child({ account: r.account, region: r.region, collector: r.collector });
    if (r.status === 'collected') log.info({ calls: r.calls, durationMs }, 'collected');
    else log.warn({ calls: r.calls, reason: r.reason }, `collection ${r.status}`);
  };

  // A rule about account-global resources runs in one region; its absence elsewhere is no gap.
  const globalRules = new Set(opts.checks.flatMap((c) => (c.kind === 'config-rule' && c.scope === 'account' ? [c.sourceIdentifier] : [])));
  // The parameters controls set, by rule: a deployed rule with other values does not answer for them.
  const variants = new Map<string, Readonly<Record<string, string>>[]>();
  for (const c of opts.checks) if (c.kind === 'config-rule' && c.parameters) variants.set(c.sourceIdentifier, [...(variants.get(c.sourceIdentifier) ?? []), c.parameters]);
  const deployedSomewhere = new Set<string>();
  const keep = opts.keepTargets === true;
  const emitRule = (out: TargetEvidence, sid: string, fetched: ConfigRuleFetch): void => {
    if (globalRules.has(sid) && (fetched.ok || !('notDeployed' in fetched))) deployedSomewhere.add(`${out.target.account}/${sid}`);
    if (keep) out.configRules.set(sid, fetched);
    opts.evaluator?.configRule(out.target, sid, fetched);
  };

  const stopped = (): string | null => (opts.signal?.aborted ? 'run interrupted before this was collected' : null);

  const fetchDataset = async (target: Target, clients: AwsClients, id: DatasetId, regions: readonly string[] = [home]): Promise<Fetched<unknown>> => {
    const collector = collectorFor(id);
    const requests: RecordedRequest[] = [];
    // Global datasets are fetched through the home region's endpoint.
    const where = target.region === GLOBAL_REGION ? { account: target.account, region: home } : target;
    const ctx = datasetContext(runner, where, clients, requests, regions);
    const started = Date.now();
    const interrupted = stopped();
    if (interrupted) {
      record({ account: target.account, region: target.region, collector: id, status: 'skipped', calls: 0, failedCalls: 0, reason: interrupted });
      return { ok: false, reason: interrupted };
    }
    try {
      const data = await collector.collect(ctx);
      const key = keys.datasetEvidence(target.account, target.region, id);
      await store(key, target, { collector: id, schemaVersion: collector.schemaVersion }, requests, data);
      record({ account: target.account, region: target.region, collector: id, status: 'collected', calls: requests.length, failedCalls: 0 }, Date.now() - started);
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

  const collectRegion = async (target: Target, clients: AwsClients, regions: readonly string[]): Promise<TargetEvidence> => {
    const out: TargetEvidence = { target, datasets: new Map(), configRules: new Map() };
    // Rule answers start as soon as the rule list is in: waiting for the region's other datasets
    // (CloudTrail events at 2 TPS take seconds) would put two quota-bound phases end to end.
    await Promise.all(
      regional.map(async (id) => {
        const fetched = await fetchDataset(target, clients, id, regions);
        out.datasets.set(id, fetched);
        if (id === 'config-rules') await collectRules(out, fetched, clients);
      }),
    );
    return out;
  };

  const collectRules = async (out: TargetEvidence, rulesDs: Fetched<unknown>, clients: AwsClients): Promise<void> => {
    const target = out.target;
    if (configRules.length === 0) return;
    if (!rulesDs.ok) {
      for (const sid of configRules) emitRule(out, sid, { ok: false, reason: `could not list Config rules: ${rulesDs.reason}` });
      return;
    }
    const deployed = (rulesDs.data as DatasetTypes['config-rules']).rules;
    const isDeployed = (sid: string): boolean => deployed.some((r) => r.Owner === 'AWS' && r.SourceIdentifier === sid);
    // deployed, but not with the values a control sets: that check is judged from the items
    const unmatched = (sid: string): boolean => (variants.get(sid) ?? []).some((w) => !deployed.some((r) => r.Owner === 'AWS' && r.SourceIdentifier === sid && deployedWith(r, w)));
    const local = opts.configurationItems ? configRules.filter((sid) => (!isDeployed(sid) || unmatched(sid)) && ruleEvaluator(sid)) : [];
    const items = aggregate ? aggregate.then((a) => itemsFromAggregate(a, target)) : local.length > 0 ? fetchItems(target, clients, local) : undefined;
    planned += configRules.filter((sid) => deployed.some((r) => r.Owner === 'AWS' && r.SourceIdentifier === sid)).length;
    progress();
    const oneAtATime = pLimit(RULES_IN_FLIGHT_PER_TARGET);
    // A rule's answer waits for the region's items outside the limit: holding a slot while the
    // items come in would leave the rules' quota idle until then.
    const withItems = async (sid: string, fetched: ConfigRuleFetch, wanted: boolean): Promise<void> => {
      emitRule(out, sid, wanted && items ? ({ ...fetched, items: await items } as ConfigRuleFetch) : fetched);
    };
    await Promise.all(
      configRules.map(async (sid) => {
        const answer = await oneAtATime(async (): Promise<{ fetched: ConfigRuleFetch; wanted: boolean }> => {
          const matching: DeployedConfigRule[] = deployed.filter((r) => r.Owner === 'AWS' && r.SourceIdentifier === sid);
          if (matching.length === 0) {
            rulesNotDeployed.push({ account: target.account, region: target.region, sourceIdentifier: sid });
            const reason = `Config rule ${sid} is not deployed in ${target.region}`;
            return { fetched: { ok: false, notDeployed: true, reason }, wanted: ruleEvaluator(sid) !== undefined };
          }
          const requests: RecordedRequest[] = [];
          const name = `config-rule/${sid}`;
          const interrupted = stopped();
          if (interrupted) {
            record({ account: target.account, region: target.region, collector: name, status: 'skipped', calls: 0, failedCalls: 0, reason: interrupted });
            return { fetched: { ok: false, reason: interrupted }, wanted: false };
          }
          // The raw answers go to disk page by page and are stored from there; only what judging
          // needs stays in memory (at organization scale the raw answers would dominate it).
          let spool: RuleEvidenceSpool | undefined;
          try {
            spool = await RuleEvidenceSpool.create({ schema: 'evidence-object/v1', account: target.account, region: target.region, source: { collector: 'config-rule-results', schemaVersion: 2 }, sourceIdentifier: sid });
            const judged: ConfigRuleResultsEvidence = { sourceIdentifier: sid, rules: [] };
            const into = spool;
            await collectConfigRuleResults({ target, clients, runner: runner.forTarget(target), requests }, sid, matching, {
              beginRule: (ConfigRuleName, InputParameters) => (judged.rules.push({ ConfigRuleName, ...(InputParameters !== undefined ? { InputParameters } : {}), evaluationResults: [] }), into.beginRule(ConfigRuleName, InputParameters)),
              page: (results) => (judged.rules.at(-1)!.evaluationResults.push(...results.map(slimResult)), into.page(results)),
              endRule: () => into.endRule(),
            });
            await spool.finish(distinctRequests(requests));
            const key = keys.configRuleEvidence(target.account, target.region, sid);
            const put = await opts.store.putStream(key, () => into.open(), { dedupe: true, contentType: 'application/json' });
            evidence.push({ key, versionId: put.versionId, sha256: put.sha256, size: put.size, collectedAt: opts.now().toISOString(), reused: put.reused });
            record({ account: target.account, region: target.region, collector: name, status: 'collected', calls: requests.length, failedCalls: 0 });
            return { fetched: { ok: true, data: judged, key }, wanted: ruleEvaluator(sid) !== undefined && (aggregate !== undefined || local.includes(sid)) };
          } catch (err) {
            const reason = describeFailure(err);
            record({ account: target.account, region: target.region, collector: name, status: 'failed', calls: requests.length, failedCalls: 1, reason });
            return { fetched: { ok: false, reason }, wanted: false };
          } finally {
            await spool?.discard();
          }
        });
        await withItems(sid, answer.fetched, answer.wanted);
      }),
    );
  };

  // One evidence object per account-region: the recorders, then each needed type's items.
  const fetchItems = async (target: Target, clients: AwsClients, sids: string[]): Promise<ConfigItemsFetch> => {
    const wanted = new Map<string, Set<ItemField>>();
    for (const sid of sids) {
      const ev = ruleEvaluator(sid)!;
      for (const t of ev.resourceTypes) {
        const fields = wanted.get(t) ?? new Set<ItemField>();
        ev.fields.forEach((f) => fields.add(f));
        wanted.set(t, fields);
      }
    }
    const name = 'configuration-items';
    const requests: RecordedRequest[] = [];
    planned += 1;
    const interrupted = stopped();
    if (interrupted) {
      record({ account: target.account, region: target.region, collector: name, status: 'skipped', calls: 0, failedCalls: 0, reason: interrupted });
      return { ok: false, reason: interrupted };
    }
    let spool: ItemsSpool | undefined;
    try {
      spool = await ItemsSpool.create({ schema: 'evidence-object/v1', account: target.account, region: target.region, source: { collector: name, schemaVersion: 1 } });
      const into = spool;
      const data = await collectConfigItems({ target, clients, runner: runner.forTarget(target), requests }, new Map([...wanted].map(([t, f]) => [t, [...f]])), into);
      await into.finish(distinctRequests(requests));
      const key = keys.datasetEvidence(target.account, target.region, name);
      const put = await opts.store.putStream(key, () => into.open(), { dedupe: true, contentType: 'application/json' });
      evidence.push({ key, versionId: put.versionId, sha256: put.sha256, size: put.size, collectedAt: opts.now().toISOString(), reused: put.reused });
      record({ account: target.account, region: target.region, collector: name, status: 'collected', calls: requests.length, failedCalls: 0 });
      return { ok: true, data, key };
    } catch (err) {
      const reason = describeFailure(err);
      record({ account: target.account, region: target.region, collector: name, status: 'failed', calls: requests.length, failedCalls: 1, reason, ...(err instanceof CollectCallError ? { operation: err.operation } : {}) });
      return { ok: false, reason };
    } finally {
      await spool?.discard();
    }
  };

  const itemsFromAggregate = (a: Fetched<AggregateItems>, target: Target): ConfigItemsFetch => {
    if (!a.ok) return a;
    const got = a.data.take(target.account, target.region, home);
    return got.ok ? { ok: true, data: got.data, key: a.key } : got;
  };

  // The whole organization's items through the aggregator, from the running account: one
  // evidence object, then split per account-region as each is judged.
  async function fetchAggregate(agg: NonNullable<CollectOptions['configAggregator']>): Promise<Fetched<AggregateItems>> {
    const target = { account: agg.account, region: home };
    const name = 'configuration-items-aggregate';
    const wanted = new Map<string, Set<ItemField>>();
    for (const sid of configRules) {
      const ev = ruleEvaluator(sid);
      if (!ev) continue;
      for (const t of ev.resourceTypes) {
        const fields = wanted.get(t) ?? new Set<ItemField>();
        ev.fields.forEach((f) => fields.add(f));
        wanted.set(t, fields);
      }
    }
    const requests: RecordedRequest[] = [];
    planned += 1;
    let spool: ItemsSpool | undefined;
    try {
      spool = await ItemsSpool.create({ schema: 'evidence-object/v1', account: target.account, region: target.region, source: { collector: name, schemaVersion: 1, aggregator: agg.name } });
      const into = spool;
      const inScope = new Set(opts.accounts.map((a) => a.account));
      const data = await collectAggregateItems({ target, clients: agg.clients, runner: runner.forTarget(target), requests }, agg.name, new Map([...wanted].map(([t, f]) => [t, [...f]])), into, inScope);
      await into.finish(distinctRequests(requests));
      const key = keys.datasetEvidence(target.account, target.region, name);
      const put = await opts.store.putStream(key, () => into.open(), { dedupe: true, contentType: 'application/json' });
      evidence.push({ key, versionId: put.versionId, sha256: put.sha256, size: put.size, collectedAt: opts.now().toISOString(), reused: put.reused });
      record({ account: target.account, region: target.region, collector: name, status: 'collected', calls: requests.length, failedCalls: 0 });
      return { ok: true, data, key };
    } catch (err) {
      const reason = `configuration items through aggregator ${agg.name}: ${describeFailure(err)}`;
      record({ account: target.account, region: target.region, collector: name, status: 'failed', calls: requests.length, failedCalls: 1, reason, ...(err instanceof CollectCallError ? { operation: err.operation } : {}) });
      return { ok: false, reason };
    } finally {
      await spool?.discard();
    }
  }

  const collectGlobal = async (account: string, clients: AwsClients): Promise<TargetEvidence> => {
    const target = { account, region: GLOBAL_REGION };
    const out: TargetEvidence = { target, datasets: new Map(), configRules: new Map() };
    await Promise.all(global.map(async (id) => out.datasets.set(id, await fetchDataset(target, clients, id))));
    return out;
  };

  const unreachableAccount = ({ account, reason }: { account: string; reason: string }): TargetEvidence[] => {
    const failedTarget = (region: string, ids: DatasetId[]): TargetEvidence => {
      const out: TargetEvidence = { target: { account, region }, datasets: new Map(), configRules: new Map() };
      for (const id of ids) {
        out.datasets.set(id, { ok: false, reason });
        record({ account, region, collector: id, status: 'failed', calls: 0, failedCalls: 1, reason, operation: 'AssumeRole' });
      }
      return out;
    };
    const globalTe = global.length > 0 ? failedTarget(GLOBAL_REGION, global) : undefined;
    const regionalTes = opts.regions.map((region) => {
      const out = failedTarget(region, regional);
      for (const sid of configRules) emitRule(out, sid, { ok: false, reason });
      opts.evaluator?.region(out, globalTe);
      return out;
    });
    opts.evaluator?.account(account, globalTe);
    return keep ? [...regionalTes, ...(globalTe ? [globalTe] : [])] : [];
  };

  // Every account-region of up to accountsInFlight accounts runs at once (the rate budgets are per
  // account-region, so that is what reaches the quota bound); each region is judged as soon as it
  // and its account's global datasets are in, and then dropped.
  const collectedRegions = new Set<string>(opts.discoverRegions ? [] : opts.regions);
  const listRegions = async (a: AccountTarget): Promise<{ regions: string[]; unlisted?: string; malformed?: string[] }> => {
    if (!opts.discoverRegions) return { regions: opts.regions };
    planned += 1;
    const listed = await fetchDataset({ account: a.account, region: GLOBAL_REGION }, a.clients, 'account-regions');
    const names = listed.ok ? enabledRegionNames(listed.data as DatasetTypes['account-regions']) : [];
    // A name from AWS becomes part of store keys: one without a Region's shape is never used.
    const regions = names.filter(isRegionName);
    const malformed = names.filter((r) => !isRegionName(r));
    const out: { regions: string[]; unlisted?: string; malformed?: string[] } =
      regions.length > 0 ? { regions } : { regions: [home], unlisted: listed.ok ? (malformed.length > 0 ? 'the account lists no well-formed enabled region' : 'the account lists no enabled region') : `could not list the account's enabled regions: ${listed.reason}` };
    if (malformed.length > 0) out.malformed = malformed;
    planned += (out.regions.length - opts.regions.length) * regional.length;
    progress();
    out.regions.forEach((r) => collectedRegions.add(r));
    return out;
  };

  const collectAccount = async (a: AccountTarget): Promise<TargetEvidence[]> => {
    const globalP = global.length > 0 ? collectGlobal(a.account, a.clients) : Promise.resolve(undefined);
    const { regions, unlisted, malformed } = await listRegions(a);
    for (const name of malformed ?? []) {
      // the name is only quoted: every regional check of the account reads ERROR for it
      const reason = `account:ListRegions returned ${quoteShort(name)}, not a Region name; it is not collected`;
      const region = quoteShort(name, 40);
      record({ account: a.account, region, collector: 'account-regions', status: 'failed', calls: 0, failedCalls: 1, reason, operation: 'ListRegions' });
      const te: TargetEvidence = { target: { account: a.account, region }, datasets: new Map(regional.map((id) => [id, { ok: false, reason }])), configRules: new Map() };
      for (const sid of configRules) emitRule(te, sid, { ok: false, reason });
      opts.evaluator?.region(te, await globalP);
    }
    if (unlisted) {
      // Regions nobody could list are not "nothing to see": every regional check reads ERROR there.
      const te: TargetEvidence = { target: { account: a.account, region: UNLISTED_REGIONS }, datasets: new Map(regional.map((id) => [id, { ok: false, reason: unlisted }])), configRules: new Map() };
      for (const sid of configRules) emitRule(te, sid, { ok: false, reason: unlisted });
      opts.evaluator?.region(te, await globalP);
    }
    // Home first: the home region's target stands in for the account where one must (cloudtrail-events).
    const ordered = regions.includes(home) ? [home, ...regions.filter((r) => r !== home)] : regions;
    const regionalTes = await Promise.all(
      regions.map(async (region) => {
        const te = await collectRegion({ account: a.account, region }, a.clients, ordered);
        opts.evaluator?.region(te, await globalP);
        return keep ? te : null;
      }),
    );
    const globalTe = await globalP;
    opts.evaluator?.account(a.account, globalTe);
    return keep ? [...regionalTes.filter((t): t is TargetEvidence => t !== null), ...(globalTe ? [globalTe] : [])] : [];
  };

  // Started before the accounts, so the organization-wide queries overlap the members' collections.
  const aggregate = opts.configurationItems && opts.configAggregator && configRules.some((sid) => ruleEvaluator(sid)) ? fetchAggregate(opts.configAggregator) : undefined;
  const accountSlots = pLimit(opts.accountsInFlight ?? Math.max(1, opts.accounts.length));
  const targets = [...(await Promise.all(opts.accounts.map((a) => accountSlots(() => collectAccount(a))))).flat(), ...(opts.unreachable ?? []).flatMap(unreachableAccount)];

  const gaps = rulesNotDeployed.filter((r) => !deployedSomewhere.has(`${r.account}/${r.sourceIdentifier}`));

  collections.sort(byKey((c) => `${c.account}/${c.region}/${c.collector}`));
  evidence.sort(byKey((e) => e.key));
  gaps.sort(byKey((r) => `${r.account}/${r.region}/${r.sourceIdentifier}`));
  targets.sort(byKey((t) => `${t.target.account}/${t.target.region}`));
  return { targets, evidence, coverage: { collections, rulesNotDeployed: gaps, calls: runner.stats }, regions: opts.discoverRegions ? [...collectedRegions].sort() : opts.regions };
}
