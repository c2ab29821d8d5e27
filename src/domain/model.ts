// Shared domain vocabulary (DESIGN.md "Status vocabulary"). Every module speaks these words.

export const ResourceCompliance = {
  COMPLIANT: 'COMPLIANT',
  NON_COMPLIANT: 'NON_COMPLIANT',
  NOT_APPLICABLE: 'NOT_APPLICABLE',
  INSUFFICIENT_DATA: 'INSUFFICIENT_DATA',
} as const;
export type ResourceCompliance = (typeof ResourceCompliance)[keyof typeof ResourceCompliance];

export const ControlStatus = {
  PASS: 'PASS',
  FAIL: 'FAIL',
  MANUAL: 'MANUAL',
  ATTESTED: 'ATTESTED',
  EXCEPTION: 'EXCEPTION',
  NO_EVIDENCE: 'NO_EVIDENCE',
  ERROR: 'ERROR',
} as const;
export type ControlStatus = (typeof ControlStatus)[keyof typeof ControlStatus];
export const CONTROL_STATUSES: readonly ControlStatus[] = Object.values(ControlStatus);

/** One resource's verdict for one check in one account-region. */
export interface ResourceResult {
  resourceType: string;
  resourceId: string;
  compliance: ResourceCompliance;
  annotation?: string;
  /** When AWS Config captured the configuration item this verdict was computed from (configuration-item source only). */
  capturedAt?: string;
  /** The resource's name and tags, where the evidence carries them (configuration items do). */
  resourceName?: string;
  tags?: Record<string, string>;
}

/** A check's answer for one account-region: a verdict per resource, or why there is none. */
export type CheckOutcome =
  | { kind: 'evaluated'; results: ResourceResult[] }
  | { kind: 'no_evidence'; reason: string }
  | { kind: 'error'; reason: string };

export interface Target {
  account: string;
  region: string;
}

/** What stands in evidence for a secret value (see collect/redact.ts). */
export const REDACTED = '[REDACTED]';

/**
 * How deep a report goes: `summary` (cover, executive summary, each control's status and reason,
 * coverage, verification), `failing` (adds the detail of failing and errored controls), `full`
 * (every check of every control, and the evidence index).
 */
/** The report formats a run can write. */
export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json', 'oscal-ar', 'oscal-poam', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_DETAILS = ['summary', 'failing', 'full'] as const;
export type ReportDetail = (typeof REPORT_DETAILS)[number];
