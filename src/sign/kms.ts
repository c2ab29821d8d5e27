// AWS KMS signer: an asymmetric ECC_NIST_P256 key, ECDSA_SHA_256. The private key never leaves
// KMS; the public key (GetPublicKey) is kept beside the signatures, so verification is offline
// and works with `openssl dgst -sha256 -verify pub.pem -signature sig.der FILE`.
//
// The signature is always ECDSA over SHA-256 of the file's bytes. Inputs up to 4096 bytes are
// sent whole (MessageType RAW, KMS's limit); larger ones as their SHA-256 (MessageType DIGEST).
// Every signature is checked against the public key before it is used: an implementation that
// ignores DIGEST (moto does: it signs the digest as if it were the message) is detected, and the
// input is then sent RAW, which such an implementation accepts at any size.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand, type MessageType } from '@aws-sdk/client-kms';
import { keyIdOf, SigningKeyError, verifyRaw, type SignatureEnvelope, type Signer } from './signer.ts';

/** KMS's limit for MessageType RAW. */
export const KMS_RAW_LIMIT = 4096;

export interface KmsClientOptions {
  region?: string;
  endpoint?: string;
  profile?: string;
}

/** A KMS client: the region comes from the key's ARN when it is one; AWS_ENDPOINT_URL_KMS / AWS_ENDPOINT_URL apply. */
export function makeKmsClient(keyId: string, o: KmsClientOptions = {}): KMSClient {
  const arnRegion = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(keyId)?.[1];
  const endpoint = o.endpoint ?? (process.env.AWS_ENDPOINT_URL_KMS || undefined) ?? (process.env.AWS_ENDPOINT_URL || undefined);
  return new KMSClient({
    region: arnRegion ?? o.region ?? (process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1'),
    ...(endpoint ? { endpoint } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    maxAttempts: 5,
    requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000 },
  });
}

export class KmsSigner implements Signer {
  readonly algorithm = 'ECDSA_P256_SHA256' as const;
  readonly keyId: string;
  private constructor(
    private readonly client: KMSClient,
    /** The KMS key's ARN (as GetPublicKey names it). */
    readonly kmsKeyArn: string,
    private readonly publicKey: KeyObject,
  ) {
    this.keyId = keyIdOf(publicKey);
  }

  /** Reads the key's public key and checks that it signs with ECDSA P-256 / SHA-256. */
  static async create(client: KMSClient, kmsKeyId: string): Promise<KmsSigner> {
    let out;
    try {
      out = await client.send(new GetPublicKeyCommand({ KeyId: kmsKeyId }));
    } catch (err) {
      const e = err as Error;
      throw new SigningKeyError(`cannot read the public key of KMS key ${kmsKeyId} (kms:GetPublicKey): ${e.name}: ${e.message}`, { cause: err });
    }
    const spec = out.KeySpec ?? out.CustomerMasterKeySpec;
    if (spec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !(out.SigningAlgorithms ?? []).includes('ECDSA_SHA_256')) {
      throw new SigningKeyError(`KMS key ${kmsKeyId} is ${spec ?? 'unknown'} for ${out.KeyUsage ?? 'unknown use'}; signing needs an asymmetric ECC_NIST_P256 key with key usage SIGN_VERIFY`);
    }
    const publicKey = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
    // AWS answers with the key's ARN (moto with its bare id): keep whichever names it fully.
    return new KmsSigner(client, out.KeyId?.startsWith('arn:') ? out.KeyId : kmsKeyId, publicKey);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  private async kmsSign(message: Uint8Array, type: MessageType): Promise<Uint8Array> {
    try {
      const out = await this.client.send(new SignCommand({ KeyId: this.kmsKeyArn, Message: message, MessageType: type, SigningAlgorithm: 'ECDSA_SHA_256' }));
      if (!out.Signature) throw new Error('KMS returned no signature');
      return out.Signature;
    } catch (err) {
      const e = err as Error;
      throw new SigningKeyError(`KMS key ${this.kmsKeyArn} could not sign (kms:Sign, ${type}): ${e.name}: ${e.message}`, { cause: err });
    }
  }

  async sign(data: Uint8Array, fileName: string, signedAt = new Date()): Promise<SignatureEnvelope> {
    const digest = createHash('sha256').update(data).digest();
    let signature: Uint8Array;
    if (data.byteLength <= KMS_RAW_LIMIT) {
      signature = await this.kmsSign(data, 'RAW');
    } else {
      signature = await this.kmsSign(digest, 'DIGEST');
      // An implementation that ignores DIGEST signed sha256(digest): send the bytes RAW instead.
      if (!verifyRaw(this.algorithm, data, this.publicKey, signature)) signature = await this.kmsSign(data, 'RAW');
    }
    if (!verifyRaw(this.algorithm, data, this.publicKey, signature)) {
      throw new SigningKeyError(`KMS key ${this.kmsKeyArn} returned a signature over ${fileName} that its public key does not verify`);
    }
    return {
      format: 'evidence-signature/v1',
      algorithm: this.algorithm,
      keyId: this.keyId,
      file: fileName,
      sha256: digest.toString('hex'),
      signedAt: signedAt.toISOString(),
      signature: Buffer.from(signature).toString('base64'),
      kmsKeyArn: this.kmsKeyArn,
    };
  }
}

/** A KMS signer for a key id, ARN or alias, with a client made from the environment. */
export async function openKmsSigner(kmsKeyId: string, o: KmsClientOptions = {}): Promise<KmsSigner> {
  return KmsSigner.create(makeKmsClient(kmsKeyId, o), kmsKeyId);
}
