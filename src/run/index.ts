// The public surface of src/run/: what the other layers import from it.
//
// Writing reports, merging shards and packing months load the report renderers (pdfkit, fontkit,
// Handlebars, node-forge) and the zip stack. A command reaches them only after it has talked to
// AWS or read the store, so they are exported as wrappers that import their module on first call:
// `evidence run` starts without them.
import type * as Merge from './merge.ts';
import type * as Pack from './pack.ts';
import type * as Reports from './reports.ts';

export { recordInterrupted, RunInterruptedError } from './finalize.ts';
export { buildPolicy } from './policy.ts';
export { executeRun } from './run.ts';
export { REPORT_FORMATS, type ReportFormat } from './formats.ts';

export async function latestShardRunIds(...args: Parameters<typeof Merge.latestShardRunIds>): ReturnType<typeof Merge.latestShardRunIds> {
  return (await import('./merge.ts')).latestShardRunIds(...args);
}
export async function mergeShards(...args: Parameters<typeof Merge.mergeShards>): ReturnType<typeof Merge.mergeShards> {
  return (await import('./merge.ts')).mergeShards(...args);
}
export async function writePack(...args: Parameters<typeof Pack.writePack>): ReturnType<typeof Pack.writePack> {
  return (await import('./pack.ts')).writePack(...args);
}
export async function readPinnedResults(...args: Parameters<typeof Reports.readPinnedResults>): ReturnType<typeof Reports.readPinnedResults> {
  return (await import('./reports.ts')).readPinnedResults(...args);
}
export async function writeReports(...args: Parameters<typeof Reports.writeReports>): ReturnType<typeof Reports.writeReports> {
  return (await import('./reports.ts')).writeReports(...args);
}

// What the other layers use from this folder.
export { parseReportFormats } from './formats.ts';
