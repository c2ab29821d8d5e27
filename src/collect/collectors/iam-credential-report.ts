import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { defineCollector } from '../define.ts';
import { CollectCallError } from '../calls.ts';
import { CREDENTIAL_REPORT_COLUMNS, type CredentialReportRow } from '../../domain/index.ts';
import { isoTime } from '../absent.ts';
import { timestamp, validated, z } from '../validate.ts';

const GENERATE = z.object({ State: z.enum(['STARTED', 'INPROGRESS', 'COMPLETE']) });
const REPORT = z.object({ Content: z.instanceof(Uint8Array), GeneratedTime: timestamp });

/** IAM builds the report asynchronously: poll GenerateCredentialReport, doubling the wait, within this bound. */
const MAX_WAIT_MS = 60_000;
const FIRST_WAIT_MS = 500;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function malformed(message: string): CollectCallError {
  return new CollectCallError('failed', 'iam', 'GetCredentialReport', 'MalformedCredentialReport', message);
}

export const iamCredentialReport = defineCollector({
  id: 'iam-credential-report',
  service: 'iam',
  scope: 'account',
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  schemaVersion: 2,
  async collect({ target, clients, runner, requests }) {
    const client = clients.iam(target.region);
    for (let waited = 0, wait = FIRST_WAIT_MS; ; waited += wait, wait *= 2) {
      const gen = validated(GENERATE, await runner.call(requests, 'iam', 'GenerateCredentialReport', {}, () => client.send(new GenerateCredentialReportCommand({}))), 'iam', 'GenerateCredentialReport');
      if (gen.State === 'COMPLETE') break;
      if (waited >= MAX_WAIT_MS) {
        throw new CollectCallError('failed', 'iam', 'GenerateCredentialReport', 'ReportNotReady', `credential report still ${gen.State ?? 'not ready'} after ${Math.round(waited / 1000)} s`);
      }
      await sleep(Math.min(wait, MAX_WAIT_MS - waited));
    }
    const out = validated(REPORT, await runner.call(requests, 'iam', 'GetCredentialReport', {}, () => client.send(new GetCredentialReportCommand({}))), 'iam', 'GetCredentialReport');
    const [header, ...lines] = parseCsv(Buffer.from(out.Content).toString('utf8'));
    const at = new Map((header ?? []).map((c, i) => [c, i]));
    const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !at.has(c));
    if (missing.length > 0) throw malformed(`the report lacks column(s) ${missing.join(', ')}`);
    const filled = lines.filter((l) => l.length > 1 || l[0] !== '');
    // A short row would leave password and key columns blank, which read as "no password" or "no key".
    const short = filled.findIndex((l) => l.length < header!.length);
    if (short >= 0) throw malformed(`row ${short + 1} has ${filled[short]!.length} of ${header!.length} columns`);
    const rows = filled.map((l) => Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((c) => [c, l[at.get(c)!]!])) as CredentialReportRow);
    // Whole seconds, as for the event window: ages are judged against the run's clock, not the report's.
    const readAt = new Date(Math.floor(clients.now().getTime() / 1000) * 1000).toISOString();
    return { GeneratedTime: isoTime(out.GeneratedTime)!, ReadAt: readAt, rows };
  },
});
