// How a collector is declared (DESIGN "Declaring units"): one raw dataset per account-region,
// the IAM actions it needs, and collect() over injected clients.
import type { Target } from '../domain/index.ts';
import type { AwsClients } from './clients.ts';
import type { Caller, CallRunner, RecordedRequest } from './calls.ts';
import type { DatasetId, DatasetTypes } from '../domain/index.ts';

export interface CollectorContext {
  target: Target;
  clients: AwsClients;
  /** Makes every SDK call: rate budgets, the in-flight bound, accounting. */
  runner: Caller;
  /** Every request made for this dataset, in order; stored with the evidence. */
  requests: RecordedRequest[];
}

/** A dataset collector's context: also where else the run collects the target's account. */
export interface DatasetContext extends CollectorContext {
  /** The regions this run collects in the target's account, home first. */
  regions: readonly string[];
  /** The runner for the target's account in another region: calls made there draw from its budgets. */
  runnerIn(region: string): Caller;
}

/** The context of one target's dataset; `regions` defaults to the target's region alone. */
export function datasetContext(runner: CallRunner, target: Target, clients: AwsClients, requests: RecordedRequest[], regions: readonly string[] = [target.region]): DatasetContext {
  return { target, clients, runner: runner.forTarget(target), requests, regions, runnerIn: (region) => runner.forTarget({ account: target.account, region }) };
}

export interface Collector<D extends DatasetId = DatasetId> {
  id: D;
  service: string;
  /** 'account' for global services, collected once per account. */
  scope: 'region' | 'account';
  permissions: readonly string[];
  schemaVersion: number;
  /** Returns the dataset or throws CollectCallError; the engine turns that into coverage. */
  collect(ctx: DatasetContext): Promise<DatasetTypes[D]>;
}

export function defineCollector<D extends DatasetId>(c: Collector<D>): Collector<D> {
  return c;
}
