// AWS Audit Manager (restJson1, signing name "auditmanager"): the management account's
// assessments in the first region, with control sets whose evidence grows day by day, evidence
// folders per control and day, manual evidence imports (100 per control per simulated UTC day, as
// the service's quota says), and custom controls and frameworks. What callers create or import is
// kept per sandbox (per OrgModel) in memory; the oracle reads it through auditManagerOracle().
import { AwsError } from '../errors.ts';
import { DAY_MS, EPOCH, type OrgModel } from '../org.ts';
import { hexOf, unit } from '../prng.ts';
import { RestError, intParam, jsonBody, pageOr, routes, type RestRequest, type RestService } from '../rest.ts';
import type { RequestContext } from './types.ts';
import type { AuditManagerAssessment } from '../../domain/index.ts';

export interface ControlFacts {
  id: string;
  name: string;
  status: 'UNDER_REVIEW' | 'REVIEWED';
  response: 'AUTOMATE' | 'MANUAL';
  evidenceSources: string[];
  evidenceCount: number;
  assessmentReportEvidenceCount: number;
}

export interface AssessmentFacts {
  id: string;
  arn: string;
  name: string;
  description: string;
  status: 'ACTIVE' | 'INACTIVE';
  complianceType: string;
  created: number;
  updated: number;
  framework: { id: string; arn: string; name: string; type: 'Standard' | 'Custom'; complianceType: string };
  accounts: string[];
  services: string[];
  reports: string;
  owner: string;
  controlSets: { id: string; description: string; status: 'ACTIVE'; systemEvidenceCount: number; manualEvidenceCount: number; controls: ControlFacts[] }[];
}

/** Manual evidence imports per control per UTC day (Audit Manager's documented quota). */
export const DAILY_MANUAL_EVIDENCE_QUOTA = 100;
/** BatchImportEvidenceToAssessmentControl takes 1 to 50 items a call. */
export const MANUAL_EVIDENCE_BATCH_MAX = 50;
/**
 * The per-item error code the sandbox gives an import past the daily quota. The API models the
 * quota as a per-item error (the operation declares no ServiceQuotaExceededException), with a
 * three-digit code; AWS does not document which code, so the sandbox picks 429 and says why.
 */
export const QUOTA_ERROR_CODE = '429';

