// The config options of issue 6: organization, exceptions, attestations, report formats, and the
// PDF signing certificate (its password only ever from an environment variable).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { padesFromConfig, PdfSigningError } from '../../src/report/pades.ts';
import { makeTestPkcs12 } from '../fixtures/pkcs12.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('report-config-')));
afterAll(() => cleanup?.());

const write = async (name: string, text: string | Buffer): Promise<string> => {
  const f = path.join(dir, name);
  await fs.writeFile(f, text);
  return f;
};

describe('report configuration', () => {
  it('reads organization, exceptions, attestations, every format and the PDF certificate', async () => {
    const file = await write(
      'ok.yaml',
      `organization: { name: Acme Corp }
exceptions: ./exceptions.yaml
attestations: ./attestations/
reports:
  formats: [html, pdf, csv, json]
  pdf:
    pkcs12: ./signer.p12
    passwordEnv: ACME_P12_PASSWORD
`,
    );
    const { config } = await loadConfig(file, dir);
    expect(config.organization).toEqual({ name: 'Acme Corp' });
    expect(config.exceptions).toBe('./exceptions.yaml');
    expect(config.attestations).toBe('./attestations/');
    expect(config.reports.formats).toEqual(['html', 'pdf', 'csv', 'json']);
    expect(config.reports.pdf).toEqual({ pkcs12: './signer.p12', passwordEnv: 'ACME_P12_PASSWORD' });
    const defaults = (await loadConfig(await write('min.yaml', 'reports:\n  pdf: { pkcs12: x.p12 }\n'), dir)).config;
    expect(defaults.reports.pdf?.passwordEnv).toBe('EVIDENCE_PKCS12_PASSWORD');
    expect(defaults.reports.formats).toEqual(['html', 'pdf']);
  });

  it('names file, line and field of a bad format, a password in the file, or a bad variable name', async () => {
    const bad = await write('bad.yaml', 'reports:\n  formats: [html, docx]\n  pdf:\n    pkcs12: x.p12\n    password: hunter2\n');
    await expect(loadConfig(bad, dir)).rejects.toThrow(/bad\.yaml:2:\d+: reports\.formats\.1: /);
    await expect(loadConfig(bad, dir)).rejects.toThrow(/bad\.yaml:4:5: reports\.pdf: Unrecognized key.*\(password\)/);
    const env = await write('env.yaml', 'reports:\n  pdf: { pkcs12: x.p12, passwordEnv: "1 bad" }\n');
    await expect(loadConfig(env, dir)).rejects.toThrow(/reports\.pdf\.passwordEnv: an environment variable name/);
  });

  it('loads the certificate with the password from the named variable, and says which variable is missing', async () => {
    const t = makeTestPkcs12();
    const p12 = await write('signer.p12', t.p12);
    const creds = await padesFromConfig({ pkcs12: p12, passwordEnv: 'ACME_P12_PASSWORD' }, (p) => p, { ACME_P12_PASSWORD: t.password });
    expect(creds?.certificate.subject).toContain(t.commonName);
    await expect(padesFromConfig({ pkcs12: p12, passwordEnv: 'ACME_P12_PASSWORD' }, (p) => p, {})).rejects.toThrow(/environment variable ACME_P12_PASSWORD/);
    await expect(padesFromConfig({ pkcs12: p12, passwordEnv: 'X' }, (p) => p, { X: 'wrong' })).rejects.toBeInstanceOf(PdfSigningError);
    expect(await padesFromConfig(undefined, (p) => p)).toBeNull();
  });
});
