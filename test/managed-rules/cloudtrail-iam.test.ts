import { describe, expect, it } from 'vitest';
import { item, ruleCases, withField } from './helpers.ts';
import { ruleEvaluator, InvalidParameterError } from '../../src/managed-rules/index.ts';

function trail(over: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::CloudTrail::Trail', {
    resourceId: 'org-trail',
    configuration: {
      name: 'org-trail',
      trailARN: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail',
      s3BucketName: 'acme-cloudtrail',
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      homeRegion: 'eu-west-1',
      logFileValidationEnabled: true,
      cloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail:*',
      cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/cloudtrail-logs',
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/ct-key',
      hasCustomEventSelectors: false,
      hasInsightSelectors: false,
      isOrganizationTrail: true,
      ...over,
    },
  });
}

const user = (over: Record<string, unknown> = {}) =>
  item('AWS::IAM::User', {
    resourceId: 'AIDAEXAMPLEUSER00001',
    resourceName: 'alice',
    configuration: { path: '/', userName: 'alice', userId: 'AIDAEXAMPLEUSER00001', arn: 'arn:aws:iam::123456789012:user/alice', createDate: '2024-01-02T03:04:05.000Z', userPolicyList: [], groupList: ['engineers'], attachedManagedPolicies: [], permissionsBoundary: null, tags: [], ...over },
  });

const role = (over: Record<string, unknown> = {}) =>
  item('AWS::IAM::Role', {
    resourceId: 'AROAEXAMPLEROLE00001',
    resourceName: 'deployer',
    configuration: { path: '/', roleName: 'deployer', roleId: 'AROAEXAMPLEROLE00001', arn: 'arn:aws:iam::123456789012:role/deployer', assumeRolePolicyDocument: '%7B%7D', instanceProfileList: [], rolePolicyList: [], attachedManagedPolicies: [], ...over },
  });

const group = (over: Record<string, unknown> = {}) =>
  item('AWS::IAM::Group', { resourceId: 'AGPAEXAMPLEGROUP0001', resourceName: 'engineers', configuration: { path: '/', groupName: 'engineers', groupId: 'AGPAEXAMPLEGROUP0001', groupPolicyList: [], attachedManagedPolicies: [], ...over } });

// IAM keeps documents URL-encoded, and so do the configuration items.
const encoded = (statements: unknown[]) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));

function policy(statements: unknown[], over: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::IAM::Policy', {
    resourceId: 'ANPAEXAMPLEPOLICY001',
    resourceName: 'app-policy',
    configuration: {
      policyName: 'app-policy',
      policyId: 'ANPAEXAMPLEPOLICY001',
      arn: 'arn:aws:iam::123456789012:policy/app-policy',
      path: '/',
      defaultVersionId: 'v2',
      attachmentCount: 1,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      policyVersionList: [
        { document: encoded([{ Effect: 'Allow', Action: '*', Resource: '*' }]), versionId: 'v1', isDefaultVersion: false, createDate: '2024-01-01T00:00:00.000Z' },
        { document: encoded(statements), versionId: 'v2', isDefaultVersion: true, createDate: '2024-06-01T00:00:00.000Z' },
      ],
      ...over,
    },
  });
}

