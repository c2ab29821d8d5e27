// Result shapes of the history views: diff of two runs, trend over days, as-of run choice.
// The monthly pack (src/history/pack*.ts) and the CLI render these; keep names stable, add fields.
import type { ControlStatus, ResourceCompliance } from '../domain/index.ts';
import type { RunStatus, TargetStatus } from '../domain/index.ts';

/** A run whose manifest signature was verified before it was read. */
export interface VerifiedRun {
  runId: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  /** sha256 of the manifest bytes that verified. */
  manifestSha256: string;
  /** Key id of the signature that verified. */
  keyId: string;
  /** Where the trusted public key came from: --public-key ('pinned') or the store ('store'). */
  keySource: 'pinned' | 'store';
}

// ---------------------------------------------------------------- diff

/**
 * How a control's status change reads, most urgent first (the order diff output uses):
 * - regression: the control is FAIL now and was not (PASS→FAIL, EXCEPTION→FAIL when the exception
 *   lapsed, ERROR→FAIL once evidence is back), or an attestation lapsed (ATTESTED→MANUAL).
 * - coverage-loss: it was judged and now cannot be (→ERROR, →NO_EVIDENCE). Never a fix.
 * - fix: FAIL→PASS on evidence.
 * - accepted: a failure or manual control is now covered by an exception or attestation.
 * - coverage-gain: it could not be judged and now is, with a non-failing status.
 * - other: anything else (ERROR↔NO_EVIDENCE, PASS→EXCEPTION...).
 */
export const CONTROL_CHANGE_KINDS = ['regression', 'coverage-loss', 'fix', 'accepted', 'coverage-gain', 'other'] as const;
export type ControlChangeKind = (typeof CONTROL_CHANGE_KINDS)[number];

export interface ControlChange {
  framework: string;
  control: string;
  kind: ControlChangeKind;
  /** null: the control is absent from that run (catalog changed). */
  from: ControlStatus | null;
  to: ControlStatus | null;
  reasonFrom: string | null;
  reasonTo: string | null;
}

export interface FrameworkDiff {
  id: string;
  name: string;
  /** Version in run B (or A when B lacks the framework). */
  version: string;
  /** In only one run: 'A' or 'B'; both: null. */
  onlyIn: 'A' | 'B' | null;
  byStatusA: Record<ControlStatus, number> | null;
  byStatusB: Record<ControlStatus, number> | null;
  /** Ordered by kind (CONTROL_CHANGE_KINDS order), then control id. */
  changes: ControlChange[];
  counts: Record<ControlChangeKind, number>;
  /** Exceptions that were in date at run A and had expired by run B. */
  expiredExceptions: ExpiredException[];
  /** Attestations that were valid at run A and had expired by run B. */
  expiredAttestations: ExpiredAttestation[];
}

export interface ExpiredException {
  framework: string;
  control: string;
  id: string;
  expires: string;
  approver: string;
  reason: string;
  /** The control's status in run B (an expired exception leaves a FAIL). */
  statusB: ControlStatus;
}

export interface ExpiredAttestation {
  framework: string;
  control: string;
  attester: string;
  date: string;
  validUntil: string;
  statusB: ControlStatus;
}

export type ResourceChangeKind = 'became-non-compliant' | 'became-compliant' | 'changed' | 'added' | 'removed';

export interface ResourceChange {
  kind: ResourceChangeKind;
  resourceType: string;
  resourceId: string;
  /** null for added. */
  from: ResourceCompliance | null;
  /** null for removed. */
  to: ResourceCompliance | null;
}

/** A check target (check, account, region) whose target status or resources changed. */
export interface TargetDiff {
  check: string;
  account: string;
  region: string;
  /** null: the target is absent from that run (scope or catalog changed). */
  statusA: TargetStatus | null;
  statusB: TargetStatus | null;
  reasonA?: string;
  reasonB?: string;
  /**
   * 'lost': judged (PASS/FAIL) in A, not in B (ERROR/NO_EVIDENCE); 'regained': the reverse.
   * Resources are compared only where both runs judged the target: a target that errored does not
   * make its resources "removed".
   */
  coverage: 'lost' | 'regained' | null;
  resources: ResourceChange[];
}

