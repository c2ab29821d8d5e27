// The AWS KMS signer against moto's KMS, checked independently: node:crypto with the public key
// alone, and openssl with the documented command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign as nodeSign, verify } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { KMS_RAW_LIMIT, KmsSigner } from '../../src/sign/kms.ts';
import { encodeEnvelope, verifyEnvelope } from '../../src/sign/signer.ts';
import { tempDir } from '../helpers.ts';
import { MOTO_BIN, MOTO_SKIP_REASON, makeKmsKey, startMoto, type Moto } from '../store/moto.ts';

if (!MOTO_BIN) console.warn(MOTO_SKIP_REASON);

let moto: Moto;
let keyArn: string;
beforeAll(async () => {
  if (!MOTO_BIN) return;
  moto = await startMoto();
  keyArn = await makeKmsKey(moto.kms, 'sign');
}, 60_000);
afterAll(async () => {
  await moto?.stop();
});

/** The documented offline check: the envelope's signature as DER, then openssl dgst. */
const OPENSSL = `grep '"signature"' FILE.sig | cut -d'"' -f4 | base64 -d > sig.der && openssl dgst -sha256 -verify public-key.pem -signature sig.der FILE`;

describe.skipIf(!MOTO_BIN)('KMS signer on moto (ECC_NIST_P256, ECDSA_SHA_256)', () => {
  it('reads the public key, and signs small and large inputs so that node:crypto and openssl verify them', async () => {
    const signer = await KmsSigner.create(moto.kms, keyArn);
    expect(signer.algorithm).toBe('ECDSA_P256_SHA256');
    expect(signer.keyId).toMatch(/^ecdsa-p256:[0-9a-f]{16}$/);
    expect(signer.kmsKeyArn).toBe(keyArn);
    const { dir, cleanup } = await tempDir();
    try {
      await fs.writeFile(path.join(dir, 'public-key.pem'), signer.publicKeyPem());
      const inputs = {
        'small.json': Buffer.from('{"manifest":"small"}\n'),
        'limit.bin': Buffer.alloc(KMS_RAW_LIMIT, 7),
        'report.pdf': Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 42)]),
      };
      for (const [name, data] of Object.entries(inputs)) {
        const env = await signer.sign(data, name, new Date('2026-11-29T00:00:00Z'));
        expect(env).toMatchObject({ format: 'evidence-signature/v1', algorithm: 'ECDSA_P256_SHA256', keyId: signer.keyId, file: name, kmsKeyArn: keyArn });
        expect(env.sha256).toBe(createHash('sha256').update(data).digest('hex'));
        // Independent check 1: node:crypto with nothing but the public key.
        const pub = createPublicKey(signer.publicKeyPem());
        expect(verify('sha256', data, { key: pub, dsaEncoding: 'der' }, Buffer.from(env.signature, 'base64'))).toBe(true);
        expect(verifyEnvelope(data, env, signer.publicKeyPem())).toEqual({ ok: true });
        // Independent check 2: openssl.
        await fs.writeFile(path.join(dir, name), data);
        await fs.writeFile(path.join(dir, `${name}.sig`), encodeEnvelope(env));
        const cmd = OPENSSL.replaceAll('FILE', name);
        expect(execFileSync('sh', ['-c', cmd], { cwd: dir }).toString()).toMatch(/Verified OK/);
        // A changed byte fails both.
        const changed = Buffer.from(data);
        changed.writeUInt8(changed.readUInt8(changed.length - 1) ^ 1, changed.length - 1);
        expect(verifyEnvelope(changed, env, signer.publicKeyPem())).toMatchObject({ ok: false, code: 'changed' });
        await fs.writeFile(path.join(dir, name), changed);
        expect(() => execFileSync('sh', ['-c', cmd], { cwd: dir, stdio: 'pipe' })).toThrow();
      }
    } finally {
      await cleanup();
    }
  });

  it('detects that moto ignores MessageType DIGEST and falls back to RAW; a KMS honouring DIGEST is used once', async () => {
    const real = await KmsSigner.create(moto.kms, keyArn);
    const sent: string[] = [];
    const spy = {
      send: (cmd: { input?: { MessageType?: string } }) => {
        if (cmd.input?.MessageType) sent.push(cmd.input.MessageType);
        return moto.kms.send(cmd as never);
      },
    } as unknown as KMSClient;
    const viaSpy = await KmsSigner.create(spy, keyArn);
    const big = Buffer.alloc(10_000, 1);
    const env = await viaSpy.sign(big, 'big.bin');
    expect(sent).toEqual(['DIGEST', 'RAW']);
    expect(verifyEnvelope(big, env, real.publicKeyPem())).toEqual({ ok: true });

    // A KMS that honours DIGEST (as AWS does): ECDSA over the given SHA-256, one call.
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const messages = new Map([[createHash('sha256').update(big).digest('hex'), big]]);
    const calls: string[] = [];
    const honest = {
      send: async (cmd: { input: Record<string, unknown>; constructor: { name: string } }) => {
        if (cmd.constructor.name === 'GetPublicKeyCommand') return { KeyId: 'arn:aws:kms:us-east-1:111111111111:key/honest', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'], PublicKey: der };
        calls.push(String(cmd.input.MessageType));
        const msg = Buffer.from(cmd.input.Message as Uint8Array);
        const original = cmd.input.MessageType === 'DIGEST' ? messages.get(msg.toString('hex'))! : msg;
        return { Signature: nodeSign('sha256', original, { key: privateKey, dsaEncoding: 'der' }) };
      },
    } as unknown as KMSClient;
    const hs = await KmsSigner.create(honest, 'alias/honest');
    const env2 = await hs.sign(big, 'big.bin');
    expect(calls).toEqual(['DIGEST']);
    expect(verifyEnvelope(big, env2, hs.publicKeyPem())).toEqual({ ok: true });
  });

  it('refuses a key that cannot sign with ECDSA P-256, and names a missing key', async () => {
    const sym = await makeKmsKey(moto.kms, 'encrypt');
    await expect(KmsSigner.create(moto.kms, sym)).rejects.toThrow(/needs an asymmetric ECC_NIST_P256 key/);
    await expect(KmsSigner.create(moto.kms, 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000')).rejects.toThrow(/cannot read the public key of KMS key/);
  });

  it('is told apart from an Ed25519 signer by key id and algorithm', async () => {
    const signer = await KmsSigner.create(moto.kms, keyArn);
    const env = await signer.sign(Buffer.from('x'), 'x');
    const { publicKey } = generateKeyPairSync('ed25519');
    const other = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyEnvelope(Buffer.from('x'), env, other)).toMatchObject({ ok: false, code: 'unknown-key' });
    expect(verifyEnvelope(Buffer.from('x'), { ...env, algorithm: 'Ed25519' }, signer.publicKeyPem())).toMatchObject({ ok: false, code: 'unknown-key' });
  });
});
