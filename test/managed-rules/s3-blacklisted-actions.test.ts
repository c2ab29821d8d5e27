import { describe, expect, it } from 'vitest';
import { item, ruleCases } from './helpers.ts';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';

const params = { blacklistedActionPattern: 's3:GetBucket*, s3:DeleteObject' };
const ARN = 'arn:aws:s3:::acme-shared';

// A bucket item (account 123456789012, as the helper's envelope) with these policy statements.
function bucket(statement: unknown, name = 'acme-shared'): ReturnType<typeof item> {
  return item('AWS::S3::Bucket', {
    resourceId: name,
    resourceName: name,
    configuration: { name, creationDate: '2025-03-02T10:11:12.000Z' },
    supplementaryConfiguration: {
      BucketPolicy: { policyText: statement === null ? null : typeof statement === 'string' ? statement : JSON.stringify({ Version: '2012-10-17', Statement: statement }) },
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      IsRequesterPaysEnabled: false,
    },
  });
}
const allow = (Principal: unknown, Action: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal, Action, Resource: [ARN, `${ARN}/*`], ...extra });
const partner = { AWS: 'arn:aws:iam::444455556666:root' };

ruleCases('S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED', {
  compliant: [
    { name: 'no bucket policy', item: bucket(null), params },
    { name: 'own account may delete objects', item: bucket([allow({ AWS: 'arn:aws:iam::123456789012:role/cleaner' }, 's3:DeleteObject')]), params },
    { name: 'own account by id with every action', item: bucket([allow({ AWS: '123456789012' }, 's3:*')]), params },
    { name: 'partner may only read objects', item: bucket([allow(partner, ['s3:GetObject', 's3:ListBucket'])]), params },
    { name: 'a service principal', item: bucket([allow({ Service: 'logging.s3.amazonaws.com' }, 's3:*')]), params },
    { name: 'a deny for everyone', item: bucket([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [ARN, `${ARN}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]), params },
    { name: 'NotAction excluding every blacklisted action', item: bucket([{ Effect: 'Allow', Principal: partner, NotAction: ['s3:GetBucket*', 's3:Delete*'], Resource: `${ARN}/*` }]), params },
  ],
  nonCompliant: [
    { name: 'partner may delete objects', item: bucket([allow(partner, ['s3:GetObject', 's3:DeleteObject'])]), params },
    { name: 'everyone may read the bucket policy', item: bucket([allow('*', 's3:GetBucketPolicy')]), params },
    { name: 'partner has s3:* (a condition does not count)', item: bucket([allow(partner, 's3:*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })]), params },
    { name: 'partner has s3:Get* which meets s3:GetBucket*', item: bucket([allow({ AWS: ['arn:aws:iam::123456789012:root', '444455556666'] }, 's3:Get*')]), params },
    { name: 'NotAction leaving a blacklisted action', item: bucket([{ Effect: 'Allow', Principal: partner, NotAction: 's3:GetBucket*', Resource: `${ARN}/*` }]), params },
  ],
  notApplicable: [{ name: 'not a bucket', item: item('AWS::S3::AccessPoint', { configuration: {} }), params }],
  malformed: [
    { name: 'policy text not JSON', item: bucket('{not json'), params },
    { name: 'statement without an effect', item: bucket([{ Principal: partner, Action: 's3:DeleteObject' }]), params },
    { name: 'AWS principal a number', item: bucket([allow({ AWS: 444455556666 }, 's3:DeleteObject')]), params },
    { name: 'no account id on the item', item: { ...bucket([allow(partner, 's3:DeleteObject')]), accountId: undefined }, params },
  ],
});

describe('S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED blacklistedActionPattern', () => {
  it('is required', () => {
    expect(() => ruleEvaluator('S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED')!.evaluate(bucket([allow(partner, 's3:DeleteObject')]))).toThrow(InvalidParameterError);
  });
  it('meets wildcards on either side, case-insensitively', () => {
    const judge = (action: string, pattern: string) => ruleEvaluator('S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED')!.evaluate(bucket([allow(partner, action)]), { blacklistedActionPattern: pattern }).compliance;
    expect(judge('s3:Put*', 's3:PutObjectAcl')).toBe('NON_COMPLIANT');
    expect(judge('s3:putobjectacl', 's3:Put*Acl')).toBe('NON_COMPLIANT');
    expect(judge('s3:PutObject', 's3:Put*Acl')).toBe('COMPLIANT');
    expect(judge('s3:GetObject?cl', 's3:GetObjectAcl')).toBe('NON_COMPLIANT');
  });
});
