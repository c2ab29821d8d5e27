// Detached signatures over whole files. The envelope is JSON beside the signed file
// (<file>.sig); the signature itself is a standard one over the file's bytes, so OpenSSL checks
// it without this tool:
//   Ed25519 (local key file):  openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in FILE -sigfile sig.bin
//   ECDSA P-256 / SHA-256 (AWS KMS, DER signature):  openssl dgst -sha256 -verify pub.pem -signature sig.der FILE
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EvidenceError } from '../domain/index.ts';

export const SIGNATURE_ALGORITHMS = ['Ed25519', 'ECDSA_P256_SHA256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export interface SignatureEnvelope {
  format: 'evidence-signature/v1';
  algorithm: SignatureAlgorithm;
  keyId: string;
  /** Name of the signed file (informational; the signature binds the bytes, not the name). */
  file: string;
  sha256: string;
  signedAt: string;
  /** Base64 of the raw signature (Ed25519: 64 bytes; ECDSA: DER-encoded). */
  signature: string;
  /** The AWS KMS key that made an ECDSA signature (informational: verification uses the public key). */
  kmsKeyArn?: string;
}

export interface Signer {
  readonly algorithm: SignatureAlgorithm;
  /** "<type>:" + the first 16 hex digits of the sha256 of the DER public key. */
  readonly keyId: string;
  publicKeyPem(): string;
  sign(data: Uint8Array, fileName: string, signedAt?: Date): Promise<SignatureEnvelope>;
}

export class SigningKeyError extends EvidenceError {
  override readonly name = 'SigningKeyError';
}

/** The signature algorithm a public key makes, or null when this tool does not sign with it. */
export function algorithmOf(publicKey: KeyObject): SignatureAlgorithm | null {
  if (publicKey.asymmetricKeyType === 'ed25519') return 'Ed25519';
  if (publicKey.asymmetricKeyType === 'ec' && publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ECDSA_P256_SHA256';
  return null;
}

/** Key id: "ed25519:" or "ecdsa-p256:" + the first 16 hex digits of the SHA-256 of the DER public key. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const alg = algorithmOf(publicKey);
  const type = alg === 'Ed25519' ? 'ed25519' : alg === 'ECDSA_P256_SHA256' ? 'ecdsa-p256' : (publicKey.asymmetricKeyType ?? 'key');
  return `${type}:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** Verifies a raw signature over data with a public key, by the envelope's algorithm. */
export function verifyRaw(algorithm: SignatureAlgorithm, data: Uint8Array, publicKey: KeyObject, signature: Uint8Array): boolean {
  try {
    if (algorithm === 'Ed25519') return verify(null, data, publicKey, signature);
    return verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

export class LocalSigner implements Signer {
  readonly algorithm = 'Ed25519' as const;
  readonly keyId: string;
  private readonly publicKey: KeyObject;
  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new SigningKeyError(`signing key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'unknown'}`);
    }
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  async sign(data: Uint8Array, fileName: string, signedAt = new Date()): Promise<SignatureEnvelope> {
    // On libuv's threads: Ed25519 hashes the whole file twice, and reports run to megabytes.
    const signature = await new Promise<Buffer>((resolve, reject) => sign(null, data, this.privateKey, (err, sig) => (err ? reject(err) : resolve(sig))));
    return {
      format: 'evidence-signature/v1',
      algorithm: 'Ed25519',
      keyId: this.keyId,
      file: fileName,
      sha256: createHash('sha256').update(data).digest('hex'),
      signedAt: signedAt.toISOString(),
      signature: signature.toString('base64'),
    };
  }
}

/** Creates a new key file (PKCS#8 PEM, mode 0600). Refuses to overwrite an existing key. */
export async function generateKeyFile(file: string): Promise<LocalSigner> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  try {
    await fs.writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SigningKeyError(`key file ${file} already exists; refusing to overwrite it`, { cause: err });
    }
    throw err;
  }
  return new LocalSigner(privateKey);
}

