// The report formats a run can write, and parsing a --formats list: kept apart from the renderers
// so that naming them (option help, config checks) does not load the PDF and HTML stacks.

import { REPORT_FORMATS, type ReportFormat } from '../domain/index.ts';

export { REPORT_FORMATS, type ReportFormat };

/** A comma-separated list of formats: the distinct formats named, and the names that are no format. */
export function parseReportFormats(list: string): { formats: ReportFormat[]; unknown: string[] } {
  const names = list.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = names.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  return { formats: [...new Set(names)] as ReportFormat[], unknown: names.length === 0 ? [list] : unknown };
}

/** A report's file name ends with this after `<framework id>.`. */
export const REPORT_EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  html: 'html',
  pdf: 'pdf',
  csv: 'csv',
  json: 'json',
  'oscal-ar': 'oscal-ar.json',
  'oscal-poam': 'oscal-poam.json',
  ocsf: 'ocsf.jsonl',
};

/** The report files a run writes, one per framework and format, as the renderers name them. */
export function reportFileNames(frameworks: readonly { id: string }[], formats: readonly ReportFormat[]): string[] {
  return frameworks.flatMap((fw) => formats.map((format) => `${fw.id}.${REPORT_EXTENSIONS[format]}`));
}