export interface CheckDiff {
  check: string;
  /** Controls (framework/control) that use this check, from the catalog: why a reader cares. */
  controls: { framework: string; control: string }[];
  becameNonCompliant: number;
  becameCompliant: number;
  changed: number;
  added: number;
  removed: number;
  coverageLost: number;
  coverageRegained: number;
  /** Only targets with a change, sorted by account, region. */
  targets: TargetDiff[];
}

export interface RunDiff {
  schema: 'run-diff/v1';
  a: VerifiedRun;
  b: VerifiedRun;
  /** --framework filter, when given. */
  framework: string | null;
  frameworks: FrameworkDiff[];
  /** Checks with any change, sorted by check id (restricted to the framework's checks with --framework). */
  checks: CheckDiff[];
  totals: {
    regressions: number;
    coverageLosses: number;
    fixes: number;
    becameNonCompliant: number;
    becameCompliant: number;
    added: number;
    removed: number;
    targetsCoverageLost: number;
    targetsCoverageRegained: number;
    expiredExceptions: number;
    expiredAttestations: number;
  };
  /** Accounts or regions in only one run's scope. */
  scope: { accountsAdded: string[]; accountsRemoved: string[]; regionsAdded: string[]; regionsRemoved: string[] };
}

// ---------------------------------------------------------------- trend

/**
 * One framework on one day, from the run that counts for that day: the last `complete` run
 * started that day (UTC); when the day has none, the last `partial` one, marked partial.
 * `failed` and interrupted runs never count; they are listed in `skipped`.
 *
 * passRate = PASS / (PASS + FAIL + EXCEPTION + NO_EVIDENCE + ERROR): the share of automated
 * controls that pass on evidence. MANUAL and ATTESTED are excluded (a person, not evidence, decides
 * them); EXCEPTION is an accepted failure and counts as not passing; ERROR and NO_EVIDENCE count
 * as not passing, so a collection failure lowers the rate and never raises it. null when no
 * control is automated.
 */
export interface TrendPoint {
  /** YYYY-MM-DD (UTC) */
  day: string;
  runId: string;
  runStatus: RunStatus;
  partial: boolean;
  byStatus: Record<ControlStatus, number>;
  total: number;
  passRate: number | null;
}

export interface FrameworkTrend {
  id: string;
  /** From the latest counted run's results when read, else the catalog, else the id. */
  name: string;
  version: string;
  /** Days with a counted run, oldest first; days with none are absent (gaps, not zeros). */
  points: TrendPoint[];
}

export interface SkippedRun {
  runId: string;
  day: string;
  status: 'failed' | 'interrupted' | 'incomplete' | 'superseded' | 'unverified';
  reason: string;
}

export interface TrendResult {
  schema: 'trend/v1';
  /** First day included (YYYY-MM-DD, UTC). */
  since: string;
  /** Last instant included (ISO). */
  until: string;
  framework: string | null;
  frameworks: FrameworkTrend[];
  runsRead: number;
  skipped: SkippedRun[];
}

/** The plain series a chart draws (PDF code can use it without parsing SVG). */
export interface TrendSeries {
  framework: string;
  name: string;
  days: string[];
  /** Per day, controls by status (same order as days). */
  byStatus: Record<ControlStatus, number[]>;
  passRate: (number | null)[];
}

// ---------------------------------------------------------------- as-of

export interface AsOfChoice {
  runId: string;
  /** The instant asked for (ISO). */
  asOf: string;
  startedAt: string;
  status: RunStatus;
  /** Newer-than-chosen runs at or before asOf that were passed over, and why. */
  passedOver: { runId: string; reason: string }[];
}