export async function loadKeyFile(file: string): Promise<LocalSigner> {
  let pem: string;
  try {
    const st = await fs.stat(file);
    if ((st.mode & 0o077) !== 0) {
      throw new SigningKeyError(`key file ${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 ${file}`);
    }
    pem = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof SigningKeyError) throw err;
    throw new SigningKeyError(`cannot read signing key ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return new LocalSigner(createPrivateKey(pem));
  } catch (err) {
    throw new SigningKeyError(`signing key ${file} is not a PEM private key: ${(err as Error).message}`, { cause: err });
  }
}

/** Loads the key, or creates it when missing and `create` is set (the demo's first run). */
export async function loadOrCreateKey(file: string, create: boolean): Promise<{ signer: LocalSigner; created: boolean }> {
  try {
    await fs.access(file);
  } catch {
    if (!create) throw new SigningKeyError(`no signing key at ${file}; create one with: evidence keygen --key ${file}`);
    return { signer: await generateKeyFile(file), created: true };
  }
  return { signer: await loadKeyFile(file), created: false };
}

/** Why a signature did not verify: the key is not the trusted one, the bytes changed, or the signature is wrong. */
export type VerifyFailure = 'unknown-key' | 'changed' | 'bad-signature' | 'unsupported';
export type VerifyResult = { ok: true } | { ok: false; reason: string; code: VerifyFailure };

// Trend verifies one signature per run with the same key: parsing the PEM and deriving its id
// each time cost about a tenth of a millisecond apiece. Keys are few; the cache stays small.
const parsedKeys = new Map<string, { publicKey: KeyObject; keyId: string }>();
function parsedPublicKey(pem: string): { publicKey: KeyObject; keyId: string } {
  let hit = parsedKeys.get(pem);
  if (!hit) {
    const publicKey = createPublicKey(pem);
    hit = { publicKey, keyId: keyIdOf(publicKey) };
    if (parsedKeys.size >= 64) parsedKeys.clear();
    parsedKeys.set(pem, hit);
  }
  return hit;
}

export function verifyEnvelope(data: Uint8Array, envelope: SignatureEnvelope, publicKeyPem: string): VerifyResult {
  if (envelope.format !== 'evidence-signature/v1' || !SIGNATURE_ALGORITHMS.includes(envelope.algorithm)) {
    return { ok: false, code: 'unsupported', reason: `unsupported signature format ${envelope.format}/${envelope.algorithm}` };
  }
  let publicKey: KeyObject;
  let keyId: string;
  try {
    ({ publicKey, keyId } = parsedPublicKey(publicKeyPem));
  } catch (err) {
    return { ok: false, code: 'unknown-key', reason: `the public key is not a PEM public key: ${(err as Error).message}` };
  }
  if (keyId !== envelope.keyId) {
    return { ok: false, code: 'unknown-key', reason: `signed by key ${envelope.keyId}, not by the trusted key ${keyId}` };
  }
  if (algorithmOf(publicKey) !== envelope.algorithm) {
    return { ok: false, code: 'unknown-key', reason: `signature algorithm ${envelope.algorithm} does not match the key (${algorithmOf(publicKey) ?? publicKey.asymmetricKeyType})` };
  }
  const digest = createHash('sha256').update(data).digest('hex');
  if (digest !== envelope.sha256) {
    return { ok: false, code: 'changed', reason: `content sha256 ${digest} differs from the signed ${envelope.sha256}` };
  }
  const good = verifyRaw(envelope.algorithm, data, publicKey, Buffer.from(envelope.signature, 'base64'));
  return good ? { ok: true } : { ok: false, code: 'bad-signature', reason: 'signature does not match the content' };
}

export function parseEnvelope(bytes: Uint8Array, where: string): SignatureEnvelope {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new SigningKeyError(`${where}: signature file is not JSON`);
  }
  const e = v as Partial<SignatureEnvelope>;
  if (!e || typeof e !== 'object' || typeof e.signature !== 'string' || typeof e.keyId !== 'string' || typeof e.sha256 !== 'string') {
    throw new SigningKeyError(`${where}: signature file lacks signature, keyId or sha256`);
  }
  return e as SignatureEnvelope;
}

export function encodeEnvelope(e: SignatureEnvelope): Uint8Array {
  return Buffer.from(JSON.stringify(e, null, 2) + '\n');
}
