import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { generateKeyFile, loadKeyFile, loadOrCreateKey, verifyEnvelope, encodeEnvelope } from '../../src/sign/signer.ts';
import { tempDir } from '../helpers.ts';
import { itExternal } from '../external.ts';

describe('local Ed25519 signer', () => {
  it('creates a 0600 key, refuses to overwrite it, and signs verifiably', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = path.join(dir, 'keys', 'signing.key');
      const signer = await generateKeyFile(file);
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      await expect(generateKeyFile(file)).rejects.toThrow(/already exists/);
      const again = await loadKeyFile(file);
      expect(again.keyId).toBe(signer.keyId);
      const data = Buffer.from('report bytes');
      const env = await signer.sign(data, 'r.pdf', new Date('2026-01-01T00:00:00Z'));
      expect(verifyEnvelope(data, env, signer.publicKeyPem())).toEqual({ ok: true });
      const tampered = Buffer.from('report bytez');
      const bad = verifyEnvelope(tampered, env, signer.publicKeyPem());
      expect(bad.ok).toBe(false);
      // a different key is named as such
      const other = await generateKeyFile(path.join(dir, 'other.key'));
      expect(verifyEnvelope(data, env, other.publicKeyPem())).toMatchObject({ ok: false, reason: expect.stringMatching(/not by the trusted key/) });
    } finally {
      await cleanup();
    }
  });

  it('refuses a key file readable by others and a missing key unless asked to create it', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = path.join(dir, 'k.key');
      await expect(loadOrCreateKey(file, false)).rejects.toThrow(/evidence keygen/);
      const { created } = await loadOrCreateKey(file, true);
      expect(created).toBe(true);
      await fs.chmod(file, 0o644);
      await expect(loadKeyFile(file)).rejects.toThrow(/chmod 600/);
    } finally {
      await cleanup();
    }
  });

  itExternal('produces signatures that openssl verifies with the documented command', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const signer = await generateKeyFile(path.join(dir, 's.key'));
      const file = path.join(dir, 'report.html');
      await fs.writeFile(file, '<p>hello</p>');
      await fs.writeFile(`${file}.sig`, encodeEnvelope(await signer.sign(await fs.readFile(file), 'report.html')));
      await fs.writeFile(path.join(dir, 'public-key.pem'), signer.publicKeyPem());
      const cmd = `grep '"signature"' report.html.sig | cut -d'"' -f4 | base64 -d > sig.bin && openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in report.html -sigfile sig.bin`;
      const out = execFileSync('sh', ['-c', cmd], { cwd: dir }).toString();
      expect(out).toMatch(/Signature Verified Successfully/);
      await fs.appendFile(file, ' ');
      expect(() => execFileSync('sh', ['-c', cmd], { cwd: dir, stdio: 'pipe' })).toThrow();
    } finally {
      await cleanup();
    }
  });
});
