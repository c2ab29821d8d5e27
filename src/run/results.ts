// What a run produced, as stored in runs/<runId>/results.json and summarised in the manifest.
import type { ControlStatus, ResourceCompliance, ResourceResult } from '../model.ts';
import type { CallStats } from '../collect/calls.ts';

export type TargetStatus = 'PASS' | 'FAIL' | 'NO_EVIDENCE' | 'ERROR';
export type RunStatus = 'complete' | 'partial' | 'failed';

export interface CheckTargetResult {
  account: string;
  /** The region, or "global" for account-scoped checks. */
  region: string;
  status: TargetStatus;
  reason?: string;
  counts: Record<ResourceCompliance, number>;
  results: ResourceResult[];
  evidenceKeys: string[];
}

export interface CheckResult {
  id: string;
  kind: 'config-rule' | 'api';
  title: string;
  scope: 'account' | 'region';
  targets: CheckTargetResult[];
}

export interface ControlResult {
  id: string;
  status: ControlStatus;
  reason: string;
}

export interface FrameworkResult {
  id: string;
  name: string;
  version: string;
  controls: ControlResult[];
  byStatus: Record<ControlStatus, number>;
}

export interface CollectionRecord {
  account: string;
  region: string;
  collector: string;
  status: 'collected' | 'failed' | 'skipped';
  calls: number;
  failedCalls: number;
  reason?: string;
  operation?: string;
}

export interface Coverage {
  collections: CollectionRecord[];
  rulesNotDeployed: { account: string; region: string; sourceIdentifier: string }[];
  calls: CallStats;
}

export interface EvidenceRef {
  key: string;
  versionId: string;
  sha256: string;
  size: number;
  collectedAt: string;
  /** True when this run found the same bytes already stored and pinned that version. */
  reused: boolean;
}

export interface RunResults {
  schema: 'run-results/v1';
  runId: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  toolVersion: string;
  scope: { accounts: string[]; regions: string[] };
  frameworks: FrameworkResult[];
  checks: CheckResult[];
  coverage: Coverage;
  evidence: EvidenceRef[];
}
