// The public surface of src/collect/: what the other layers import from it.
export { type CallStats, emptyStats } from './calls.ts';
export { AwsClients } from './clients.ts';
export { collectorFor } from './collectors/index.ts';
export { CONFIG_ITEMS_PERMISSIONS, type ConfigItemsEvidence, type TypeItems } from './config-items.ts';
export { CONFIG_AGGREGATOR_PERMISSIONS } from './config-aggregate.ts';
export { CONFIG_RULE_RESULTS_PERMISSIONS, type ConfigRuleResultsEvidence } from './config-rule-results.ts';
export { collectEvidence, type ConfigItemsFetch, type ConfigRuleFetch, type EvidenceSink, GLOBAL_REGION, planDatasets, type TargetEvidence } from './engine.ts';
export { type ResolvedScope, resolveScope, type ScopeConfig } from './scope.ts';
