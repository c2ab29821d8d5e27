// The public surface of src/evaluate/: what the other layers import from it.
export { type AcceptanceContext, type AcceptanceInput, applyAcceptance, loadAcceptance, type SourcedAttestation, type SourcedException, storeAcceptance } from './acceptance.ts';
export { CheckResultsBuilder, StreamingEvaluator } from './checks.ts';
export { exceptionCovers } from './exceptions.ts';
export { checkStatus, countStatuses, evaluateControl, PASS_RATE_DEFINITION } from './rollup.ts';
export { ACCEPTANCE_LIMITS, parseWith, readYamlSource, utcDate } from './yaml-source.ts';
