// How a collector is declared (DESIGN "Declaring units"): one raw dataset per account-region,
// the IAM actions it needs, and collect() over injected clients.
import type { Target } from '../domain/index.ts';
import type { AwsClients } from './clients.ts';
import type { Caller, RecordedRequest } from './calls.ts';
import type { DatasetId, DatasetTypes } from '../domain/index.ts';

export interface CollectorContext {
  target: Target;
  clients: AwsClients;
  /** Makes every SDK call: rate budgets, the in-flight bound, accounting. */
  runner: Caller;
  /** Every request made for this dataset, in order; stored with the evidence. */
  requests: RecordedRequest[];
}

export interface Collector<D extends DatasetId = DatasetId> {
  id: D;
  service: string;
  /** 'account' for global services, collected once per account. */
  scope: 'region' | 'account';
  permissions: readonly string[];
  schemaVersion: number;
  /** Returns the dataset or throws CollectCallError; the engine turns that into coverage. */
  collect(ctx: CollectorContext): Promise<DatasetTypes[D]>;
}

export function defineCollector<D extends DatasetId>(c: Collector<D>): Collector<D> {
  return c;
}
