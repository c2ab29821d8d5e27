// AWS Audit Manager (restJson1, signing name "auditmanager"): assessments and their evidence
// folders, manual evidence imports (100 per control per simulated UTC day, as the service's quota
// says), and custom controls and frameworks. The facts and what callers changed live in
// auditmanager-facts.ts; request shapes are checked with the shared validators.
import { uuidOf } from '../prng.ts';
import { RestError, intParam, jsonBody, pageOr, routes, type RestRequest, type RestService } from '../rest.ts';
import { UUID_RE, constraint, invalid, list, oneOf, str, tagMap, uuidParam } from '../validators.ts';
import { DAILY_MANUAL_EVIDENCE_QUOTA, MANUAL_EVIDENCE_BATCH_MAX, QUOTA_ERROR_CODE, importKey, type AssessmentFacts, type ManualEvidenceItem, type StoredItem } from './auditmanager-facts.ts';
import type { RequestContext } from './types.ts';

const secs = (ms: number): number => Math.floor(ms / 1000);

const notFound = (id: string, type: string): RestError => new RestError('ResourceNotFoundException', `The resource ${id} of type ${type} can't be found.`, 404, { resourceId: id, resourceType: type });

function findAssessment(ctx: RequestContext, id: string): AssessmentFacts {
  uuidParam(id, 'assessmentId');
  const a = ctx.org.auditmanager.assessments(ctx.account, ctx.region, ctx.day).find((x) => x.id === id);
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

  const state = ctx.org.auditmanager.state;
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
  const all = ctx.org.auditmanager.evidenceFolders(a, s, c, ctx.day);
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
const PRINCIPAL = 'sandbox-auditor';

/** Who made a custom control or framework and when, and its tags (validated here). */
function authorship(body: Record<string, unknown>) {
  const now = secs(Date.now());
  return { createdAt: now, lastUpdatedAt: now, createdBy: PRINCIPAL, lastUpdatedBy: PRINCIPAL, tags: tagMap(body) ?? {} };
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
      sourceId: uuidOf(ctx.org.seed, 'source', name, i, ctx.org.auditmanager.state.controls.size),
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
  const state = ctx.org.auditmanager.state;
  const id = uuidOf(ctx.org.seed, 'custom-control', ctx.account, ctx.region, state.controls.size);
  const control = {
    arn: `arn:aws:auditmanager:${ctx.region}:${ctx.account}:control/${id}`,
    id,
    type: 'Custom',
    name,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    controlSources: [...new Set(sources.map((s) => SOURCE_LABEL[s.sourceType as string]!))].join(', '),
    controlMappingSources: sources,
    ...authorship(body),
    state: 'ACTIVE',
  };
  state.controls.set(id, { account: ctx.account, region: ctx.region, body: control });
  return { body: { control } };
}

function ownControl(ctx: RequestContext, id: string): StoredItem {
  uuidParam(id, 'controlId');
  const c = ctx.org.auditmanager.state.controls.get(id);
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
  const state = ctx.org.auditmanager.state;
  const id = uuidOf(ctx.org.seed, 'custom-framework', ctx.account, ctx.region, state.frameworks.size);
  const framework = {
    arn: `arn:aws:auditmanager:${ctx.region}:${ctx.account}:assessmentFramework/${id}`,
    id,
    name,
    type: 'Custom',
    ...(complianceType !== undefined ? { complianceType } : {}),
    ...(description !== undefined ? { description } : {}),
    controlSets: sets,
    ...authorship(body),
  };
  state.frameworks.set(id, { account: ctx.account, region: ctx.region, body: framework });
  return { body: { framework } };
}

/** The standard frameworks behind the synthetic assessments, as GetAssessmentFramework shows them. */
function standardFrameworks(ctx: RequestContext): Record<string, unknown>[] {
  return ctx.org.auditmanager.assessments(ctx.account, ctx.region, ctx.day).map((a) => ({
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
  return [...ctx.org.auditmanager.state.frameworks.values()].filter((f) => f.account === ctx.account && f.region === ctx.region).map((f) => f.body);
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
        const status = oneOf(Object.fromEntries(req.query), 'status', 'status', ['ACTIVE', 'INACTIVE'] as const) ?? null;
        const max = intParam(req.query.get('maxResults'), 'maxResults', 1, 1000, 1000, invalid);
        const all = ctx.org.auditmanager.assessments(ctx.account, ctx.region, ctx.day).filter((a) => status === null || a.status === status);
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
        const all = type === 'Custom' ? [...ctx.org.auditmanager.state.controls.values()].filter((c) => c.account === ctx.account && c.region === ctx.region).map((c) => c.body) : [];
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
