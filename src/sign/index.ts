// The public surface of src/sign/: what the other layers import from it.
export { openKmsSigner } from './kms.ts';
export { algorithmOf, encodeEnvelope, fingerprintOf, generateKeyFile, keyIdOf, loadOrCreateKey, parseEnvelope, type SignatureAlgorithm, type SignatureEnvelope, type Signer, verifyEnvelope, verifyRaw } from './signer.ts';
export { findOrphans, type OrphanReport, type Problem, type VerifyReport, verifyStore } from './verify-run.ts';
