// Where our verdict on a control and an Audit Manager assessment of the same framework disagree,
// for the coverage section. Audit Manager gives no pass/fail per control; what it has is the
// compliance checks (Config, Security Hub) in the control's newest evidence folders and the issues
// they reported. So: ours PASS while those checks report issues, or ours FAIL while they report
// none, is a disagreement; a control we could not judge (ERROR, NO_EVIDENCE) while Audit Manager
// holds evidence for it is flagged too, as a gap on our side.
import type { Framework } from '../catalog/index.ts';
import type { AuditManagerAssessment } from '../domain/index.ts';
import type { ControlStatus } from '../domain/index.ts';
import type { RunResults } from '../domain/index.ts';
import { matchControls, type MappingFile } from './mapping.ts';

export interface AuditManagerRow {
  control: string;
  status: ControlStatus;
  theirs: string;
  controlSet: string;
  evidence: number;
  manualEvidence: number;
  latestDate?: string;
  latestComplianceChecks: number;
  latestComplianceCheckIssues: number;
  verdict: 'agree' | 'disagree' | 'gap' | 'not comparable';
  why: string;
}

export interface AuditManagerComparison {
  assessmentId: string;
  assessmentName: string;
  assessmentStatus: string;
  rows: AuditManagerRow[];
  counts: { agree: number; disagree: number; gap: number; notComparable: number };
}

function judge(status: ControlStatus, f: AuditManagerAssessment['controlSets'][number]['controls'][number]['evidenceFolders'], evidence: number): Pick<AuditManagerRow, 'verdict' | 'why'> {
  const on = f.latestDate ? ` on ${f.latestDate}` : '';
  if (status === 'PASS' && f.latestComplianceCheckIssues > 0) return { verdict: 'disagree', why: `this run found every resource compliant; Audit Manager's compliance checks${on} reported ${f.latestComplianceCheckIssues} issue(s)` };
  if ((status === 'FAIL' || status === 'EXCEPTION') && f.latestComplianceChecks > 0 && f.latestComplianceCheckIssues === 0) {
    return { verdict: 'disagree', why: `this run found non-compliant resources; Audit Manager's ${f.latestComplianceChecks} compliance check(s)${on} reported none` };
  }
  if ((status === 'ERROR' || status === 'NO_EVIDENCE') && evidence > 0) return { verdict: 'gap', why: `this run could not judge the control (${status}); Audit Manager holds ${evidence} piece(s) of evidence for it` };
  if ((status === 'PASS' || status === 'FAIL' || status === 'EXCEPTION') && f.latestComplianceChecks > 0) return { verdict: 'agree', why: `Audit Manager's compliance checks${on}: ${f.latestComplianceCheckIssues} issue(s)` };
  return { verdict: 'not comparable', why: f.latestComplianceChecks === 0 ? 'Audit Manager has no compliance-check evidence for its newest day' : `this run's status ${status} is not a verdict on resources` };
}

/** Compares each assessment of a framework (matched as the push matches it) with the run's results. */
export function compareWithAuditManager(results: RunResults, framework: Framework, assessments: AuditManagerAssessment[], mapping: MappingFile | null = null): AuditManagerComparison[] {
  const fr = results.frameworks.find((f) => f.id === framework.id);
  if (!fr) return [];
  const status = new Map(fr.controls.map((c) => [c.id, c.status]));
  const out: AuditManagerComparison[] = [];
  for (const a of assessments) {
    const shape = { controlSets: a.controlSets.map((s) => ({ id: s.id, controls: s.controls.map((c) => ({ id: c.id, name: c.name ?? '' })) })) };
    const matches = matchControls(framework, shape, mapping);
    if (matches.length === 0) continue;
    const rows = matches.map((m): AuditManagerRow => {
      const c = a.controlSets.find((s) => s.id === m.controlSetId)!.controls.find((x) => x.id === m.controlId)!;
      const s = status.get(m.ours) ?? 'ERROR';
      return {
        control: m.ours,
        status: s,
        theirs: m.controlName,
        controlSet: m.controlSetId,
        evidence: c.evidenceCount,
        manualEvidence: c.evidenceFolders.manualEvidence,
        ...(c.evidenceFolders.latestDate ? { latestDate: c.evidenceFolders.latestDate } : {}),
        latestComplianceChecks: c.evidenceFolders.latestComplianceChecks,
        latestComplianceCheckIssues: c.evidenceFolders.latestComplianceCheckIssues,
        ...judge(s, c.evidenceFolders, c.evidenceCount),
      };
    });
    const n = (v: AuditManagerRow['verdict']): number => rows.filter((r) => r.verdict === v).length;
    out.push({ assessmentId: a.id, assessmentName: a.name, assessmentStatus: a.status, rows, counts: { agree: n('agree'), disagree: n('disagree'), gap: n('gap'), notComparable: n('not comparable') } });
  }
  return out;
}
