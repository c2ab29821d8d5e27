// The public surface of src/report/: what the other layers import from it.
export { diffRuns } from './changes.ts';
export { writeCsv } from './csv.ts';
export { type ReportFont, reportFonts } from './fonts.ts';
export { formatPassRate, renderHtml, STATUS_COLOURS, STATUS_DISPLAY_ORDER } from './html.ts';
export { writeJson } from './json.ts';
export { type PadesCredentials, padesFromConfig } from './pades.ts';
export { renderPdfIsolated } from './pdf-isolated.ts';
export { type ReportViewModel } from './types.ts';
export { buildViewModel } from './view-model.ts';
