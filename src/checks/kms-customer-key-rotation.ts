// Judges each enabled customer managed KMS key that KMS can rotate (symmetric, KMS-generated material).
// COMPLIANT: automatic key rotation is enabled; disabled, pending-deletion and non-rotatable keys are not applicable.
import { defineCheck } from './define.ts';

export const kmsCustomerKeyRotation = defineCheck({
  id: 'kms-customer-key-rotation',
  title: 'Customer managed KMS keys rotate automatically',
  rationale: 'Rotating key material limits how much data is protected by any one version of a key and is required by several frameworks\' cryptographic key management controls; KMS does it without re-encrypting data or changing the key id.',
  remediation: 'Turn on rotation: KMS console > Customer managed keys > the key > Key rotation > Automatically rotate, or `aws kms enable-key-rotation --key-id <key-id>` (optionally `--rotation-period-in-days`).',
  resourceType: 'AWS::KMS::Key',
  uses: ['kms-keys'],
  evaluate({ 'kms-keys': ds }) {
    return {
      kind: 'evaluated',
      results: ds.keys.map((k) => {
        const base = { resourceType: 'AWS::KMS::Key', resourceId: k.KeyId };
        if (k.KeyState !== 'Enabled') return { ...base, compliance: 'NOT_APPLICABLE' as const, annotation: `key is ${k.KeyState}` };
        if (!k.rotation) return { ...base, compliance: 'NOT_APPLICABLE' as const, annotation: `KMS does not rotate ${k.KeySpec} keys` };
        return k.rotation.KeyRotationEnabled ? { ...base, compliance: 'COMPLIANT' as const } : { ...base, compliance: 'NON_COMPLIANT' as const, annotation: 'automatic rotation is off' };
      }),
    };
  },
});
