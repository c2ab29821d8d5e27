// The public surface of src/catalog/: what the other layers import from it.
export { type CheckDef, managedRule, parametrizedCheckId, parseParametrizedCheckId, resolveCheck } from './checks.ts';
export { conformancePackTemplates } from './conformance-pack.ts';
export { configRulesFor, controlsIn, frameworkCoverage, type FrameworkCoverage, KINDS } from './coverage.ts';
export { type Catalog, CatalogError, checksOf, loadCatalog, selectFrameworks } from './load.ts';
export { attestationOnlyReason } from './attestation-only.ts';
export { type Baseline, BASELINES, CATALOG_LIMITS, type CheckPair, type Control, CONTROL_ID, controlIdSchema, controlKind, type Framework, KIND_LABEL } from './schema.ts';