const uuid = (...parts: (string | number)[]): string => {
  const h = hexOf(32, ...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const UUID_RE = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

const PLANS = [
  {
    name: 'SOC 2 readiness 2026',
    framework: 'SOC 2',
    complianceType: 'SOC2',
    status: 'ACTIVE' as const,
    services: ['cloudtrail', 'config', 'iam', 's3', 'securityhub'],
    sets: [
      { id: 'CC6 Logical and physical access', controls: ['CC6.1 Logical access security', 'CC6.2 User registration', 'CC6.3 Access removal'] },
      { id: 'CC7 System operations', controls: ['CC7.1 Configuration monitoring', 'CC7.2 Anomaly detection'] },
    ],
  },
  {
    name: 'CIS AWS Foundations v1.4 (2025 review)',
    framework: 'CIS AWS Benchmark v1.4.0',
    complianceType: 'CIS',
    status: 'INACTIVE' as const,
    services: ['cloudtrail', 'iam', 's3'],
    sets: [{ id: 'Identity and Access Management', controls: ['1.5 Root MFA', '1.10 MFA for console users', '1.14 Access keys rotated'] }],
  },
];

// ---- what callers changed: manual evidence, custom controls and frameworks (per sandbox)

interface ManualEvidenceItem {
  s3ResourcePath?: string;
  textResponse?: string;
  evidenceFileName?: string;
}

interface StoredControl {
  account: string;
  region: string;
  body: Record<string, unknown>;
}

interface StoredFramework {
  account: string;
  region: string;
  body: Record<string, unknown>;
}

interface AuditManagerState {
  /** "<assessmentId>/<controlSetId>/<controlId>" → imports, in order, with the simulated day. */
  imports: Map<string, { day: number; evidence: ManualEvidenceItem }[]>;
  /** Items answered with a per-item error, by error code. */
  itemErrors: Record<string, number>;
  controls: Map<string, StoredControl>;
  frameworks: Map<string, StoredFramework>;
}

const STATES = new WeakMap<OrgModel, AuditManagerState>();

function stateOf(org: OrgModel): AuditManagerState {
  let s = STATES.get(org);
  if (!s) {
    s = { imports: new Map(), itemErrors: {}, controls: new Map(), frameworks: new Map() };
    STATES.set(org, s);
  }
  return s;
}

const importKey = (assessmentId: string, controlSetId: string, controlId: string): string => `${assessmentId}/${controlSetId}/${controlId}`;

function importsOf(org: OrgModel, assessmentId: string, controlSetId: string, controlId: string, upToDay: number): { day: number; evidence: ManualEvidenceItem }[] {
  return (stateOf(org).imports.get(importKey(assessmentId, controlSetId, controlId)) ?? []).filter((i) => i.day <= upToDay);
}

/** The oracle's view: manual evidence imported per control and day, per-item errors, what was created. */
export function auditManagerOracle(org: OrgModel): {
  imports: Record<string, { total: number; byDay: Record<string, number>; items: ManualEvidenceItem[] }>;
  itemErrors: Record<string, number>;
  customControls: number;
  customFrameworks: number;
} {
  const s = stateOf(org);
  const imports: Record<string, { total: number; byDay: Record<string, number>; items: ManualEvidenceItem[] }> = {};
  for (const [k, list] of s.imports) {
    const byDay: Record<string, number> = {};
    for (const i of list) byDay[i.day] = (byDay[i.day] ?? 0) + 1;
    imports[k] = { total: list.length, byDay, items: list.map((i) => i.evidence) };
  }
  return { imports, itemErrors: { ...s.itemErrors }, customControls: s.controls.size, customFrameworks: s.frameworks.size };
}

// ---- the synthetic assessments

export function assessments(org: OrgModel, account: string, region: string, day: number): AssessmentFacts[] {
  if (account !== org.management || region !== org.first) return [];
  return PLANS.map((plan, k) => {
    const id = uuid(org.seed, account, 'assessment', k);
    const fid = uuid(org.seed, 'framework', plan.framework);
    const created = EPOCH - (120 + 30 * k) * DAY_MS;
    // An active assessment collects evidence every day; an inactive one is frozen.
    const days = plan.status === 'ACTIVE' ? Math.max(0, day) + 1 : 0;
    const controlSets = plan.sets.map((set, s) => {
      let manual = 0;
      const controls = set.controls.map((name, c): ControlFacts => {
        const u = unit(org.seed, id, s, c);
        const cid = uuid(org.seed, fid, s, c);
        const imported = importsOf(org, id, set.id, cid, day).length;
        manual += imported;
        return {
          id: cid,
          name,
          status: u < 0.4 ? 'REVIEWED' : 'UNDER_REVIEW',
          response: 'AUTOMATE',
          evidenceSources: ['AWS Config', 'AWS CloudTrail', 'AWS API calls'],
          evidenceCount: 50 + Math.floor(u * 400) + days * (3 + Math.floor(u * 20)) + imported,
          assessmentReportEvidenceCount: u < 0.4 ? 5 + Math.floor(u * 10) : 0,
        };
      });
      const system = controls.reduce((n, c) => n + c.evidenceCount, 0) - manual;
      return { id: set.id, description: `${plan.framework}: ${set.id}`, status: 'ACTIVE' as const, systemEvidenceCount: system, manualEvidenceCount: 2 + s + manual, controls };
    });
    return {
      id,
      arn: `arn:aws:auditmanager:${region}:${account}:assessment/${id}`,
      name: plan.name,
      description: `${plan.framework} assessment of the organization`,
      status: plan.status,
      complianceType: plan.complianceType,
      created,
      updated: plan.status === 'ACTIVE' ? EPOCH + Math.max(0, day) * DAY_MS : created + 40 * DAY_MS,
      framework: { id: fid, arn: `arn:aws:auditmanager:${region}:${account}:assessmentFramework/${fid}`, name: plan.framework, type: 'Standard', complianceType: plan.complianceType },
      accounts: plan.status === 'ACTIVE' ? org.accounts : [account],
      services: plan.services,
      reports: `s3://sbx-audit-reports-${account}`,
      owner: `arn:aws:iam::${account}:role/AuditOwner`,
      controlSets,
    };
  });
}

export interface EvidenceFolderFacts {
  id: string;
  name: string;
  date: number;
  dataSource: string;
  author: string;
  totalEvidence: number;
  manual: number;
  complianceChecks: number;
  complianceCheckIssues: number;
}

/**
 * A control's evidence folders: the evidence gathered before the sandbox's first day (dated at
 * the assessment's creation), one Config folder per day the assessment was active, and one
 * manual folder per day something was imported. Folder totals add up to the control's evidenceCount.
 */
export function evidenceFolders(org: OrgModel, a: AssessmentFacts, setIndex: number, controlIndex: number, day: number): EvidenceFolderFacts[] {
  const set = a.controlSets[setIndex]!;
  const control = set.controls[controlIndex]!;
  const u = unit(org.seed, a.id, setIndex, controlIndex);
  const folder = (name: string, date: number, total: number, dataSource: string, manual: number, k: string | number): EvidenceFolderFacts => {
    // Some controls keep finding issues; the rest find none: a stable picture to compare with.
    const issues = dataSource === 'AWS Config' && u >= 0.5 ? Math.max(1, Math.floor(total * (u - 0.4))) : 0;
    return {
      id: uuid(org.seed, a.id, setIndex, controlIndex, 'folder', k),
      name,
      date,
      dataSource,
      author: dataSource === 'Manual' ? `arn:aws:iam::${org.management}:user/sandbox-auditor` : 'AWS Audit Manager',
      totalEvidence: total,
      manual,
      complianceChecks: dataSource === 'AWS Config' ? total : 0,
      complianceCheckIssues: issues,
    };
  };
  const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  const out = [folder(ymd(a.created), a.created, 50 + Math.floor(u * 400), 'AWS Config', 0, 'initial')];
  const days = a.status === 'ACTIVE' ? Math.max(0, day) + 1 : 0;
  for (let d = 0; d < days; d += 1) out.push(folder(ymd(EPOCH + d * DAY_MS), EPOCH + d * DAY_MS, 3 + Math.floor(u * 20), 'AWS Config', 0, d));
  const byDay = new Map<number, number>();
  for (const i of importsOf(org, a.id, set.id, control.id, day)) byDay.set(i.day, (byDay.get(i.day) ?? 0) + 1);
  for (const [d, n] of [...byDay].sort((x, y) => x[0] - y[0])) out.push(folder(ymd(EPOCH + d * DAY_MS), EPOCH + d * DAY_MS, n, 'Manual', n, `manual-${d}`));
  return out;
}

/** The dataset the auditmanager-assessments collector must store for an account-region and day. */
export function assessmentsDataset(org: OrgModel, account: string, region: string, day: number): { assessments: AuditManagerAssessment[] } {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    assessments: assessments(org, account, region, day).map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      complianceType: a.complianceType,
      creationTime: iso(a.created),
      lastUpdated: iso(a.updated),
      framework: { id: a.framework.id, name: a.framework.name },
      scope: { awsAccounts: a.accounts, awsServices: a.services },
      controlSets: a.controlSets.map((s, si) => ({
        id: s.id,
        status: s.status,
        systemEvidenceCount: s.systemEvidenceCount,
        manualEvidenceCount: s.manualEvidenceCount,
        controls: s.controls.map((c, ci) => ({
          id: c.id,
          name: c.name,
          status: c.status,
          response: c.response,
          evidenceCount: c.evidenceCount,
          assessmentReportEvidenceCount: c.assessmentReportEvidenceCount,
          evidenceFolders: folderSummary(evidenceFolders(org, a, si, ci, day)),
        })),
      })),
    })),
  };
}

