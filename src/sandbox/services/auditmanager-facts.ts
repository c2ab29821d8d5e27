// AWS Audit Manager's facts: the management account's assessments in the first region, with
// control sets whose evidence grows day by day, and evidence folders per control and day. What
// callers import or create (manual evidence, custom controls and frameworks) is kept here too,
// per organization, in memory: the assessments count the imports, and the oracle reads it all.
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import { unit, uuidOf } from '../prng.ts';
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

// ---- what callers changed: manual evidence, custom controls and frameworks

export interface ManualEvidenceItem {
  s3ResourcePath?: string;
  textResponse?: string;
  evidenceFileName?: string;
}

/** A custom control or framework, as its Get operation answers, with where it was made. */
export interface StoredItem {
  account: string;
  region: string;
  body: Record<string, unknown>;
}

export interface AuditManagerState {
  /** "<assessmentId>/<controlSetId>/<controlId>" → imports, in order, with the simulated day. */
  imports: Map<string, { day: number; evidence: ManualEvidenceItem }[]>;
  /** Items answered with a per-item error, by error code. */
  itemErrors: Record<string, number>;
  controls: Map<string, StoredItem>;
  frameworks: Map<string, StoredItem>;
}

export const importKey = (assessmentId: string, controlSetId: string, controlId: string): string => `${assessmentId}/${controlSetId}/${controlId}`;

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

export class AuditManagerFacts {
  /** What callers imported and created in this organization (kept in memory, per sandbox). */
  readonly state: AuditManagerState = { imports: new Map(), itemErrors: {}, controls: new Map(), frameworks: new Map() };

  constructor(private readonly org: OrgModel) {}

  /** Imports into a control up to a day. */
  importsOf(assessmentId: string, controlSetId: string, controlId: string, upToDay: number): { day: number; evidence: ManualEvidenceItem }[] {
    return (this.state.imports.get(importKey(assessmentId, controlSetId, controlId)) ?? []).filter((i) => i.day <= upToDay);
  }

  /** The oracle's view: manual evidence imported per control and day, per-item errors, what was created. */
  oracle(): {
    imports: Record<string, { total: number; byDay: Record<string, number>; items: ManualEvidenceItem[] }>;
    itemErrors: Record<string, number>;
    customControls: number;
    customFrameworks: number;
  } {
    const s = this.state;
    const imports: Record<string, { total: number; byDay: Record<string, number>; items: ManualEvidenceItem[] }> = {};
    for (const [k, list] of s.imports) {
      const byDay: Record<string, number> = {};
      for (const i of list) byDay[i.day] = (byDay[i.day] ?? 0) + 1;
      imports[k] = { total: list.length, byDay, items: list.map((i) => i.evidence) };
    }
    return { imports, itemErrors: { ...s.itemErrors }, customControls: s.controls.size, customFrameworks: s.frameworks.size };
  }

  assessments(account: string, region: string, day: number): AssessmentFacts[] {
    const org = this.org;
    if (account !== org.management || region !== org.first) return [];
    return PLANS.map((plan, k) => {
      const id = uuidOf(org.seed, account, 'assessment', k);
      const fid = uuidOf(org.seed, 'framework', plan.framework);
      const created = EPOCH - (120 + 30 * k) * DAY_MS;
      // An active assessment collects evidence every day; an inactive one is frozen.
      const days = plan.status === 'ACTIVE' ? Math.max(0, day) + 1 : 0;
      const controlSets = plan.sets.map((set, s) => {
        let manual = 0;
        const controls = set.controls.map((name, c): ControlFacts => {
          const u = unit(org.seed, id, s, c);
          const cid = uuidOf(org.seed, fid, s, c);
          const imported = this.importsOf(id, set.id, cid, day).length;
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

  /**
   * A control's evidence folders: the evidence gathered before the sandbox's first day (dated at
   * the assessment's creation), one Config folder per day the assessment was active, and one
   * manual folder per day something was imported. Folder totals add up to the control's evidenceCount.
   */
  evidenceFolders(a: AssessmentFacts, setIndex: number, controlIndex: number, day: number): EvidenceFolderFacts[] {
    const org = this.org;
    const set = a.controlSets[setIndex]!;
    const control = set.controls[controlIndex]!;
    const u = unit(org.seed, a.id, setIndex, controlIndex);
    const folder = (name: string, date: number, total: number, dataSource: string, manual: number, k: string | number): EvidenceFolderFacts => {
      // Some controls keep finding issues; the rest find none: a stable picture to compare with.
      const issues = dataSource === 'AWS Config' && u >= 0.5 ? Math.max(1, Math.floor(total * (u - 0.4))) : 0;
      return {
        id: uuidOf(org.seed, a.id, setIndex, controlIndex, 'folder', k),
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
    for (const i of this.importsOf(a.id, set.id, control.id, day)) byDay.set(i.day, (byDay.get(i.day) ?? 0) + 1);
    for (const [d, n] of [...byDay].sort((x, y) => x[0] - y[0])) out.push(folder(ymd(EPOCH + d * DAY_MS), EPOCH + d * DAY_MS, n, 'Manual', n, `manual-${d}`));
    return out;
  }

  /** The dataset the auditmanager-assessments collector must store for an account-region and day. */
  assessmentsDataset(account: string, region: string, day: number): { assessments: AuditManagerAssessment[] } {
    const iso = (ms: number): string => new Date(ms).toISOString();
    return {
      assessments: this.assessments(account, region, day).map((a) => ({
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
            evidenceFolders: folderSummary(this.evidenceFolders(a, si, ci, day)),
          })),
        })),
      })),
    };
  }
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
