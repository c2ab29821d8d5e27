// IAM actions the Audit Manager commands call (a test records every SDK call they make and holds
// these lists to it); `evidence policy --auditmanager-write` adds them.
export const PUSH_ACTIONS = ['auditmanager:GetAssessment', 'auditmanager:GetEvidenceFoldersByAssessmentControl', 'auditmanager:BatchImportEvidenceToAssessmentControl'] as const;

export const EXPORT_ACTIONS = [
  'auditmanager:ListControls',
  'auditmanager:CreateControl',
  'auditmanager:GetControl',
  'auditmanager:ListAssessmentFrameworks',
  'auditmanager:CreateAssessmentFramework',
  'auditmanager:GetAssessmentFramework',
] as const;

/** Creating a control or framework with tags is also authorized as tagging it. */
export const TAG_ON_CREATE_ACTIONS = ['auditmanager:TagResource'] as const;
