// The public surface of src/history/: what the other layers import from it.
export { parseAsOf, runAsOf } from './asof.ts';
export { renderDiffHtml } from './diff-html.ts';
export { writeDiffPdf } from './diff-pdf.ts';
export { renderDiffText } from './diff-text.ts';
export { diffRuns } from './diff.ts';
export { readTrustedResults } from './load.ts';
export { type CarriedEvidence, carriedEvidence, indexRows, renderIndexCsv } from './pack-index.ts';
export { PACK_SCHEMA, type PackMetadata } from './pack-metadata.ts';
export { PackInputError, type PackMonth, parseMonth } from './pack-month.ts';
export { renderReadme } from './pack-readme.ts';
export { type ExcludedRun, type IncludedRun, selectMonthRuns } from './pack-runs.ts';
export { renderSummaryPdf } from './pack-summary-pdf.ts';
export { buildSummary, type PackSummary } from './pack-summary.ts';
export { verifyPack } from './pack-verify.ts';
export { HashingZip, renderSums } from './pack-zip.ts';
export { buildRunSummary, type FrameworkSummary, RUN_SUMMARY_SCHEMA, type RunSummary, summaryKey, verifiedSummary, writeRunSummary } from './summary.ts';
export { renderTrendCsv, renderTrendText } from './trend-format.ts';
export { computeTrend, trendSvg } from './trend.ts';
export { type RunDiff } from './types.ts';

// What the other layers use from this folder.
export { chainAnchorOf } from './pack-runs.ts';
