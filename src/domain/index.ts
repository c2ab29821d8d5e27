// The vocabulary every layer shares: statuses, run results, evidence references, datasets,
// shard specs. It imports nothing from the rest of the project.
export * from './datasets.ts';
export * from './model.ts';
export { PASS_RATE_DEFINITION, passRate } from './pass-rate.ts';
export * from './results.ts';
export * from './shard.ts';

// What the other layers use from this folder.
export { CommandLineError, ConfigurationError, EvidenceError, EXIT } from './errors.ts';

// What the other layers use from this folder.
export { type RunHooks, type RunPhase } from './hooks.ts';
export { globalEventsRegion, isAccountId, isRegionName, KNOWN_REGIONS, quoteShort, REGION_NAME, unknownRegionProblem } from './regions.ts';
