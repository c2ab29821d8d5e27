// The public surface of src/history/: what the other layers import from it.
export { parseAsOf, runAsOf } from './asof.ts';
export { renderDiffText } from './diff-text.ts';
export { diffRuns } from './diff.ts';
export { readTrustedResults } from './load.ts';
export { type CarriedEvidence, carriedEvidence, indexRows, renderIndexCsv } from './pack-index.ts';
export { PACK_SCHEMA, type PackMetadata, renderSums } from './pack-metadata.ts';
export { PackInputError, type PackMonth, parseMonth } from './pack-month.ts';
export { renderReadme } from './pack-readme.ts';
export { type ExcludedRun, type IncludedRun, selectMonthRuns } from './pack-runs.ts';
export { buildSummary, type PackSummary } from './pack-summary.ts';
export type { HashingZip } from './pack-zip.ts';
export { buildRunSummary, type FrameworkSummary, RUN_SUMMARY_SCHEMA, type RunSummary, summaryKey, verifiedSummary, writeRunSummary } from './summary.ts';
export { renderTrendCsv, renderTrendText } from './trend-format.ts';
export { computeTrend } from './trend.ts';
export { type RunDiff } from './types.ts';

// The renderers that need the report stack (pdfkit, fontkit, Handlebars: most of a second and
// about 80 MB to load) load on first use, so text, JSON and CSV trend and diff never pay for it.
import type * as DiffPdfModule from './diff-pdf.ts';
import type * as DiffHtmlModule from './diff-html.ts';
import type * as SummaryPdfModule from './pack-summary-pdf.ts';
import type * as SvgModule from './svg.ts';
import type * as PackZipModule from './pack-zip.ts';
import type * as PackVerifyModule from './pack-verify.ts';
type DiffPdf = typeof DiffPdfModule;
type DiffHtml = typeof DiffHtmlModule;
type SummaryPdf = typeof SummaryPdfModule;
type Svg = typeof SvgModule;
export async function writeDiffPdf(...args: Parameters<DiffPdf['writeDiffPdf']>): ReturnType<DiffPdf['writeDiffPdf']> {
  return (await import('./diff-pdf.ts')).writeDiffPdf(...args);
}
export async function renderDiffHtml(...args: Parameters<DiffHtml['renderDiffHtml']>): Promise<string> {
  return (await import('./diff-html.ts')).renderDiffHtml(...args);
}
export async function renderSummaryPdf(...args: Parameters<SummaryPdf['renderSummaryPdf']>): ReturnType<SummaryPdf['renderSummaryPdf']> {
  return (await import('./pack-summary-pdf.ts')).renderSummaryPdf(...args);
}
export async function trendSvg(...args: Parameters<Svg['trendSvg']>): Promise<string> {
  return (await import('./svg.ts')).trendSvg(...args);
}

// The zip libraries (archiver, yauzl) load only for a pack.
export async function createHashingZip(...args: ConstructorParameters<typeof PackZipModule.HashingZip>): Promise<PackZipModule.HashingZip> {
  return new (await import('./pack-zip.ts')).HashingZip(...args);
}
export async function verifyPack(...args: Parameters<typeof PackVerifyModule.verifyPack>): ReturnType<typeof PackVerifyModule.verifyPack> {
  return (await import('./pack-verify.ts')).verifyPack(...args);
}

// What the other layers use from this folder.
export { chainAnchorOf } from './pack-runs.ts';