const readS3 = { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-data/*'] };

ruleCases('CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', {
  compliant: [{ name: 'sends to a log group', item: trail() }],
  nonCompliant: [{ name: 'no log group', item: trail({ cloudWatchLogsLogGroupArn: null, cloudWatchLogsRoleArn: null }) }],
  malformed: [{ name: 'not a trail configuration', item: withField(trail(), 'configuration.trailARN', undefined) }],
});

describe('CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED parameters', () => {
  it('refuses expectedDeliveryWindowAge, which needs the trail status', () => {
    expect(() => ruleEvaluator('CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED')!.evaluate(trail(), { expectedDeliveryWindowAge: '24' })).toThrow(InvalidParameterError);
  });
});

ruleCases('CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', {
  compliant: [{ name: 'validation on', item: trail() }],
  nonCompliant: [{ name: 'validation off', item: trail({ logFileValidationEnabled: false }) }],
  malformed: [{ name: 'validation flag missing', item: withField(trail(), 'configuration.logFileValidationEnabled', undefined) }],
});

ruleCases('CLOUD_TRAIL_ENCRYPTION_ENABLED', {
  compliant: [{ name: 'SSE-KMS', item: trail() }],
  nonCompliant: [{ name: 'SSE-S3 only', item: trail({ kmsKeyId: null }) }],
  malformed: [{ name: 'kmsKeyId is a number', item: trail({ kmsKeyId: 42 }) }],
});

ruleCases('IAM_USER_NO_POLICIES_CHECK', {
  compliant: [{ name: 'permissions through groups only', item: user() }],
  nonCompliant: [
    { name: 'managed policy attached', item: user({ attachedManagedPolicies: [{ policyName: 'ReadOnlyAccess', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }) },
    { name: 'inline policy', item: user({ userPolicyList: [{ policyName: 'adhoc', policyDocument: encoded([readS3]) }] }) },
  ],
  malformed: [{ name: 'policy lists missing', item: withField(user(), 'configuration.attachedManagedPolicies', undefined) }],
});

ruleCases('IAM_USER_GROUP_MEMBERSHIP_CHECK', {
  compliant: [{ name: 'in a group', item: user() }, { name: 'in a listed group', item: user(), params: { groupNames: 'admins,engineers' } }],
  nonCompliant: [{ name: 'in no group', item: user({ groupList: [] }) }, { name: 'not in a listed group', item: user(), params: { groupNames: 'admins' } }],
  malformed: [{ name: 'groupList of objects', item: user({ groupList: [{ groupName: 'engineers' }] }) }],
});

ruleCases('IAM_NO_INLINE_POLICY_CHECK', {
  compliant: [{ name: 'user without inline policy', item: user() }, { name: 'role without inline policy', item: role() }, { name: 'group without inline policy', item: group() }],
  nonCompliant: [
    { name: 'role with an inline policy', item: role({ rolePolicyList: [{ policyName: 'inline', policyDocument: encoded([readS3]) }] }) },
    { name: 'group with an inline policy', item: group({ groupPolicyList: [{ policyName: 'inline', policyDocument: encoded([readS3]) }] }) },
  ],
  notApplicable: [{ name: 'service-linked role', item: role({ path: '/aws-service-role/rds.amazonaws.com/', rolePolicyList: [{ policyName: 'x', policyDocument: '' }] }) }],
  malformed: [{ name: 'role policy list missing', item: withField(role(), 'configuration.rolePolicyList', undefined) }],
});

ruleCases('IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', {
  compliant: [
    { name: 'scoped statements (an older version had admin)', item: policy([readS3]) },
    { name: '* actions denied, not allowed', item: policy([readS3, { Effect: 'Deny', Action: '*', Resource: '*' }]) },
  ],
  nonCompliant: [{ name: 'Allow * on *', item: policy([readS3, { Effect: 'Allow', Action: ['*'], Resource: '*' }]) }],
  notApplicable: [{ name: 'boundary-only policy when excluded', item: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }], { attachmentCount: 0, permissionsBoundaryUsageCount: 3 }), params: { excludePermissionBoundaryPolicy: 'true' } }],
  malformed: [
    { name: 'no default version', item: policy([readS3], { policyVersionList: [] }) },
    { name: 'document not URL-encoded JSON', item: policy([readS3], { policyVersionList: [{ document: '%7Bnot json', versionId: 'v1', isDefaultVersion: true }] }) },
  ],
});

ruleCases('IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS', {
  compliant: [{ name: 'named actions only', item: policy([readS3]) }],
  nonCompliant: [{ name: 'kms:* allowed', item: policy([readS3, { Effect: 'Allow', Action: 'kms:*', Resource: 'arn:aws:kms:eu-west-1:123456789012:key/k1' }]) }],
  malformed: [{ name: 'Action is a number', item: policy([{ Effect: 'Allow', Action: 3, Resource: '*' }]) }],
});

const BLOCKED = { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' };
const decryptAll = { Effect: 'Allow', Action: 'kms:*', Resource: '*' };
const decryptOneKey = { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:eu-west-1:123456789012:key/k1' };
const describeKeys = { Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:ListKeys'], Resource: '*' };

ruleCases('IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', {
  compliant: [{ name: 'only describe and list on keys', item: policy([readS3, describeKeys]), params: BLOCKED }],
  nonCompliant: [
    { name: 'kms:* on every resource', item: policy([decryptAll]), params: BLOCKED },
    { name: 'decrypt on a named key', item: policy([decryptOneKey]), params: BLOCKED },
    { name: 'a wildcard pattern matching the action', item: policy([{ Effect: 'Allow', Action: 'kms:ReEncryptFrom', Resource: '*' }]), params: { blockedActionsPatterns: 'kms:ReEncrypt*' } },
  ],
  notApplicable: [{ name: 'boundary-only policy when excluded', item: policy([decryptAll], { attachmentCount: 0, permissionsBoundaryUsageCount: 1 }), params: { ...BLOCKED, excludePermissionBoundaryPolicy: 'true' } }],
  malformed: [{ name: 'no default version', item: policy([decryptAll], { policyVersionList: [] }), params: BLOCKED }],
});

describe('IAM_*_BLOCKED_KMS_ACTIONS parameters', () => {
  it('needs blockedActionsPatterns, which has no default', () => {
    expect(() => ruleEvaluator('IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS')!.evaluate(policy([decryptAll]))).toThrow(InvalidParameterError);
    expect(() => ruleEvaluator('IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS')!.evaluate(role())).toThrow(InvalidParameterError);
  });
});

ruleCases('IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS', {
  compliant: [
    { name: 'role with a harmless inline policy', item: role({ rolePolicyList: [{ policyName: 'describe', policyDocument: encoded([describeKeys]) }] }), params: BLOCKED },
    { name: 'user without inline policies', item: user(), params: BLOCKED },
  ],
  nonCompliant: [
    { name: 'role allowing kms:*', item: role({ rolePolicyList: [{ policyName: 'kms-admin', policyDocument: encoded([decryptAll]) }] }), params: BLOCKED },
    { name: 'group allowing decrypt', item: group({ groupPolicyList: [{ policyName: 'decrypt', policyDocument: encoded([decryptOneKey]) }] }), params: BLOCKED },
  ],
  malformed: [{ name: 'inline document not JSON', item: role({ rolePolicyList: [{ policyName: 'x', policyDocument: '%7Bbroken' }] }), params: BLOCKED }],
});
