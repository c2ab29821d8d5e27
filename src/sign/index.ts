// The public surface of src/sign/: what the other layers import from it.
export { algorithmOf, encodeEnvelope, fingerprintOf, generateKeyFile, keyIdOf, loadOrCreateKey, parseEnvelope, type SignatureAlgorithm, type SignatureEnvelope, type Signer, verifyEnvelope, verifyRaw } from './signer.ts';
export { findOrphans, type OrphanReport, type Problem, type VerifyReport, verifyAsWritten, verifyStore } from './verify-run.ts';

// The KMS client (the AWS SDK) loads when a KMS signer is opened: verifying needs none of it.
import type * as KmsModule from './kms.ts';
export async function openKmsSigner(...args: Parameters<typeof KmsModule.openKmsSigner>): ReturnType<typeof KmsModule.openKmsSigner> {
  return (await import('./kms.ts')).openKmsSigner(...args);
}
