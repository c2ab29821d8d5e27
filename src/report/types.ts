// The report view model: one per (run, framework). Built by a pure function from the run's
// results (src/report/view-model.ts); every output format renders it and computes nothing.
import type { ControlStatus, ResourceCompliance } from '../model.ts';

export type TargetStatus = 'PASS' | 'FAIL' | 'NO_EVIDENCE' | 'ERROR';

export interface ReportViewModel {
  schema: 'report-view/v1';
  /** ISO timestamp used everywhere a "generated at" is shown; fixed per run so output is byte-stable. */
  generatedAt: string;
  toolVersion: string;
  framework: { id: string; name: string; version: string; description?: string };
  run: {
    runId: string;
    startedAt: string;
    finishedAt: string;
    status: 'complete' | 'partial' | 'failed';
    store: string;
    previousRunId: string | null;
  };
  scope: { accounts: string[]; regions: string[] };
  signer: { algorithm: string; keyId: string };
  summary: {
    total: number;
    byStatus: Record<ControlStatus, number>;
    /** PASS / (PASS + FAIL), null when no control was judged. */
    passRate: number | null;
  };
  /** Every control of the framework in catalog order, manual ones included. */
  controls: ControlView[];
  coverage: CoverageView;
  evidence: EvidenceIndexEntry[];
  verification: {
    manifestKey: string;
    manifestSha256: string;
    manifestSignatureKey: string;
    publicKeyFingerprint: string;
    /** Shell commands an auditor can run, with a one-line label each. */
    commands: { label: string; command: string }[];
  };
}

export interface ControlView {
  id: string;
  title: string;
  description?: string;
  status: ControlStatus;
  /** One sentence saying why the control has this status. */
  statusReason: string;
  manual: boolean;
  /** What a person must attest, for manual controls. */
  guidance?: string;
  checks: CheckView[];
}

export interface CheckView {
  id: string;
  title: string;
  kind: 'config-rule' | 'api';
  status: TargetStatus;
  targets: TargetView[];
  /** Non-compliant resources, capped; the rest are counted in failingResourcesOmitted. */
  failingResources: FailingResource[];
  failingResourcesOmitted: number;
}

export interface TargetView {
  account: string;
  region: string;
  status: TargetStatus;
  counts: Record<ResourceCompliance, number>;
  reason?: string;
  evidenceKeys: string[];
}

export interface FailingResource {
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
  annotation?: string;
}

export interface CoverageView {
  /** One row per (account, region, collector). */
  collections: {
    account: string;
    region: string;
    collector: string;
    status: 'collected' | 'failed' | 'skipped';
    calls: number;
    failedCalls: number;
    reason?: string;
  }[];
  failures: { account: string; region: string; collector: string; operation?: string; reason: string }[];
  rulesNotDeployed: { account: string; region: string; sourceIdentifier: string }[];
  controlsWithoutEvidence: { controlId: string; status: ControlStatus; reason: string }[];
}

export interface EvidenceIndexEntry {
  key: string;
  versionId: string;
  sha256: string;
  collectedAt: string;
  size: number;
}
