import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderCsv, writeCsv } from '../../src/report/csv.ts';
import { EVIL, HOSTILE_IDS, hostileRunViewModel } from '../fixtures/hostile-run.ts';
import { tempDir } from '../helpers.ts';
import { parseCsv } from '../fixtures/csv-parse.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('csv-')));
afterAll(() => cleanup?.());

describe('csvField', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('')).toBe('');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('＝1')).toBe("'＝1");
    expect(csvField(EVIL.formula)).toBe(`"'=HYPERLINK(""http://evil.example/x"",""click"")"`);
    expect(csvField('a=1')).toBe('a=1');
  });
});

const csvRun = hostileRunViewModel(2);
const csvText = await renderCsv(csvRun.vm, csvRun.results);

describe('CSV report', () => {
  const { results, vm } = csvRun;
  const csv = csvText;
  const rows = parseCsv(csv);
  const header = rows[0]!;
  const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));
  const unguard = (s: string) => s.replace(/^'(?=[=+\-@\t\r])/, '');

  it('is RFC 4180: a header, CRLF records, every record as wide as the header', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(csv.endsWith('\r\n')).toBe(true);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('lists every resource, not the capped list of the HTML and PDF', () => {
    expect(vm.controls[0]!.checks[0]!.failingResources).toHaveLength(2);
    const c1 = records.filter((r) => r.control_id === 'C1');
    expect(c1).toHaveLength(HOSTILE_IDS.length);
    expect(c1.map((r) => unguard(r.resource_id!))).toEqual(HOSTILE_IDS);
  });

  it('takes statuses from the view model and writes a row for targets without results and for manual controls', () => {
    const c2 = records.filter((r) => r.control_id === 'C2');
    expect(c2.map((r) => [r.control_status, r.check_status, r.target_status, r.region])).toEqual([
      ['EXCEPTION', 'FAIL', 'FAIL', 'us-east-1'],
      ['EXCEPTION', 'FAIL', 'ERROR', 'eu-west-1'],
    ]);
    expect(c2[0]!.exception_ids).toBe(`RISK-${EVIL.script}`);
    expect(unguard(c2[1]!.reason!)).toBe(`${EVIL.formula} AccessDenied`);
    const m1 = records.filter((r) => r.control_id === 'M1');
    expect(m1).toEqual([expect.objectContaining({ control_status: 'ATTESTED', check_id: '', resource_id: '', reason: `attested: ${EVIL.template}` })]);
  });

  it('keeps hostile values exactly (apart from the formula guard), with no cell starting as a formula', () => {
    for (const r of rows) for (const cell of r) expect(cell, cell.slice(0, 40)).not.toMatch(/^[=+\-@\t\r]/);
    const ann = records.filter((r) => r.control_id === 'C1').map((r) => unguard(r.annotation!));
    expect(ann).toContain(EVIL.long);
    expect(ann).toContain(EVIL.quotes);
    expect(records[0]!.control_title).toBe(`Buckets ${EVIL.script}`);
    expect(csv).toContain(EVIL.arabic);
    expect(csv).toContain(EVIL.emoji);
  });

  it('streams to a file with the same bytes', async () => {
    const file = path.join(dir, 'r.csv');
    await writeCsv(vm, results, file);
    expect(readFileSync(file, 'utf8')).toBe(csv);
  });
});
