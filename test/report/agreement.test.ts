// The agreement between AWS Config and the local evaluators, shown with the coverage in HTML and PDF.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderPdfBuffer } from '../../src/report/pdf.ts';
import type { AgreementView } from '../../src/report/agreement.ts';
import { sampleViewModel } from '../fixtures/view-model.ts';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };

const agreement: AgreementView = {
  compared: 1999,
  agreeing: 1998,
  percent: '99.9 %',
  rules: [
    { checkId: 'config:S3_BUCKET_VERSIONING_ENABLED', compared: 1500, differing: 1, percent: '99.9 %' },
    { checkId: 'config:INCOMING_SSH_DISABLED', compared: 499, differing: 0, percent: '100 %' },
  ],
  differing: [{ checkId: 'config:S3_BUCKET_VERSIONING_ENABLED', account: '111122223333', region: 'eu-west-1', resourceType: 'AWS::S3::Bucket', resourceId: 'logs-bucket-7', configRule: 'COMPLIANT', local: 'NON_COMPLIANT' }],
  differingOmitted: 0,
};

describe('agreement in the reports', () => {
  it('HTML: a section after the coverage with the percentage, each rule and the differing resources', () => {
    const html = renderHtml({ ...sampleViewModel(), agreement });
    const at = html.indexOf('<section id="agreement"');
    expect(at).toBeGreaterThan(html.indexOf('<section id="coverage"'));
    const section = html.slice(at, html.indexOf('</section>', at));
    expect(section).toContain('<strong>99.9 %</strong> of 1999 resources');
    expect(section).toContain('<code>config:INCOMING_SSH_DISABLED</code></th><td class="num">499</td><td class="num">0</td><td class="num">100 %</td>');
    expect(section).toContain('<code>logs-bucket-7</code></td><td>COMPLIANT</td><td>NON_COMPLIANT</td>');
  });

  it('HTML: without both verdicts anywhere there is no such section', () => {
    expect(renderHtml(sampleViewModel())).not.toContain('id="agreement"');
    const all = renderHtml({ ...sampleViewModel(), agreement: { ...agreement, agreeing: 1999, percent: '100 %', differing: [], rules: agreement.rules.map((r) => ({ ...r, differing: 0, percent: '100 %' })) } });
    expect(all).toContain('No resource differs.');
  });

  it('JSON: the published schema admits the agreement and refuses a malformed one', () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync('schemas/report-view.schema.json', 'utf8')) as object);
    const vm = JSON.parse(JSON.stringify({ ...sampleViewModel(), agreement })) as Record<string, unknown>;
    expect(validate(vm), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...vm, agreement: { ...agreement, percent: 'most' } })).toBe(false);
  });

  it('PDF: the section is laid out (the document grows by it)', async () => {
    const without = await renderPdfBuffer(sampleViewModel());
    const withIt = await renderPdfBuffer({ ...sampleViewModel(), agreement });
    expect(withIt.length).toBeGreaterThan(without.length + 500);
  }, 120_000);
});
