// The public surface of src/report/: what the other layers import from it.
export { diffRuns } from './changes.ts';
export { describePlaces, groupRulesNotDeployed } from './coverage-groups.ts';
export { writeCsv } from './csv.ts';
export { type ReportFont, reportFonts } from './fonts.ts';
export { formatPassRate, renderHtml, STATUS_COLOURS, STATUS_DISPLAY_ORDER } from './html.ts';
export { writeJson } from './json.ts';
export { type PadesCredentials, padesFromConfig } from './pades.ts';
export { PdfRenderPool, renderPdfIsolated, setPdfParallelism } from './pdf-isolated.ts';
export { REPORT_DETAILS, type ReportDetail, type ReportViewModel } from './types.ts';
export { BaselineNotApplicableError, buildViewModel } from './view-model.ts';

// What the other layers use from this folder.
export { createPdfDocument, type Doc, renderToFile, setDocumentId } from './pdf/document.ts';
export { type Layout, layOutTwice, REPORT_PAGE } from './pdf/layout.ts';
export { H1, INK, MUTED, RULE, type Style, WARN } from './pdf/palette.ts';
export { runningHeadAndFoot } from './pdf/running.ts';
export { badge, type Column, drawTable, text } from './pdf/table.ts';

// What the other layers use from this folder.
export { writeOcsf } from './ocsf.ts';
export { writeOscalAssessmentResults } from './oscal-ar.ts';
export { writeOscalPoam } from './oscal-poam.ts';