/** Per control: what its evidence folders hold (the collector computes the same from the API). */
export function folderSummary(folders: { date: number; totalEvidence: number; manual: number; complianceChecks: number; complianceCheckIssues: number }[]): AuditManagerAssessment['controlSets'][number]['controls'][number]['evidenceFolders'] {
  const latest = folders.reduce((m, f) => Math.max(m, f.date), -Infinity);
  const onLatest = folders.filter((f) => f.date === latest);
  return {
    folders: folders.length,
    totalEvidence: folders.reduce((n, f) => n + f.totalEvidence, 0),
    manualEvidence: folders.reduce((n, f) => n + f.manual, 0),
    ...(folders.length > 0 ? { latestDate: new Date(latest).toISOString().slice(0, 10) } : {}),
    latestComplianceChecks: onLatest.reduce((n, f) => n + f.complianceChecks, 0),
    latestComplianceCheckIssues: onLatest.reduce((n, f) => n + f.complianceCheckIssues, 0),
  };
}

// ---- validation in AWS's words

const invalid = (message: string): AwsError => new AwsError('ValidationException', message, 400);
const constraint = (value: unknown, field: string, what: string): AwsError =>
  invalid(`1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${what}`);
const secs = (ms: number): number => Math.floor(ms / 1000);

function uuidParam(v: string, field: string): string {
  if (!UUID_RE.test(v)) throw constraint(v, field, `Member must satisfy regular expression pattern: ${UUID_RE.source}`);
  return v;
}

