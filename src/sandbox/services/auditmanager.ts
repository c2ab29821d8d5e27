// AWS Audit Manager (restJson1, signing name "auditmanager"): the management account's
// assessments in the first region, with control sets whose evidence grows day by day.
import { AwsError } from '../errors.ts';
import { DAY_MS, EPOCH, type OrgModel } from '../org.ts';
import { hexOf, unit } from '../prng.ts';
import { RestError, intParam, pageOr, routes, type RestService } from '../rest.ts';
import type { RequestContext } from './types.ts';

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

const uuid = (...parts: (string | number)[]): string => {
  const h = hexOf(32, ...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

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

export function assessments(org: OrgModel, account: string, region: string, day: number): AssessmentFacts[] {
  if (account !== org.management || region !== org.first) return [];
  return PLANS.map((plan, k) => {
    const id = uuid(org.seed, account, 'assessment', k);
    const fid = uuid(org.seed, 'framework', plan.framework);
    const created = EPOCH - (120 + 30 * k) * DAY_MS;
    // An active assessment collects evidence every day; an inactive one is frozen.
    const days = plan.status === 'ACTIVE' ? Math.max(0, day) + 1 : 0;
    const controlSets = plan.sets.map((set, s) => {
      const controls = set.controls.map((name, c): ControlFacts => {
        const u = unit(org.seed, id, s, c);
        return {
          id: uuid(org.seed, fid, s, c),
          name,
          status: u < 0.4 ? 'REVIEWED' : 'UNDER_REVIEW',
          response: 'AUTOMATE',
          evidenceSources: ['AWS Config', 'AWS CloudTrail', 'AWS API calls'],
          evidenceCount: 50 + Math.floor(u * 400) + days * (3 + Math.floor(u * 20)),
          assessmentReportEvidenceCount: u < 0.4 ? 5 + Math.floor(u * 10) : 0,
        };
      });
      const system = controls.reduce((n, c) => n + c.evidenceCount, 0);
      return { id: set.id, description: `${plan.framework}: ${set.id}`, status: 'ACTIVE' as const, systemEvidenceCount: system, manualEvidenceCount: 2 + s, controls };
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

const invalid = (message: string): AwsError => new AwsError('ValidationException', message, 400);
const secs = (ms: number): number => Math.floor(ms / 1000);

function accountJson(ctx: RequestContext, id: string) {
  const info = ctx.org.accountInfo(id);
  return { id, ...(info ? { emailAddress: info.Email, name: info.Name } : {}) };
}

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
        const id = req.labels.assessmentId!;
        if (!/^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/.test(id)) {
          throw invalid(`1 validation error detected: Value '${id}' at 'assessmentId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$`);
        }
        const a = assessments(ctx.org, ctx.account, ctx.region, ctx.day).find((x) => x.id === id);
        if (!a) throw new RestError('ResourceNotFoundException', `The resource ${id} of type ASSESSMENT can't be found.`, 404, { resourceId: id, resourceType: 'ASSESSMENT' });
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
  ]),
};
