// Judges the account-wide S3 Block Public Access configuration.
// COMPLIANT: the account has a configuration with BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets all true.
import { defineCheck } from './define.ts';

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export const s3AccountPublicAccessBlocked = defineCheck({
  id: 's3-account-public-access-blocked',
  title: 'S3 Block Public Access is on for the whole account (all four settings)',
  rationale: 'The account-level block is a single safeguard that stops any bucket, now or later, from being opened to the internet by an ACL or bucket policy, whatever an individual bucket\'s settings are.',
  remediation: 'Turn on all four settings: S3 console > Block Public Access settings for this account > Edit, or `aws s3control put-public-access-block --account-id <id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.',
  resourceType: 'AWS::::Account',
  uses: ['s3-account-public-access-block'],
  evaluate({ 's3-account-public-access-block': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    const c = ds.PublicAccessBlockConfiguration;
    if (!c) return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: 'no account-level Block Public Access configuration' }] };
    const off = SETTINGS.filter((s) => !c[s]);
    return { kind: 'evaluated', results: [off.length === 0 ? { ...base, compliance: 'COMPLIANT' } : { ...base, compliance: 'NON_COMPLIANT', annotation: `off: ${off.join(', ')}` }] };
  },
});