function str(body: Record<string, unknown>, field: string, path: string, o: { min?: number; max: number; required?: boolean; pattern?: RegExp }): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (o.required) throw constraint(null, path, 'Member must not be null');
    return undefined;
  }
  if (typeof v !== 'string') throw new AwsError('SerializationException', `${path} must be a string`);
  if (v.length < (o.min ?? 0)) throw constraint(v, path, `Member must have length greater than or equal to ${o.min}`);
  if (v.length > o.max) throw constraint(v, path, `Member must have length less than or equal to ${o.max}`);
  if (o.pattern && !o.pattern.test(v)) throw constraint(v, path, `Member must satisfy regular expression pattern: ${o.pattern.source}`);
  return v;
}

function oneOf<T extends string>(body: Record<string, unknown>, field: string, path: string, values: readonly T[], required = false): T | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw constraint(null, path, 'Member must not be null');
    return undefined;
  }
  if (!values.includes(v as T)) throw constraint(v, path, `Member must satisfy enum value set: [${values.join(', ')}]`);
  return v as T;
}

function list(body: Record<string, unknown>, field: string, path: string, min: number, max: number): Record<string, unknown>[] {
  const v = body[field];
  if (v === undefined || v === null) throw constraint(null, path, 'Member must not be null');
  if (!Array.isArray(v)) throw new AwsError('SerializationException', `${path} must be a list`);
  if (v.length < min) throw constraint(v, path, `Member must have length greater than or equal to ${min}`);
  if (v.length > max) throw constraint(`[${v.length} items]`, path, `Member must have length less than or equal to ${max}`);
  return v.map((x, i) => {
    if (!x || typeof x !== 'object' || Array.isArray(x)) throw new AwsError('SerializationException', `${path}.${i + 1} must be an object`);
    return x as Record<string, unknown>;
  });
}

const notFound = (id: string, type: string): RestError => new RestError('ResourceNotFoundException', `The resource ${id} of type ${type} can't be found.`, 404, { resourceId: id, resourceType: type });

function findAssessment(ctx: RequestContext, id: string): AssessmentFacts {
  uuidParam(id, 'assessmentId');
  const a = assessments(ctx.org, ctx.account, ctx.region, ctx.day).find((x) => x.id === id);
  if (!a) throw notFound(id, 'ASSESSMENT');
  return a;
}

function findControl(a: AssessmentFacts, controlSetId: string, controlId: string): { s: number; c: number } {
  const s = a.controlSets.findIndex((x) => x.id === controlSetId);
  if (s < 0) throw notFound(controlSetId, 'CONTROL_SET');
  const c = a.controlSets[s]!.controls.findIndex((x) => x.id === controlId);
  if (c < 0) throw notFound(controlId, 'CONTROL');
  return { s, c };
}

function accountJson(ctx: RequestContext, id: string) {
  const info = ctx.org.accountInfo(id);
  return { id, ...(info ? { emailAddress: info.Email, name: info.Name } : {}) };
}

// ---- manual evidence

