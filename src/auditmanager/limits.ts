// Audit Manager API limits the push and export respect (API reference; the user guide's quotas).
export const LIMITS = {
  /** BatchImportEvidenceToAssessmentControl: manualEvidence items per call. */
  importBatch: 50,
  /** Manual evidence imports per control per day (UTC); more fail per item until the next day. */
  dailyManualEvidence: 100,
  textResponse: 1000,
  s3ResourcePath: 1024,
  controlName: 300,
  controlDescription: 1000,
  testingInformation: 1000,
  actionPlanTitle: 300,
  actionPlanInstructions: 1000,
  sourceName: 100,
  sourceDescription: 1000,
  troubleshootingText: 1000,
  keywordValue: 100,
  frameworkName: 300,
  frameworkDescription: 1000,
  complianceType: 100,
  controlSetName: 300,
  tagValue: 256,
} as const;

/** A text cut to an API field's limit, recording what was cut (exports say what they truncate). */
export interface Truncation {
  field: string;
  limit: number;
  length: number;
}

const ELLIPSIS = '…';

/** Fits text to `limit` characters, ending with "…" when cut, and notes the cut. */
export function fit(text: string, limit: number, field: string, cuts?: Truncation[]): string {
  const t = text.trim();
  if (t.length <= limit) return t;
  cuts?.push({ field, limit, length: t.length });
  return t.slice(0, limit - ELLIPSIS.length).trimEnd() + ELLIPSIS;
}

/** An s3ResourcePath must match ^(S|s)3://[a-zA-Z0-9-.()'*_!=+@:\s,?/]+$ (API reference). */
export const S3_RESOURCE_PATH_RE = /^(S|s)3:\/\/[a-zA-Z0-9\-.()'*_!=+@:\s,?/]+$/;
/** Source keywords: ^[a-zA-Z_0-9-\s().:/]+$ */
export const KEYWORD_VALUE_RE = /^[a-zA-Z_0-9-\s().:/]+$/;
