import { describe, expect, it } from 'vitest';
import { item, ruleCases } from './helpers.ts';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';

// A versioned bucket item, with this Object Lock configuration (none: Object Lock never enabled).
function bucket(lock?: unknown, name = 'acme-records'): ReturnType<typeof item> {
  return item('AWS::S3::Bucket', {
    resourceId: name,
    resourceName: name,
    configuration: { name, creationDate: '2025-03-02T10:11:12.000Z' },
    supplementaryConfiguration: {
      BucketPolicy: { policyText: null },
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: false },
      IsRequesterPaysEnabled: false,
      ...(lock === undefined ? {} : { ObjectLockConfiguration: lock }),
    },
  });
}
const locked = (defaultRetention?: Record<string, unknown>) => ({ objectLockEnabled: 'Enabled', ...(defaultRetention ? { rule: { defaultRetention } } : {}) });

ruleCases('S3_BUCKET_DEFAULT_LOCK_ENABLED', {
  compliant: [
    { name: 'Object Lock enabled, no default retention', item: bucket(locked()) },
    { name: 'Object Lock with governance retention', item: bucket(locked({ mode: 'GOVERNANCE', days: 30 })) },
    { name: 'compliance mode asked and used', item: bucket(locked({ mode: 'COMPLIANCE', years: 7 })), params: { mode: 'COMPLIANCE' } },
    { name: 'governance mode asked and used, item as JSON text', item: bucket(JSON.stringify(locked({ mode: 'GOVERNANCE', days: 90 }))), params: { mode: 'GOVERNANCE' } },
  ],
  nonCompliant: [
    { name: 'no Object Lock configuration', item: bucket() },
    { name: 'compliance mode asked, governance used', item: bucket(locked({ mode: 'GOVERNANCE', days: 30 })), params: { mode: 'COMPLIANCE' } },
    { name: 'a mode asked, no default retention', item: bucket(locked()), params: { mode: 'GOVERNANCE' } },
  ],
  notApplicable: [{ name: 'not a bucket', item: item('AWS::S3::AccessPoint', { configuration: {} }) }],
  malformed: [
    { name: 'configuration without objectLockEnabled', item: bucket({ rule: { defaultRetention: { mode: 'GOVERNANCE', days: 1 } } }) },
    { name: 'objectLockEnabled not a string', item: bucket({ objectLockEnabled: true }) },
    { name: 'configuration not an object', item: bucket('Enabled') },
    { name: 'retention mode not a string', item: bucket(locked({ mode: 1, days: 1 })), params: { mode: 'GOVERNANCE' } },
  ],
});

describe('S3_BUCKET_DEFAULT_LOCK_ENABLED mode', () => {
  it('rejects a mode other than GOVERNANCE or COMPLIANCE', () => {
    expect(() => ruleEvaluator('S3_BUCKET_DEFAULT_LOCK_ENABLED')!.evaluate(bucket(locked()), { mode: 'LEGAL_HOLD' })).toThrow(InvalidParameterError);
  });
});
