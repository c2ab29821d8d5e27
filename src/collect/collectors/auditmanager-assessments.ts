import { GetAssessmentCommand, ListAssessmentsCommand } from '@aws-sdk/client-auditmanager';
import { defineCollector } from '../define.ts';
import { isoTime, pick } from '../absent.ts';
import type { AuditManagerAssessment } from '../datasets.ts';

/**
 * Audit Manager assessments with their scope and, per control, how much evidence has been
 * gathered: proof that the assessment is running, not the evidence itself (account e-mail
 * addresses and reviewers' comments stay out).
 */
export const auditmanagerAssessments = defineCollector({
  id: 'auditmanager-assessments',
  service: 'auditmanager',
  scope: 'region',
  permissions: ['auditmanager:ListAssessments', 'auditmanager:GetAssessment'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.auditmanager(target.region);
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const params = { maxResults: 100, ...(nextToken ? { nextToken } : {}) };
      const out = await runner.call(requests, 'auditmanager', 'ListAssessments', params, () => client.send(new ListAssessmentsCommand(params)));
      ids.push(...(out.assessmentMetadata ?? []).map((a) => a.id ?? ''));
      nextToken = out.nextToken;
    } while (nextToken);
    const assessments: AuditManagerAssessment[] = [];
    for (const assessmentId of ids) {
      const p = { assessmentId };
      const a = (await runner.call(requests, 'auditmanager', 'GetAssessment', p, () => client.send(new GetAssessmentCommand(p)))).assessment;
      const m = a?.metadata;
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
          })),
        })),
      });
    }
    return { assessments };
  },
});
