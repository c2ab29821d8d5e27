// Control and bidi characters from AWS (a resource id with NUL, BEL, an ANSI colour sequence,
// CR/LF, a right-to-left override) never reach a terminal, a page or a spreadsheet as raw bytes.
import { describe, expect, it } from 'vitest';
import { documentSafe, terminalSafe } from '../../src/util/text.ts';
import { csvField } from '../../src/report/csv.ts';
import { renderHtml } from '../../src/report/html.ts';
import type { ReportViewModel } from '../../src/report/types.ts';
import { EVIL, hostileRunViewModel } from '../fixtures/hostile-run.ts';

const NASTY = 'bucket\u0000-a\u0007\u001b[31mRED\u001b[0m\r\nFAKE LINE\u202egnp.exe\u2066x\u2069\u009b';
// Every C0 control, DEL, C1 controls and the bidi controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('text from AWS is neutralised per output', () => {
  it('terminal: every control and bidi character is shown as an escape, on one line', () => {
    const s = terminalSafe(NASTY);
    expect(s).not.toMatch(RAW);
    expect(s).toBe('bucket\\x00-a\\x07\\x1b[31mRED\\x1b[0m\\r\\nFAKE LINE\\u202egnp.exe\\u2066x\\u2069\\x9b');
    expect(terminalSafe('plain id-1 (ok)')).toBe('plain id-1 (ok)');
  });

  it('HTML and CSV: control and bidi characters escaped; tab and line breaks left to the format', () => {
    const s = documentSafe(NASTY);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(s).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(s).toContain('\\x1b[31mRED');
    expect(s).toContain('\r\nFAKE LINE');
    const cell = csvField(NASTY);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(cell).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
    expect(cell.startsWith('"')).toBe(true); // the line break is quoted, as RFC 4180 has it
  });

  it('an HTML report holds none of the raw bytes of a hostile resource id', () => {
    const { vm } = hostileRunViewModel(50);
    // The fixture's "+cmd" resource id becomes the nasty one everywhere the view model shows it.
    const json = JSON.stringify(vm).replaceAll(JSON.stringify(EVIL.plus).slice(1, -1), JSON.stringify(NASTY).slice(1, -1));
    const html = renderHtml(JSON.parse(json) as ReportViewModel);
    expect(html).toContain('bucket\\x00-a\\x07\\x1b[31mRED');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
