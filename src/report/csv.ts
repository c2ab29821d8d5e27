// CSV report: one row per control × resource (every resource result, not the capped list the
// HTML and PDF show), RFC 4180 (CRLF, quoted fields, doubled quotes), UTF-8, and guarded
// against formula injection: a cell a spreadsheet would read as a formula (=, +, -, @, tab or
// CR first) is prefixed with an apostrophe.
//
// Statuses come from the view model; the full resource lists come from the run's
// resources.ndjson when it has one (results.json then names only the resources needing
// attention), else from the results, which the view model caps. Nothing here judges anything.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { CheckResult, RunResults } from '../domain/index.ts';
import type { ResourceIndex, ResourceLine } from '../store/index.ts';
import { coveringExceptionIds } from './view-model.ts';
import type { ReportViewModel } from './types.ts';
import { documentSafe } from '../util/index.ts';
import { tagText } from './html.ts';

export const CSV_COLUMNS = [
  'framework',
  'control_id',
  'control_title',
  'control_status',
  'check_id',
  'check_status',
  'account',
  'region',
  'target_status',
  'resource_type',
  'resource_id',
  'compliance',
  'annotation',
  'exception_ids',
  'reason',
  // The check's rationale and remediation, on the rows of a failing (FAIL) check.
  'rationale',
  'remediation',
  // Names beside the ids: the account's in AWS Organizations, the resource's and its tags where the evidence has them.
  'account_name',
  'resource_name',
  'resource_tags',
] as const;

// ASCII and full-width forms of the characters spreadsheets treat as the start of a formula.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, guarded and quoted as RFC 4180 requires. */
export function csvField(raw: string): string {
  if (raw === '') return raw;
  const value = documentSafe(raw);
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A CSV record: one value per column of CSV_COLUMNS, in order. */
export type CsvRecord = readonly string[];

/** Every record of the report: resource rows, a row per target without results, a row per manual control. */
export async function* csvRecords(vm: ReportViewModel, results: RunResults, resources?: ResourceIndex | null): AsyncGenerator<CsvRecord> {
  const checks = new Map<string, CheckResult>(results.checks.map((c) => [c.id, c]));
  const fw = vm.framework.id;
  const names = vm.scope.accountNames;
  const accountName = (a: string): string => (Object.hasOwn(names, a) ? names[a]! : '');
  for (const control of vm.controls) {
    const { id, title, status } = control;
    if (control.checks.length === 0) {
      yield [fw, id, title, status, '', '', '', '', '', '', '', '', '', '', control.statusReason, '', '', '', '', ''];
      continue;
    }
    const excepted = control.exceptions.some((e) => e.state === 'active');
    for (const view of control.checks) {
      const check = checks.get(view.id);
      const guide = view.status === 'FAIL' ? [view.rationale ?? '', view.remediation ?? ''] : ['', ''];
      if (!check || check.targets.length === 0) {
        yield [fw, id, title, status, view.id, view.status, '', '', '', '', '', '', '', '', check ? 'no account-region was evaluated' : 'no result recorded for this check in the run', ...guide, '', '', ''];
        continue;
      }
      const targets: AsyncIterable<ResourceLine> | Iterable<Omit<ResourceLine, 'check'>> = resources?.has(check.id) ? resources.lines(check.id) : check.targets;
      for await (const t of targets) {
        if (t.results.length === 0) {
          yield [fw, id, title, status, view.id, view.status, t.account, t.region, t.status, '', '', '', '', '', t.reason ?? '', ...guide, accountName(t.account), '', ''];
          continue;
        }
        for (const r of t.results) {
          const ids = excepted && r.compliance === 'NON_COMPLIANT' ? coveringExceptionIds(control.exceptions, view.id, t.account, t.region, r).join(' ') : '';
          yield [fw, id, title, status, view.id, view.status, t.account, t.region, t.status, r.resourceType, r.resourceId, r.compliance, r.annotation ?? '', ids, '', ...guide, accountName(t.account), r.resourceName ?? '', r.tags ? tagText(r.tags) : ''];
        }
      }
    }
  }
}

/** The whole CSV as chunks of about 64 KiB. */
export async function* csvChunks(vm: ReportViewModel, results: RunResults, resources?: ResourceIndex | null): AsyncGenerator<string> {
  const parts: string[] = [csvLine(CSV_COLUMNS)];
  let size = 0;
  for await (const record of csvRecords(vm, results, resources)) {
    const line = csvLine(record);
    parts.push(line);
    size += line.length;
    if (size > 65_536) {
      yield parts.join('');
      parts.length = 0;
      size = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

export async function renderCsv(vm: ReportViewModel, results: RunResults, resources?: ResourceIndex | null): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of csvChunks(vm, results, resources)) parts.push(chunk);
  return parts.join('');
}

/** Streams the CSV to a file; a partial file is removed on failure. */
export async function writeCsv(vm: ReportViewModel, results: RunResults, outPath: string, resources?: ResourceIndex | null): Promise<void> {
  const out = createWriteStream(outPath);
  try {
    for await (const chunk of csvChunks(vm, results, resources)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    await rm(outPath, { force: true });
    throw err;
  }
}
