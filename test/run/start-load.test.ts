// `evidence run` reaches its first AWS call without loading what it needs only afterwards: the
// report renderers (pdfkit, fontkit, Handlebars), PAdES signing (node-forge, @signpdf) and the
// monthly pack's zip stack. Checked on the compiled CLI, as users start it; the formats listed
// apart from the renderers must stay the renderers' formats.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as formats from '../../src/run/formats.ts';
import * as reports from '../../src/run/reports.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every module URL resolved while importing `entry` from dist/. */
function loadedBy(entry: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
    await import(${JSON.stringify(`./dist/${entry}`)});
    process.stdout.write(JSON.stringify(seen));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
}

describe('what `evidence run` loads before it calls AWS', () => {
  it('loads the run command and the run layer without renderers, PAdES or zip', () => {
    // run.js holds the options and help; run-command.js, loaded when a run starts, the pipeline.
    const urls = loadedBy('cli/run-command.js');
    expect(urls.some((u) => u.endsWith('/dist/run/run.js'))).toBe(true);
    const heavy = urls.filter((u) => /node_modules\/(pdfkit|fontkit|handlebars|node-forge|@signpdf|archiver|yazl|yauzl)\/|\/dist\/(report|history)\/|\/dist\/run\/(reports|merge|pack)\.js$/.test(u));
    expect(heavy).toEqual([]);
  });

  it('`run --help` loads neither the pipeline nor the SDK', () => {
    const urls = loadedBy('cli/run.js');
    expect(urls.filter((u) => /\/dist\/(run|collect|sandbox|store|evaluate)\/|\/dist\/vendor\/(aws-sdk|smithy|chunks\/sdk-)|node_modules\/@aws-sdk\//.test(u))).toEqual([]);
  });

  it('lists the same formats and report file names as the renderers write', () => {
    expect(formats.REPORT_FORMATS).toEqual(reports.REPORT_FORMATS);
    for (const list of ['pdf,html', ' csv , csv', 'pdf,docx', '']) expect(formats.parseReportFormats(list), list).toEqual(reports.parseReportFormats(list));
    const fws = [{ id: 'soc2' }, { id: 'pci-dss' }];
    expect(formats.reportFileNames(fws, ['pdf', 'ocsf'])).toEqual(reports.reportFileNames(fws, ['pdf', 'ocsf']));
  });
});
