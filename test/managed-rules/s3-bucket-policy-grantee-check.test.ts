import { describe, expect, it } from 'vitest';
import { item, ruleCases } from './helpers.ts';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';

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
const allow = (Principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal, Action: ['s3:GetObject', 's3:PutObject'], Resource: [ARN, `${ARN}/*`], ...extra });
const denyPlainHttp = { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [ARN, `${ARN}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const accounts = { awsPrincipals: '111122223333, 444455556666' };

ruleCases('S3_BUCKET_POLICY_GRANTEE_CHECK', {
  compliant: [
    { name: 'no bucket policy', item: bucket(null), params: accounts },
    { name: 'no bucket policy, no parameters', item: bucket(null) },
    // The page's examples.
    { name: 'only a listed account (by id)', item: bucket([allow({ AWS: '111122223333' })]), params: accounts },
    { name: 'both listed accounts (root ARNs)', item: bucket([allow({ AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] })]), params: accounts },
    { name: 'a listed role ARN, and a deny for everyone', item: bucket([allow({ AWS: 'arn:aws:iam::111122223333:role/reader' }), denyPlainHttp]), params: { awsPrincipals: 'arn:aws:iam::111122223333:role/reader' } },
    { name: 'a role matched by a partial (wildcard) ARN', item: bucket([allow({ AWS: 'arn:aws:iam::111122223333:role/etl-loader' })]), params: { awsPrincipals: 'arn:aws:iam::111122223333:role/*' } },
    { name: 'a listed service principal', item: bucket([allow({ Service: 'cloudtrail.amazonaws.com' })]), params: { servicePrincipals: 'cloudtrail.amazonaws.com, lambda.amazonaws.com' } },
    { name: 'a listed federated provider', item: bucket([allow({ Federated: 'cognito-identity.amazonaws.com' })]), params: { federatedUsers: 'cognito-identity.amazonaws.com' } },
    { name: 'anyone, from a listed network', item: bucket([allow('*', { Condition: { IpAddress: { 'aws:SourceIp': ['192.168.1.0/25', '10.0.0.1'] } } })]), params: { ipAddresses: '10.0.0.1, 192.168.1.0/24, 2001:db8::/32' } },
    { name: 'anyone, from a listed IPv6 network', item: bucket([allow({ AWS: '*' }, { Condition: { IpAddress: { 'aws:SourceIp': '2001:db8:0:12::/64' } } })]), params: { ipAddresses: '2001:db8::/32' } },
    { name: 'anyone, from a listed VPC', item: bucket([allow('*', { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1234abc0' } } })]), params: { vpcIds: 'vpc-1234abc0, vpc-ab1234c0' } },
    { name: 'only deny statements, no parameters', item: bucket([denyPlainHttp]) },
  ],
  nonCompliant: [
    { name: 'an unlisted account (the page\'s example)', item: bucket([allow({ AWS: '999900009999' })]), params: accounts },
    { name: 'one listed and one unlisted account', item: bucket([allow({ AWS: ['111122223333', 'arn:aws:iam::999900009999:root'] })]), params: accounts },
    { name: 'an account id does not match a role of that account', item: bucket([allow({ AWS: 'arn:aws:iam::111122223333:role/reader' })]), params: accounts },
    { name: 'anyone', item: bucket([allow('*')]), params: accounts },
    { name: 'an unlisted service principal', item: bucket([allow({ Service: 's3.amazonaws.com' })]), params: { servicePrincipals: 'cloudtrail.amazonaws.com' } },
    { name: 'a canonical user', item: bucket([allow({ CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' })]), params: accounts },
    { name: 'NotPrincipal in an Allow statement', item: bucket([{ Effect: 'Allow', NotPrincipal: { AWS: '999900009999' }, Action: 's3:GetObject', Resource: `${ARN}/*` }]), params: accounts },
    { name: 'anyone from a network wider than the listed one', item: bucket([allow('*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })]), params: { ipAddresses: '10.0.0.0/16' } },
    { name: 'anyone outside a listed network (NotIpAddress)', item: bucket([allow('*', { Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/16' } } })]), params: { ipAddresses: '10.0.0.0/16' } },
    { name: 'anyone, IpAddressIfExists', item: bucket([allow('*', { Condition: { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/24' } } })]), params: { ipAddresses: '10.0.0.0/16' } },
    { name: 'anyone from a VPC and an unlisted one', item: bucket([allow('*', { Condition: { StringEquals: { 'aws:SourceVpc': ['vpc-1234abc0', 'vpc-99999999'] } } })]), params: { vpcIds: 'vpc-1234abc0' } },
    { name: 'anyone from a VPC matched by a wildcard', item: bucket([allow('*', { Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } })]), params: { vpcIds: 'vpc-1234abc0' } },
    { name: 'an organization condition restricts nothing here', item: bucket([allow('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })]), params: accounts },
    { name: 'the second statement grants an unlisted account', item: bucket([allow({ AWS: '111122223333' }), allow({ AWS: '999900009999' }), denyPlainHttp]), params: accounts },
    { name: 'own account, no parameters (nothing is listed)', item: bucket([allow({ AWS: 'arn:aws:iam::123456789012:root' })]) },
    { name: 'more than five policy variables in one value', item: bucket([allow({ AWS: '111122223333' }, { Resource: `${ARN}/\${aws:username}/\${aws:userid}/\${aws:PrincipalTag/a}/\${aws:PrincipalTag/b}/\${aws:PrincipalTag/c}/\${aws:PrincipalTag/d}/*` })]), params: accounts },
  ],
  notApplicable: [{ name: 'not a bucket', item: item('AWS::S3::AccessPoint', { configuration: {} }), params: accounts }],
  malformed: [
    { name: 'policy text not JSON', item: bucket('{not json'), params: accounts },
    { name: 'statement without an effect', item: bucket([{ Principal: { AWS: '111122223333' }, Action: 's3:GetObject' }]), params: accounts },
    { name: 'an Allow without a principal', item: bucket([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${ARN}/*` }]), params: accounts },
    { name: 'AWS principal a number', item: bucket([allow({ AWS: 111122223333 })]), params: accounts },
    { name: 'a source IP that is not an address', item: bucket([allow('*', { Condition: { IpAddress: { 'aws:SourceIp': 'office' } } })]), params: { ipAddresses: '10.0.0.0/16' } },
    { name: 'no BucketPolicy in the supplementary configuration', item: { ...bucket(null), supplementaryConfiguration: { IsRequesterPaysEnabled: false } }, params: accounts },
  ],
});

describe('S3_BUCKET_POLICY_GRANTEE_CHECK ipAddresses', () => {
  it('must be IP addresses or CIDR blocks', () => {
    expect(() => ruleEvaluator('S3_BUCKET_POLICY_GRANTEE_CHECK')!.evaluate(bucket([allow({ AWS: '111122223333' })]), { ipAddresses: '10.0.0.0/33' })).toThrow(InvalidParameterError);
  });
  it('an IPv4 block never covers an IPv6 one, nor the reverse', () => {
    const judge = (source: string, listed: string) => ruleEvaluator('S3_BUCKET_POLICY_GRANTEE_CHECK')!.evaluate(bucket([allow('*', { Condition: { IpAddress: { 'aws:SourceIp': source } } })]), { ipAddresses: listed }).compliance;
    expect(judge('10.0.0.0/24', '::/0')).toBe('NON_COMPLIANT');
    expect(judge('2001:db8::1', '0.0.0.0/0')).toBe('NON_COMPLIANT');
    expect(judge('2001:db8::1', '2001:db8::/127')).toBe('COMPLIANT');
  });
});