const S3_URL_RE = /^(S|s)3:\/\/[a-zA-Z0-9\-.()'*_!=+@:\s,?/]+$/;

function batchImport(req: RestRequest, ctx: RequestContext) {
  const { assessmentId, controlSetId, controlId } = req.labels as { assessmentId: string; controlSetId: string; controlId: string };
  uuidParam(controlId, 'controlId');
  if (controlSetId.length > 300) throw constraint(controlSetId, 'controlSetId', 'Member must have length less than or equal to 300');
  const items = list(jsonBody(req), 'manualEvidence', 'manualEvidence', 1, MANUAL_EVIDENCE_BATCH_MAX);
  const evidence = items.map((item, i) => {
    const path = `manualEvidence.${i + 1}.member`;
    return {
      s3ResourcePath: str(item, 's3ResourcePath', `${path}.s3ResourcePath`, { min: 1, max: 1024, pattern: S3_URL_RE }),
      textResponse: str(item, 'textResponse', `${path}.textResponse`, { min: 1, max: 1000 }),
      evidenceFileName: str(item, 'evidenceFileName', `${path}.evidenceFileName`, { min: 1, max: 300, pattern: /^[^/]*$/ }),
    };
  });
  const a = findAssessment(ctx, assessmentId);
  findControl(a, controlSetId, controlId);
  if (a.status !== 'ACTIVE') throw invalid(`The assessment ${a.id} is inactive: manual evidence can't be added to it.`);

  const state = stateOf(ctx.org);
  const key = importKey(a.id, controlSetId, controlId);
  const stored = state.imports.get(key) ?? [];
  state.imports.set(key, stored);
  let today = stored.filter((i) => i.day === ctx.day).length;
  const errors: { manualEvidence: ManualEvidenceItem; errorCode: string; errorMessage: string }[] = [];
  const fail = (e: ManualEvidenceItem, errorCode: string, errorMessage: string): void => {
    errors.push({ manualEvidence: e, errorCode, errorMessage });
    state.itemErrors[errorCode] = (state.itemErrors[errorCode] ?? 0) + 1;
  };
  for (const raw of evidence) {
    const e = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as ManualEvidenceItem;
    const kinds = Object.keys(e).length;
    if (kinds !== 1) fail(e, '400', 'A manual evidence item must have exactly one of evidenceFileName, s3ResourcePath or textResponse.');
    else if (e.evidenceFileName !== undefined) fail(e, '404', `No evidence file named ${e.evidenceFileName} was uploaded (get an upload URL with GetEvidenceFileUploadUrl first).`);
    else if (today >= DAILY_MANUAL_EVIDENCE_QUOTA) {
      fail(e, QUOTA_ERROR_CODE, `Daily quota reached: ${DAILY_MANUAL_EVIDENCE_QUOTA} manual evidence imports per control per day. Import the rest tomorrow.`);
    } else {
      stored.push({ day: ctx.day, evidence: e });
      today += 1;
    }
  }
  return { body: { errors } };
}

function foldersByControl(req: RestRequest, ctx: RequestContext) {
  const { assessmentId, controlSetId, controlId } = req.labels as { assessmentId: string; controlSetId: string; controlId: string };
  uuidParam(controlId, 'controlId');
  const max = intParam(req.query.get('maxResults'), 'maxResults', 1, 1000, 1000, invalid);
  const a = findAssessment(ctx, assessmentId);
  const { s, c } = findControl(a, controlSetId, controlId);
  const all = evidenceFolders(ctx.org, a, s, c, ctx.day);
  const p = pageOr(all, req.query.get('nextToken') ?? undefined, `GetEvidenceFoldersByAssessmentControl/${a.id}/${controlSetId}/${controlId}/${max}`, max, invalid);
  const control = a.controlSets[s]!.controls[c]!;
  return {
    body: {
      evidenceFolders: p.items.map((f) => ({
        name: f.name,
        date: secs(f.date),
        assessmentId: a.id,
        controlSetId,
        controlId,
        id: f.id,
        dataSource: f.dataSource,
        author: f.author,
        totalEvidence: f.totalEvidence,
        assessmentReportSelectionCount: 0,
        controlName: control.name,
        evidenceResourcesIncludedCount: f.totalEvidence - f.manual,
        evidenceByTypeConfigurationDataCount: 0,
        evidenceByTypeManualCount: f.manual,
        evidenceByTypeComplianceCheckCount: f.complianceChecks,
        evidenceByTypeComplianceCheckIssuesCount: f.complianceCheckIssues,
        evidenceByTypeUserActivityCount: 0,
        evidenceAwsServiceSourceCount: f.dataSource === 'Manual' ? 0 : 1,
      })),
      ...(p.next ? { nextToken: p.next } : {}),
    },
  };
}

// ---- custom controls and frameworks

const SOURCE_TYPES = ['AWS_Cloudtrail', 'AWS_Config', 'AWS_Security_Hub', 'AWS_API_Call', 'MANUAL', 'Common_Control', 'Core_Control'] as const;
const SOURCE_LABEL: Record<string, string> = {
  AWS_Cloudtrail: 'AWS CloudTrail',
  AWS_Config: 'AWS Config',
  AWS_Security_Hub: 'AWS Security Hub',
  AWS_API_Call: 'AWS API calls',
  MANUAL: 'Manual',
  Common_Control: 'Common control',
  Core_Control: 'Core control',
};
const KEYWORD_RE = /^[a-zA-Z_0-9-\s().:/]+$/;
const TAG_KEY_RE = /^(?!aws:)[a-zA-Z+-=._:/]+$/;
const PRINCIPAL = 'sandbox-auditor';

function tagsOf(body: Record<string, unknown>): Record<string, string> | undefined {
  const t = body.tags;
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'object' || Array.isArray(t)) throw new AwsError('SerializationException', 'tags must be a map');
  const entries = Object.entries(t as Record<string, unknown>);
  if (entries.length > 50) throw constraint(`{${entries.length} entries}`, 'tags', 'Member must have length less than or equal to 50');
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || !TAG_KEY_RE.test(k)) throw constraint(k, 'tags', `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${TAG_KEY_RE.source}]`);
    if (typeof v !== 'string' || v.length > 256) throw constraint(v, `tags.${k}`, 'Member must have length less than or equal to 256');
  }
  return t as Record<string, string>;
}

