// How an api check is declared (DESIGN "Declaring units"): pure evaluate() over datasets.
import type { CheckOutcome, Target } from '../domain/index.ts';
import type { DatasetId, DatasetTypes } from '../domain/index.ts';

export interface ApiCheck<U extends DatasetId = DatasetId> {
  kind: 'api';
  id: string;
  title: string;
  /** Why the setting matters to an auditor, in a sentence or two; shown beside a failing result. */
  rationale: string;
  /** What to change in AWS to pass (console path or CLI/API call), in a sentence or two. */
  remediation: string;
  resourceType: string;
  uses: readonly U[];
  /** Pure: same datasets, same answer. Datasets are present when called (the engine handles missing ones). */
  evaluate(datasets: { [K in U]: DatasetTypes[K] }, target: Target): CheckOutcome;
}

export function defineCheck<U extends DatasetId>(check: Omit<ApiCheck<U>, 'kind'>): ApiCheck<U> {
  return { kind: 'api', ...check };
}
