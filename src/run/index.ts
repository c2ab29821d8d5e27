// The public surface of src/run/: what the other layers import from it.
export { recordInterrupted, RunInterruptedError } from './finalize.ts';
export { latestShardRunIds, mergeShards } from './merge.ts';
export { writePack } from './pack.ts';
export { buildPolicy } from './policy.ts';
export { readPinnedResults, REPORT_FORMATS, type ReportFormat, writeReports } from './reports.ts';
export { executeRun } from './run.ts';

// What the other layers use from this folder.
export { parseReportFormats } from './reports.ts';
