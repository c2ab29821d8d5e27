// s3-bucket-ssl-requests-only: the bucket policy must deny requests with aws:SecureTransport false.
// No parameters. Judgement: a Deny statement for every principal, on s3:* or *, conditioned
// Bool/aws:SecureTransport "false", covering the bucket or its objects, is what satisfies the rule.
// The policy text is in supplementaryConfiguration.BucketPolicy.policyText (null when no policy).
import { defineRuleEvaluator, verdict, nonCompliant } from './define.ts';
import { statements } from './lib/policy-document.ts';

function everyone(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') {
    const aws = (p as Record<string, unknown>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

function deniesInsecure(cond: Record<string, unknown> | undefined): boolean {
  const bool = cond?.Bool;
  if (!bool || typeof bool !== 'object') return false;
  const v = (bool as Record<string, unknown>)['aws:SecureTransport'];
  return v === 'false' || v === false || (Array.isArray(v) && (v.includes('false') || v.includes(false)));
}

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_SSL_REQUESTS_ONLY',
  resourceTypes: ['AWS::S3::Bucket'],
  fields: ['supplementaryConfiguration'],
  evaluate({ ci }) {
    const text = ci.optStr('supplementaryConfiguration.BucketPolicy.policyText');
    if (text === undefined) return nonCompliant('the bucket has no policy');
    const ok = statements(ci, 'supplementaryConfiguration.BucketPolicy.policyText', text).some(
      (s) => s.effect === 'Deny' && everyone(s.principals) && s.actions.some((a) => a === '*' || a === 's3:*') && deniesInsecure(s.condition),
    );
    return verdict(ok, 'the bucket policy denies requests without TLS', 'the bucket policy does not deny requests without TLS');
  },
});
