// The framework report as a PDF. The layout engine shared by every PDF and the report's section
// renderers live in ./pdf/; this module keeps the entry points other code imports.
export { documentId, renderPdf, renderPdfBuffer } from './pdf/report.ts';
export { Widths } from './pdf/text.ts';
