import { defineCheck } from './define.ts';

export const kmsCustomerKeyRotation = defineCheck({
  id: 'kms-customer-key-rotation',
  title: 'Customer managed KMS keys rotate automatically',
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
