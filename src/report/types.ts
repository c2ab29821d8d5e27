// The report view model: one per (run, framework). Built by a pure function from the run's
// results (src/report/view-model.ts); every output format renders it and computes nothing.
import type { ControlStatus, ResourceCompliance, VerdictSource } from '../domain/index.ts';
import type { AttestationRecord, ExceptionRecord } from '../domain/index.ts';
import type { AuditManagerComparison } from '../auditmanager/index.ts';
import type { AgreementView } from './agreement.ts';

export type TargetStatus = 'PASS' | 'FAIL' | 'NO_EVIDENCE' | 'ERROR';

// The detail levels live in the domain layer so that option parsing names them without loading renderers.
import { REPORT_DETAILS, type ReportDetail } from '../domain/index.ts';
export { REPORT_DETAILS, type ReportDetail };

export interface ReportViewModel {
  schema: 'report-view/v1';
  /** AWS Config's verdicts against the local evaluators', where both exist (shown with the coverage). */
  agreement?: AgreementView;
  /** ISO timestamp used everywhere a "generated at" is shown; fixed per run so output is byte-stable. */
  generatedAt: string;
  toolVersion: string;
  /** The organization the report is about (config `organization.name`), when configured. */
  organization: { name: string } | null;
  framework: {
    id: string;
    name: string;
    version: string;
    description?: string;
    /** The NIST SP 800-53B baseline the report is limited to: its controls, of the catalog's `of`. */
    baseline?: { id: string; controls: number; of: number };
  };
  /** How deep the report goes; renderers show the detail of a control only where `detailShown` says so. */
  detail: ReportDetail;
  run: {
    runId: string;
    startedAt: string;
    finishedAt: string;
    status: 'complete' | 'partial' | 'failed';
    store: string;
    previousRunId: string | null;
    /** A shard run: only `accounts` of the `of` accounts in scope; not a whole-organization report. */
    shard?: { index: number; count: number; accounts: number; of: number };
    /** A merged run: the shard runs it combines, in shard order. */
    mergedFrom?: string[];
    /** The run's file of every resource verdict, when it has one (the lists here are capped). */
    resourcesKey?: string;
  };
  /** `accountNames`: the name AWS Organizations gives an account, where the run recorded one. */
  scope: { accounts: string[]; regions: string[]; accountNames: Record<string, string> };
  signer: {
    algorithm: string;
    keyId: string;
    /** The certificate of the PDF's embedded PAdES signature, when one is configured. */
    pdfCertificate: CertificateView | null;
  };
  summary: {
    total: number;
    byStatus: Record<ControlStatus, number>;
    /** PASS / (PASS + FAIL), null when no control was judged. */
    passRate: number | null;
    /** Changes since the previous run, when there is one with results for this framework. */
    changes: ChangesView | null;
    /** Exceptions on file for this framework's controls, by state. */
    exceptions: { active: number; expired: number };
    /** Attestations on file for this framework's controls, by state. */
    attestations: { valid: number; expired: number; notYetValid: number };
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
    /** Whether the PDF carries an embedded PAdES signature. */
    pades: boolean;
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
  /** The status the evidence alone gave, when an exception or attestation changed it. */
  evaluatedStatus?: ControlStatus;
  manual: boolean;
  /** What a person must attest, for manual controls. */
  guidance?: string;
  checks: CheckView[];
  /** Whether the report at its detail level shows this control's checks (summary: none; failing: FAIL and ERROR controls). */
  detailShown: boolean;
  /** Exceptions naming this control or its checks, active and expired. */
  exceptions: ExceptionView[];
  /** Attestations on file for this control, the one relied on first. */
  attestations: AttestationView[];
}

export type ExceptionView = ExceptionRecord;
export type AttestationView = AttestationRecord;

export interface CertificateView {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER certificate, hex. */
  sha256: string;
}

export interface ChangesView {
  previousRunId: string;
  previousFinishedAt: string;
  previousPassRate: number | null;
  /** Controls per status now minus in the previous run. */
  byStatusDelta: Record<ControlStatus, number>;
  /** Controls whose status differs from the previous run, in catalog order. */
  changed: { controlId: string; title: string; from: ControlStatus | null; to: ControlStatus }[];
  /** Non-compliant resources (check, account, region, resource) new since the previous run, and no longer non-compliant. */
  newlyFailingResources: number;
  resolvedResources: number;
}

export interface CheckView {
  id: string;
  title: string;
  kind: 'config-rule' | 'api';
  status: TargetStatus;
  /** Why the setting matters to an auditor, when the check's definition gives it (api checks do). */
  rationale?: string;
  /** What to change in AWS to pass, when the check's definition gives it. */
  remediation?: string;
  /** The managed rule's InputParameters the control sets, which the check was judged with. */
  parameters?: Record<string, string>;
  /** Why this check evidences this control (the catalog's rationale for the pair). */
  mappingRationale?: string;
  /** Which public mapping, or this project, pairs the check with the control. */
  mappingSource?: string;
  targets: TargetView[];
  /** The targets grouped by status, reason and evaluator: failing groups first. Every target is in one group. */
  groups: TargetGroup[];
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
  /** Config rule checks: AWS Config's deployed rule judged the resources, or this tool over recorded configuration items. */
  source?: VerdictSource;
  /** With source "configuration-item": the newest capture time of the items judged. */
  capturedAt?: string;
}

/** Targets of one check that share a status, reason and evaluator: one row instead of one per target. */
export interface TargetGroup {
  status: TargetStatus;
  reason?: string;
  source?: VerdictSource;
  /** With source "configuration-item": the newest capture time among the group's targets. */
  capturedAt?: string;
  /** How many account-regions are in the group, and how many the check has in all. */
  size: number;
  of: number;
  /** The group's account-regions by account, in the check's order; the name where the run recorded one. */
  accounts: { account: string; accountName?: string; regions: string[] }[];
  /** Resource verdicts summed over the group. */
  counts: Record<ResourceCompliance, number>;
  evidenceKeys: string[];
}

export interface FailingResource {
  account: string;
  /** The account's name in AWS Organizations, when the run recorded it. */
  accountName?: string;
  region: string;
  resourceType: string;
  resourceId: string;
  /** The resource's name and tags, where the evidence carries them (configuration items do). */
  resourceName?: string;
  tags?: Record<string, string>;
  annotation?: string;
  /** Ids of the active exceptions that cover this resource. */
  exceptionIds?: string[];
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
  /** Per AWS service: how many account-region collections succeeded and failed. */
  services: { service: string; collected: number; failed: number; accounts: string[]; regions: string[] }[];
  /** Every AWS call of the run by outcome (throttled and denied are past the SDK's retries). */
  calls: { total: number; ok: number; retried: number; throttled: number; denied: number; failed: number; notFound: number };
  rulesNotDeployed: { account: string; region: string; sourceIdentifier: string }[];
  controlsWithoutEvidence: { controlId: string; status: ControlStatus; reason: string }[];
  /** Audit Manager assessments of this framework and where they disagree with this run, when supplied. */
  auditManager?: AuditManagerComparison[];
}

export interface EvidenceIndexEntry {
  /** What the object is: a dataset or rule results collected from AWS, or a file people supplied. */
  kind: 'aws' | 'attestation' | 'exceptions';
  key: string;
  versionId: string;
  sha256: string;
  collectedAt: string;
  size: number;
}