function createControl(req: RestRequest, ctx: RequestContext) {
  const body = jsonBody(req);
  const name = str(body, 'name', 'name', { min: 1, max: 300, required: true, pattern: /^[^\\]*$/ })!;
  const fields = {
    description: str(body, 'description', 'description', { max: 1000 }),
    testingInformation: str(body, 'testingInformation', 'testingInformation', { max: 1000 }),
    actionPlanTitle: str(body, 'actionPlanTitle', 'actionPlanTitle', { max: 300 }),
    actionPlanInstructions: str(body, 'actionPlanInstructions', 'actionPlanInstructions', { max: 1000 }),
  };
  const sources = list(body, 'controlMappingSources', 'controlMappingSources', 1, 100).map((m, i) => {
    const path = `controlMappingSources.${i + 1}.member`;
    const sourceType = oneOf(m, 'sourceType', `${path}.sourceType`, SOURCE_TYPES, true)!;
    const setUp = oneOf(m, 'sourceSetUpOption', `${path}.sourceSetUpOption`, ['System_Controls_Mapping', 'Procedural_Controls_Mapping'] as const);
    const kw = m.sourceKeyword as Record<string, unknown> | undefined;
    const keyword = kw
      ? {
          keywordInputType: oneOf(kw, 'keywordInputType', `${path}.sourceKeyword.keywordInputType`, ['SELECT_FROM_LIST', 'UPLOAD_FILE', 'INPUT_TEXT'] as const, true)!,
          keywordValue: str(kw, 'keywordValue', `${path}.sourceKeyword.keywordValue`, { min: 1, max: 100, required: true, pattern: KEYWORD_RE })!,
        }
      : undefined;
    if (sourceType !== 'MANUAL' && keyword?.keywordInputType !== 'SELECT_FROM_LIST') {
      throw invalid(`${path}: a ${sourceType} data source needs a sourceKeyword with keywordInputType SELECT_FROM_LIST and the keyword to collect evidence for.`);
    }
    if (sourceType === 'MANUAL' && keyword?.keywordInputType === 'SELECT_FROM_LIST') throw invalid(`${path}: a MANUAL data source takes an UPLOAD_FILE or INPUT_TEXT keyword, not SELECT_FROM_LIST.`);
    const out = {
      sourceId: uuid(ctx.org.seed, 'source', name, i, stateOf(ctx.org).controls.size),
      sourceName: str(m, 'sourceName', `${path}.sourceName`, { min: 1, max: 100, required: true })!,
      sourceDescription: str(m, 'sourceDescription', `${path}.sourceDescription`, { max: 1000 }),
      sourceSetUpOption: setUp ?? (sourceType === 'MANUAL' ? 'Procedural_Controls_Mapping' : 'System_Controls_Mapping'),
      sourceType,
      sourceKeyword: keyword,
      sourceFrequency: oneOf(m, 'sourceFrequency', `${path}.sourceFrequency`, ['DAILY', 'WEEKLY', 'MONTHLY'] as const),
      troubleshootingText: str(m, 'troubleshootingText', `${path}.troubleshootingText`, { max: 1000 }),
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  });
  const tags = tagsOf(body);
  const state = stateOf(ctx.org);
  const id = uuid(ctx.org.seed, 'custom-control', ctx.account, ctx.region, state.controls.size);
  const now = secs(Date.now());
  const control = {
    arn: `arn:aws:auditmanager:${ctx.region}:${ctx.account}:control/${id}`,
    id,
    type: 'Custom',
    name,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    controlSources: [...new Set(sources.map((s) => SOURCE_LABEL[s.sourceType as string]!))].join(', '),
    controlMappingSources: sources,
    createdAt: now,
    lastUpdatedAt: now,
    createdBy: PRINCIPAL,
    lastUpdatedBy: PRINCIPAL,
    tags: tags ?? {},
    state: 'ACTIVE',
  };
  state.controls.set(id, { account: ctx.account, region: ctx.region, body: control });
  return { body: { control } };
}

function ownControl(ctx: RequestContext, id: string): StoredControl {
  uuidParam(id, 'controlId');
  const c = stateOf(ctx.org).controls.get(id);
  if (!c || c.account !== ctx.account || c.region !== ctx.region) throw notFound(id, 'CONTROL');
  return c;
}

function createFramework(req: RestRequest, ctx: RequestContext) {
  const body = jsonBody(req);
  const name = str(body, 'name', 'name', { min: 1, max: 300, required: true, pattern: /^[^\\]*$/ })!;
  const description = str(body, 'description', 'description', { min: 1, max: 1000 });
  const complianceType = str(body, 'complianceType', 'complianceType', { max: 100 });
  const sets = list(body, 'controlSets', 'controlSets', 1, Number.MAX_SAFE_INTEGER).map((s, i) => {
    const path = `controlSets.${i + 1}.member`;
    const setName = str(s, 'name', `${path}.name`, { min: 1, max: 300, required: true, pattern: /^[^\\_]*$/ })!;
    const controls = list(s, 'controls', `${path}.controls`, 1, Number.MAX_SAFE_INTEGER).map((c, j) => {
      const id = str(c, 'id', `${path}.controls.${j + 1}.member.id`, { min: 36, max: 36, required: true, pattern: UUID_RE })!;
      return ownControl(ctx, id).body;
    });
    return { id: setName, name: setName, controls };
  });
  if (new Set(sets.map((s) => s.name)).size !== sets.length) throw invalid('Control set names must be unique within a framework.');
  const tags = tagsOf(body);
  const state = stateOf(ctx.org);
  const id = uuid(ctx.org.seed, 'custom-framework', ctx.account, ctx.region, state.frameworks.size);
  const now = secs(Date.now());
  const framework = {
    arn: `arn:aws:auditmanager:${ctx.region}:${ctx.account}:assessmentFramework/${id}`,
    id,
    name,
    type: 'Custom',
    ...(complianceType !== undefined ? { complianceType } : {}),
    ...(description !== undefined ? { description } : {}),
    controlSets: sets,
    createdAt: now,
    lastUpdatedAt: now,
    createdBy: PRINCIPAL,
    lastUpdatedBy: PRINCIPAL,
    tags: tags ?? {},
  };
  state.frameworks.set(id, { account: ctx.account, region: ctx.region, body: framework });
  return { body: { framework } };
}

/** The standard frameworks behind the synthetic assessments, as GetAssessmentFramework shows them. */
function standardFrameworks(ctx: RequestContext): Record<string, unknown>[] {
  return assessments(ctx.org, ctx.account, ctx.region, ctx.day).map((a) => ({
    arn: a.framework.arn,
    id: a.framework.id,
    name: a.framework.name,
    type: 'Standard',
    complianceType: a.framework.complianceType,
    description: `${a.framework.name} framework`,
    controlSets: a.controlSets.map((s) => ({ id: s.id, name: s.id, controls: s.controls.map((c) => ({ id: c.id, name: c.name, type: 'Standard', controlSources: c.evidenceSources.join(', ') })) })),
    createdAt: secs(a.created),
    lastUpdatedAt: secs(a.created),
    createdBy: 'AWS',
    lastUpdatedBy: 'AWS',
    tags: {},
  }));
}

function frameworksOf(ctx: RequestContext, type: 'Standard' | 'Custom'): Record<string, unknown>[] {
  if (type === 'Standard') return standardFrameworks(ctx);
  return [...stateOf(ctx.org).frameworks.values()].filter((f) => f.account === ctx.account && f.region === ctx.region).map((f) => f.body);
}

// ---- the service

export const auditManagerService: RestService = {
  name: 'auditmanager',
  protocol: 'restJson1',
  match: routes([
    [
      'GET',
      '/assessments',
      'ListAssessments',
      (req, ctx) => {
        const status = req.query.get('status');
        if (status !== null && status !== 'ACTIVE' && status !== 'INACTIVE') throw invalid(`1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]`);
        const max = intParam(req.query.get('maxResults'), 'maxResults', 1, 1000, 1000, invalid);
        const all = assessments(ctx.org, ctx.account, ctx.region, ctx.day).filter((a) => status === null || a.status === status);
        const p = pageOr(all, req.query.get('nextToken') ?? undefined, `ListAssessments/${ctx.account}/${ctx.region}/${status ?? '*'}/${max}`, max, invalid);
        return {
          body: {
            assessmentMetadata: p.items.map((a) => ({
              name: a.name,
              id: a.id,
              complianceType: a.complianceType,
              status: a.status,
              roles: [{ roleType: 'PROCESS_OWNER', roleArn: a.owner }],
              delegations: [],
              creationTime: secs(a.created),
              lastUpdated: secs(a.updated),
            })),
            ...(p.next ? { nextToken: p.next } : {}),
          },
        };
      },
    ],
    [
      'GET',
      '/assessments/{assessmentId}',
      'GetAssessment',
      (req, ctx) => {
        const a = findAssessment(ctx, req.labels.assessmentId!);
        const role = { roleType: 'PROCESS_OWNER', roleArn: a.owner };
        return {
          body: {
            assessment: {
              arn: a.arn,
              awsAccount: accountJson(ctx, ctx.account),
              metadata: {
                name: a.name,
                id: a.id,
                description: a.description,
                complianceType: a.complianceType,
                status: a.status,
                assessmentReportsDestination: { destinationType: 'S3', destination: a.reports },
                scope: { awsAccounts: a.accounts.map((x) => accountJson(ctx, x)), awsServices: a.services.map((serviceName) => ({ serviceName })) },
                roles: [role],
                delegations: [],
                creationTime: secs(a.created),
                lastUpdated: secs(a.updated),
              },
              framework: {
                id: a.framework.id,
                arn: a.framework.arn,
                metadata: { name: a.framework.name, description: `${a.framework.name} framework`, complianceType: a.framework.complianceType },
                controlSets: a.controlSets.map((s) => ({
                  id: s.id,
                  description: s.description,
                  status: s.status,
                  roles: [role],
                  controls: s.controls.map((c) => ({ ...c, description: c.name, comments: [] })),
                  delegations: [],
                  systemEvidenceCount: s.systemEvidenceCount,
                  manualEvidenceCount: s.manualEvidenceCount,
                })),
              },
              tags: {},
            },
            userRole: role,
          },
        };
      },
    ],
    ['POST', '/assessments/{assessmentId}/controlSets/{controlSetId}/controls/{controlId}/evidence', 'BatchImportEvidenceToAssessmentControl', batchImport],
    ['GET', '/assessments/{assessmentId}/evidenceFolders-by-assessment-control/{controlSetId}/{controlId}', 'GetEvidenceFoldersByAssessmentControl', foldersByControl],
    ['POST', '/controls', 'CreateControl', createControl],
    ['GET', '/controls/{controlId}', 'GetControl', (req, ctx) => ({ body: { control: ownControl(ctx, req.labels.controlId!).body } })],
    [
      'GET',
      '/controls',
      'ListControls',
      (req, ctx) => {
        const type = oneOf(Object.fromEntries(req.query), 'controlType', 'controlType', ['Standard', 'Custom', 'Core'] as const, true)!;
        const max = intParam(req.query.get('maxResults'), 'maxResults', 1, 100, 100, invalid);
        const all = type === 'Custom' ? [...stateOf(ctx.org).controls.values()].filter((c) => c.account === ctx.account && c.region === ctx.region).map((c) => c.body) : [];
        const p = pageOr(all, req.query.get('nextToken') ?? undefined, `ListControls/${ctx.account}/${ctx.region}/${type}/${max}`, max, invalid);
        return {
          body: {
            controlMetadataList: p.items.map((c) => ({ arn: c.arn, id: c.id, name: c.name, controlSources: c.controlSources, createdAt: c.createdAt, lastUpdatedAt: c.lastUpdatedAt })),
            ...(p.next ? { nextToken: p.next } : {}),
          },
        };
      },
    ],
    ['POST', '/assessmentFrameworks', 'CreateAssessmentFramework', createFramework],
    [
      'GET',
      '/assessmentFrameworks/{frameworkId}',
      'GetAssessmentFramework',
      (req, ctx) => {
        const id = uuidParam(req.labels.frameworkId!, 'frameworkId');
        const f = [...frameworksOf(ctx, 'Custom'), ...frameworksOf(ctx, 'Standard')].find((x) => x.id === id);
        if (!f) throw notFound(id, 'ASSESSMENT_FRAMEWORK');
        return { body: { framework: f } };
      },
    ],
    [
      'GET',
      '/assessmentFrameworks',
      'ListAssessmentFrameworks',
      (req, ctx) => {
        const type = oneOf(Object.fromEntries(req.query), 'frameworkType', 'frameworkType', ['Standard', 'Custom'] as const, true)!;
        const max = intParam(req.query.get('maxResults'), 'maxResults', 1, 1000, 1000, invalid);
        const p = pageOr(frameworksOf(ctx, type), req.query.get('nextToken') ?? undefined, `ListAssessmentFrameworks/${ctx.account}/${ctx.region}/${type}/${max}`, max, invalid);
        return {
          body: {
            frameworkMetadataList: p.items.map((f) => {
              const sets = f.controlSets as { controls: unknown[] }[];
              return {
                arn: f.arn,
                id: f.id,
                type: f.type,
                name: f.name,
                ...(f.description !== undefined ? { description: f.description } : {}),
                ...(f.complianceType !== undefined ? { complianceType: f.complianceType } : {}),
                controlsCount: sets.reduce((n, s) => n + s.controls.length, 0),
                controlSetsCount: sets.length,
                createdAt: f.createdAt,
                lastUpdatedAt: f.lastUpdatedAt,
              };
            }),
            ...(p.next ? { nextToken: p.next } : {}),
          },
        };
      },
    ],
  ]),
};
