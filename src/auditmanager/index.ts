// The public surface of src/auditmanager/: what the other layers import from it.
export { type AuditManagerComparison } from './compare.ts';
export { applyExport, planExport, readBack, shapeOfPlan } from './export.ts';
export { loadMapping } from './mapping.ts';
export { EXPORT_ACTIONS, PUSH_ACTIONS, TAG_ON_CREATE_ACTIONS } from './permissions.ts';
export { type PushReport, pushRun } from './push.ts';
export { AUDIT_MANAGER_DATASET, compareForReport, loadCompareMapping, type LoadedMapping, readRunAssessments } from './run-compare.ts';
