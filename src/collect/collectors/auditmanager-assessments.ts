import { GetAssessmentCommand, GetEvidenceFoldersByAssessmentControlCommand, ListAssessmentsCommand, type AssessmentEvidenceFolder } from '@aws-sdk/client-auditmanager';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { isoTime, pick } from '../absent.ts';
import type { AuditManagerAssessment } from '../../domain/index.ts';

/**
 * Audit Manager assessments with their scope and, per control, how much evidence has been
 * gathered (the control's counts, and a summary of its evidence folders: manual evidence, and the
 * newest day's compliance checks and the issues they found): proof that the assessment is
 * running, not the evidence itself (account e-mail addresses and reviewers' comments stay out).
 */
export const auditmanagerAssessments = defineCollector({
  id: 'auditmanager-assessments',
  service: 'auditmanager',
  scope: 'region',
  permissions: ['auditmanager:ListAssessments', 'auditmanager:GetAssessment', 'auditmanager:GetEvidenceFoldersByAssessmentControl'],
  schemaVersion: 2,
  async collect({ target, clients, runner, requests }) {
    const client = clients.auditmanager(target.region);
    const listed = await allPages(runner, requests, {
      service: 'auditmanager',
      command: ListAssessmentsCommand,
      send: (c: ListAssessmentsCommand) => client.send(c),
      input: {},
      token: { request: 'nextToken', response: 'nextToken' },
      items: 'assessmentMetadata',
      pageSize: { field: 'maxResults', value: 100 },
    });
    const ids = listed.map((a) => a.id ?? '');
    const assessments: AuditManagerAssessment[] = [];
    for (const assessmentId of ids) {
      const p = { assessmentId };
      const a = (await runner.call(requests, 'auditmanager', 'GetAssessment', p, () => client.send(new GetAssessmentCommand(p)))).assessment;
      const m = a?.metadata;
      // One folder listing per control: the per-control counts the assessment itself does not give.
      const folders = new Map<string, AssessmentEvidenceFolder[]>();
      for (const s of a?.framework?.controlSets ?? []) {
        for (const c of s.controls ?? []) {
          const list = await allPages(runner, requests, {
            service: 'auditmanager',
            command: GetEvidenceFoldersByAssessmentControlCommand,
            send: (x: GetEvidenceFoldersByAssessmentControlCommand) => client.send(x),
            input: { assessmentId, controlSetId: s.id ?? '', controlId: c.id ?? '' },
            token: { request: 'nextToken', response: 'nextToken' },
            items: 'evidenceFolders',
            pageSize: { field: 'maxResults', value: 1000 },
          });
          folders.set(`${s.id}/${c.id}`, list);
        }
      }
      const created = isoTime(m?.creationTime);
      const updated = isoTime(m?.lastUpdated);
      assessments.push({
        id: m?.id ?? assessmentId,
        name: m?.name ?? '',
        status: m?.status ?? '',
        ...(m?.complianceType ? { complianceType: m.complianceType } : {}),
        ...(created ? { creationTime: created } : {}),
        ...(updated ? { lastUpdated: updated } : {}),
        framework: { ...pick(a?.framework, ['id'] as const), ...pick(a?.framework?.metadata, ['name'] as const) },
        scope: { awsAccounts: (m?.scope?.awsAccounts ?? []).map((x) => x.id ?? ''), awsServices: (m?.scope?.awsServices ?? []).map((x) => x.serviceName ?? '') },
        controlSets: (a?.framework?.controlSets ?? []).map((s) => ({
          id: s.id ?? '',
          ...pick(s, ['status'] as const),
          systemEvidenceCount: s.systemEvidenceCount ?? 0,
          manualEvidenceCount: s.manualEvidenceCount ?? 0,
          controls: (s.controls ?? []).map((c) => ({
            id: c.id ?? '',
            ...pick(c, ['name', 'status', 'response'] as const),
            evidenceCount: c.evidenceCount ?? 0,
            assessmentReportEvidenceCount: c.assessmentReportEvidenceCount ?? 0,
            evidenceFolders: summarize(folders.get(`${s.id}/${c.id}`) ?? []),
          })),
        })),
      });
    }
    return { assessments };
  },
});

/** Counts over a control's evidence folders; "latest" is the newest folder date (UTC day). */
function summarize(folders: AssessmentEvidenceFolder[]): AuditManagerAssessment['controlSets'][number]['controls'][number]['evidenceFolders'] {
  const day = (f: AssessmentEvidenceFolder): string => (f.date ? f.date.toISOString().slice(0, 10) : '');
  const latest = folders.map(day).reduce((m, d) => (d > m ? d : m), '');
  const onLatest = folders.filter((f) => day(f) === latest);
  const sum = (list: AssessmentEvidenceFolder[], k: keyof AssessmentEvidenceFolder): number => list.reduce((n, f) => n + (typeof f[k] === 'number' ? f[k] : 0), 0);
  return {
    folders: folders.length,
    totalEvidence: sum(folders, 'totalEvidence'),
    manualEvidence: sum(folders, 'evidenceByTypeManualCount'),
    ...(latest ? { latestDate: latest } : {}),
    latestComplianceChecks: sum(onLatest, 'evidenceByTypeComplianceCheckCount'),
    latestComplianceCheckIssues: sum(onLatest, 'evidenceByTypeComplianceCheckIssuesCount'),
  };
}
