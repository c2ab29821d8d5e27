// The PDF's embedded PAdES signature, checked the way an auditor would: poppler's pdfsig (which
// exits 0 whatever it finds, so its text is read) and OpenSSL's CMS parser. pdfsig missing is a
// failure, not a skip: CI installs poppler-utils.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdfBuffer } from '../../src/report/pdf.ts';
import { padesCredentialsFromPkcs12, PdfSigningError, type PadesCredentials } from '../../src/report/pades.ts';
import { sampleViewModel } from '../fixtures/view-model.ts';
import { makeTestPkcs12 } from '../fixtures/pkcs12.ts';

const work = mkdtempSync(path.join(tmpdir(), 'report-pades-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pdfsig(pdf: Buffer, name: string): string {
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  if (r.error) throw new Error(`pdfsig is required for the PAdES tests (apt-get install poppler-utils): ${r.error.message}`);
  return `${r.stdout}${r.stderr}`;
}

const AT = new Date('2026-10-31T02:14:09.000Z');
let test: ReturnType<typeof makeTestPkcs12>;
let creds: PadesCredentials;
let unsigned: Buffer;
let signed: Buffer;

beforeAll(async () => {
  test = makeTestPkcs12();
  creds = padesCredentialsFromPkcs12(test.p12, test.password);
  const vm = sampleViewModel({ signer: { algorithm: 'Ed25519', keyId: 'ed25519:3f9c1a7be20d4c55', pdfCertificate: creds.certificate } });
  unsigned = await renderPdfBuffer(vm);
  signed = await creds.sign(unsigned, { signingTime: AT, reason: 'Compliance evidence report', location: 'Acme Corp' });
});

describe('PAdES signature', () => {
  it('describes its certificate', () => {
    expect(creds.certificate).toMatchObject({ subject: `CN=${test.commonName}, O=Acme Corp, C=DE`, serialNumber: '0a1b2c3d', notBefore: '2026-01-01T00:00:00.000Z' });
    expect(creds.certificate.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is reported valid by pdfsig, as ETSI.CAdES.detached over the whole document', () => {
    const out = pdfsig(signed, 'signed');
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain(`Signer Certificate Common Name: ${test.commonName}`);
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signing Time: Oct 31 2026 02:14:09');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
  });

  it('reads "Digest Mismatch." after one byte of the signed content changes', () => {
    // A byte inside the report's own content (well before the appended signature).
    const tampered = Buffer.from(signed);
    const at = Math.floor(unsigned.length / 2);
    tampered[at] = tampered[at]! ^ 0x01;
    const out = pdfsig(tampered, 'tampered');
    expect(out).toContain('Digest Mismatch.');
    expect(out).not.toContain('Signature is Valid.');
  });

  it('is an incremental update: the report bytes are unchanged before it', () => {
    expect(signed.subarray(0, unsigned.length - 10).equals(unsigned.subarray(0, unsigned.length - 10))).toBe(true);
    expect(signed.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
  });

  it('carries the ESS signing-certificate-v2 attribute and no signing-time attribute (PAdES B-B), per OpenSSL', () => {
    const raw = signed.toString('latin1');
    const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(raw);
    expect(m).not.toBeNull();
    const [a, b, c, d] = m!.slice(1).map(Number) as [number, number, number, number];
    const hex = raw.slice(b + 1, c - 1).replace(/(00)+$/, '');
    const cms = path.join(work, 'sig.der');
    writeFileSync(cms, Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cms], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(printed).toMatch(/id-smime-aa-signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(printed).toContain('messageDigest');
    expect(printed).not.toContain('signingTime');
    // And OpenSSL verifies the detached signature over the signed byte ranges with the embedded certificate.
    const content = path.join(work, 'content.bin');
    writeFileSync(content, Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]));
    const v = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', content, '-noverify', '-out', '/dev/null'], { encoding: 'utf8' });
    expect(`${v.stdout}${v.stderr}`).toContain('Verification successful');
  });

  it('is byte-stable for the same PDF, certificate and signing time', async () => {
    expect((await creds.sign(unsigned, { signingTime: AT, reason: 'Compliance evidence report', location: 'Acme Corp' })).equals(signed)).toBe(true);
  });

  it('names a wrong password, and a signing time outside the certificate validity', async () => {
    expect(() => padesCredentialsFromPkcs12(test.p12, 'wrong')).toThrow(PdfSigningError);
    expect(() => padesCredentialsFromPkcs12(test.p12, 'wrong')).toThrow(/cannot read the PKCS#12 file/);
    await expect(creds.sign(unsigned, { signingTime: new Date('2040-01-01T00:00:00Z'), reason: 'r' })).rejects.toThrow(/is valid 2026-01-01T00:00:00.000Z to 2036-01-01T00:00:00.000Z, not at 2040/);
  });

  it('shows the certificate on the cover and its fingerprint on the verification page', () => {
    const file = path.join(work, 'text.pdf');
    writeFileSync(file, signed);
    const txt = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(txt).toContain('PDF signed by (PAdES)');
    expect(txt).toContain(`CN=${test.commonName}`);
    expect(txt.replace(/\s+/g, '')).toContain(creds.certificate.sha256);
  });
});
