// What a run produced, as stored in runs/<runId>/results.json and summarised in the manifest.
import type { ControlStatus, ResourceCompliance, ResourceResult } from './model.ts';

export type CallOutcome = 'ok' | 'retried' | 'throttled' | 'denied' | 'failed' | 'not_found';

/** AWS calls of a run, counted by outcome for the coverage section. */
export interface CallStats {
  calls: number;
  byOutcome: Record<CallOutcome, number>;
}

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
  /**
   * Who evaluated a Config rule check's resources: AWS Config's deployed rule ("config-rule"), or
   * this tool's local evaluator over recorded configuration items ("configuration-item").
   */
  source?: VerdictSource;
  /** With source "configuration-item": the newest capture time among the items judged. */
  capturedAt?: string;
  /**
   * With source "config-rule", where configuration items were read too: AWS Config's verdicts
   * against the local evaluator's on the resources both judged.
   */
  agreement?: VerdictAgreement;
}

/** A difference between AWS Config's verdict and the local evaluator's on one resource. */
export interface VerdictDifference {
  resourceType: string;
  resourceId: string;
  configRule: ResourceCompliance;
  local: ResourceCompliance;
}

export interface VerdictAgreement {
  /** Resources both judged (NOT_APPLICABLE on one side against COMPLIANT on the other is no failure on either: not compared). */
  compared: number;
  /** How many of them differ; `differing` lists the first few. */
  differingCount: number;
  differing: VerdictDifference[];
}

export const VERDICT_SOURCES = ['config-rule', 'configuration-item'] as const;
export type VerdictSource = (typeof VERDICT_SOURCES)[number];

export interface CheckResult {
  id: string;
  kind: 'config-rule' | 'api';
  title: string;
  scope: 'account' | 'region';
  /** The managed rule's parameters the check was judged with (a control sets them in the catalog). */
  parameters?: Record<string, string>;
  targets: CheckTargetResult[];
}

export interface ControlResult {
  id: string;
  status: ControlStatus;
  reason: string;
  // --- accepted risks and attestations (src/evaluate/acceptance.ts) ---
  /** The status from the evidence alone, present when an exception or attestation changed it. */
  evaluatedStatus?: ControlStatus;
  /** Exceptions naming this control or one of its checks, active or expired. */
  exceptions?: ExceptionRecord[];
  /** Attestations on file for this (manual) control, the one relied on first. */
  attestations?: AttestationRecord[];
}

/** Where a statement came from: a file stored with the run (pinned in its manifest) and a line. */
export interface SourceRef {
  file: string;
  key: string;
  line: number;
}

/** Matches a resource by id, optionally narrowed by account, region ("global" for account-wide) and type. */
export interface ResourceSelector {
  id: string;
  account?: string;
  region?: string;
  type?: string;
}

/** An accepted risk as applied to one control. */
export interface ExceptionRecord {
  id: string;
  framework?: string;
  control?: string;
  check?: string;
  /** Absent: every failing resource in scope is covered. */
  resources?: ResourceSelector[];
  reason: string;
  approver: string;
  /** Last day (UTC, inclusive) the exception is valid: YYYY-MM-DD. */
  expires: string;
  state: 'active' | 'expired';
  /** Non-compliant resources of this control within the exception's scope, and how many it covers. */
  failingResources: number;
  coveredResources: number;
  source: SourceRef;
}

/** A person's attestation for a manual control, as judged at the run's observation time. */
export interface AttestationRecord {
  framework: string;
  control: string;
  statement: string;
  attester: string;
  /** YYYY-MM-DD */
  date: string;
  /** Last day (UTC, inclusive) the attestation is valid: YYYY-MM-DD. */
  validUntil: string;
  state: 'valid' | 'expired' | 'not-yet-valid';
  document?: { name: string; key: string; versionId: string; sha256: string; size: number };
  source: SourceRef;
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
  /** `accountNames`: AWS Organizations' name of each account that has one (absent in older runs). */
  scope: { accounts: string[]; regions: string[]; accountNames?: Record<string, string> };
  frameworks: FrameworkResult[];
  checks: CheckResult[];
  coverage: Coverage;
  evidence: EvidenceRef[];
  /**
   * Where every resource verdict is (runs/<runId>/resources.ndjson). When present, each
   * target's `results` above lists only non-compliant and insufficient-data resources; its
   * `counts` always cover all of them. Absent in runs written before it existed (full lists).
   */
  resources?: { key: string; versionId: string; sha256: string; size: number; lines: number };
  // --- sharding (src/run/shard.ts, src/run/merge.ts) ---
  /** A shard run: it covers only its part of `of`, and is not a whole-organization run. */
  shard?: ShardRecord;
  /** A merged run: the shard runs it combines, with their manifests' pinned versions. */
  shards?: MergedShard[];
}

export interface ShardRecord {
  index: number;
  count: number;
  /** Every account of the resolved scope, before partitioning (sorted). */
  of: string[];
}

export interface MergedShard {
  runId: string;
  index: number;
  manifest: { key: string; versionId: string; sha256: string; size: number };
}
