// The service facts agree with the Config verdicts about the same things, on every day, and
// any one of them is computed on its own (no tables), so the sandbox scales.
import { describe, expect, it } from 'vitest';
import { OrgModel } from '../../src/sandbox/org.ts';
import { buildTruth, type SandboxTruth } from '../../src/sandbox/truth.ts';
import { credentialReportRows } from '../../src/sandbox/services/iam.ts';
import { dayEvents } from '../../src/sandbox/services/cloudtrail-events.ts';
import { configurationItem, ITEM_TYPES } from '../../src/sandbox/services/config-items.ts';
import { AWS_MANAGED_KEY_ALIASES, awsManagedKeyId } from '../../src/sandbox/services/kms-facts.ts';

const verdicts = (t: SandboxTruth, account: string, region: string, sid: string): Map<string, string> =>
  new Map((t.configRules[account]![region]!.find((r) => r.SourceIdentifier === sid)?.results ?? []).map((r) => [r.resourceId, r.compliance]));

/** The parts of a bucket's supplementaryConfiguration the S3 API also shows. */
interface BucketSupplement {
  BucketVersioningConfiguration: { status: string };
  ServerSideEncryptionConfiguration?: { rules: { applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyID?: string }; bucketKeyEnabled: boolean }[] };
  PublicAccessBlockConfiguration?: { blockPublicAcls: boolean; ignorePublicAcls: boolean; blockPublicPolicy: boolean; restrictPublicBuckets: boolean };
  BucketPolicy: { policyText: string | null };
}

describe('service facts and Config verdicts', () => {
  for (const seed of [2, 13]) {
    const org = new OrgModel({ seed, accounts: 4 });
    for (const day of [0, 3]) {
      const t = buildTruth(org, day);
      it(`agree for seed ${seed} on day ${day}`, () => {
        const first = org.first;
        for (const a of t.accounts) {
          const g = t.datasets[a]!.global!;
          const acct = (sid: string) => verdicts(t, a, first, sid).get(a);
          expect(acct('ROOT_ACCOUNT_MFA_ENABLED') === 'COMPLIANT').toBe(g['iam-account-summary']!.SummaryMap.AccountMFAEnabled === 1);
          expect(acct('IAM_ROOT_ACCESS_KEY_CHECK') === 'NON_COMPLIANT').toBe(g['iam-account-summary']!.SummaryMap.AccountAccessKeysPresent === 1);
          const p = g['iam-password-policy']!.PasswordPolicy;
          const strong = !!p && p.MinimumPasswordLength! >= 14 && (p.PasswordReusePrevention ?? 0) >= 24 && p.RequireSymbols! && p.RequireNumbers! && p.RequireUppercaseCharacters! && p.RequireLowercaseCharacters! && (p.MaxPasswordAge ?? 999) <= 90;
          expect(acct('IAM_PASSWORD_POLICY')).toBe(strong ? 'COMPLIANT' : 'NON_COMPLIANT');
          const bpa = g['s3-account-public-access-block']!.PublicAccessBlockConfiguration;
          const blocked = !!bpa && Object.values(bpa).every(Boolean);
          expect(acct('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC')).toBe(blocked ? 'COMPLIANT' : 'NON_COMPLIANT');
          // an account-wide block leaves no bucket public
          if (blocked) for (const r of org.regions) expect([...verdicts(t, a, r, 'S3_BUCKET_PUBLIC_READ_PROHIBITED').values()]).not.toContain('NON_COMPLIANT');
          for (const r of org.regions) {
            const d = t.datasets[a]![r]!;
            const gd = verdicts(t, a, r, 'GUARDDUTY_ENABLED_CENTRALIZED').get(a);
            if (gd) expect(gd).toBe(d['guardduty-detectors']!.detectors[0]?.Status === 'ENABLED' ? 'COMPLIANT' : 'NON_COMPLIANT');
            expect(verdicts(t, a, r, 'SECURITYHUB_ENABLED').get(a)).toBe(d['securityhub-standards']!.hub ? 'COMPLIANT' : 'NON_COMPLIANT');
            const cmk = verdicts(t, a, r, 'CMK_BACKING_KEY_ROTATION_ENABLED');
            for (const k of d['kms-keys']!.keys) {
              if (!cmk.has(k.KeyId)) continue; // the rule has no results outside the first region
              expect(cmk.get(k.KeyId), k.KeyId).toBe(k.rotation === null ? 'NOT_APPLICABLE' : k.rotation.KeyRotationEnabled ? 'COMPLIANT' : 'NON_COMPLIANT');
            }
          }
        }
      });
    }
  }

  it('records each bucket in its configuration item as the S3 API answers for it', () => {
    let policies = 0;
    for (const seed of [2, 13]) {
      const org = new OrgModel({ seed, accounts: 2 });
      for (const day of [0, 3]) {
        const t = buildTruth(org, day);
        for (const a of t.accounts) {
          for (const b of t.datasets[a]!.global!['s3-buckets']!.buckets) {
            const at = org.s3.parseBucketName(b.Name)!;
            const sup = configurationItem(org, a, at.region, 'AWS::S3::Bucket', at.index, day).supplementaryConfiguration as BucketSupplement;
            expect(sup.BucketVersioningConfiguration.status, b.Name).toBe(b.Versioning.Status);
            const sse = sup.ServerSideEncryptionConfiguration?.rules[0];
            const api = b.ServerSideEncryptionRules?.[0];
            expect(sse && { SSEAlgorithm: sse.applyServerSideEncryptionByDefault.sseAlgorithm, KMSMasterKeyID: sse.applyServerSideEncryptionByDefault.kmsMasterKeyID, BucketKeyEnabled: sse.bucketKeyEnabled }, b.Name).toEqual(api && { KMSMasterKeyID: undefined, ...api });
            const pab = sup.PublicAccessBlockConfiguration;
            expect(pab && { BlockPublicAcls: pab.blockPublicAcls, IgnorePublicAcls: pab.ignorePublicAcls, BlockPublicPolicy: pab.blockPublicPolicy, RestrictPublicBuckets: pab.restrictPublicBuckets }, b.Name).toEqual(b.PublicAccessBlockConfiguration ?? undefined);
            // A policy exists exactly where GetBucketPolicyStatus answers, public where it says so.
            const text = sup.BucketPolicy.policyText as string | null;
            expect(text !== null, b.Name).toBe(b.PolicyStatus !== null);
            if (text === null) continue;
            policies += 1;
            const statements = (JSON.parse(text) as { Statement: { Effect: string; Principal: unknown }[] }).Statement;
            expect(statements.some((x) => x.Effect === 'Allow' && x.Principal === '*'), b.Name).toBe(b.PolicyStatus!.IsPublic);
          }
        }
      }
    }
    expect(policies).toBeGreaterThan(10);
  });

  it('keeps the organization trail key symmetric and the first member without a password policy', () => {
    const org = new OrgModel({ seed: 4 });
    const trailKey = org.cloudtrail.trails(org.management, org.first)[0]!.KmsKeyId!.split('/').at(-1);
    const k = org.kms.key(org.management, org.first, 0, 0);
    expect(k.id).toBe(trailKey);
    expect(k.spec).toBe('SYMMETRIC_DEFAULT');
    expect(org.iam.passwordPolicy(org.members[0]!, 0)).toBeNull();
    expect(org.s3.accountPublicAccessBlock(org.members[1]!, 0)).toBeNull();
  });
});

describe('scale', () => {
  it('answers one account-region of a 200-account, 4-region, 5,000-resource organization on its own', () => {
    const org = new OrgModel({ seed: 1, accounts: 200, regions: ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'], resources: 5000 });
    const started = Date.now();
    const last = org.accounts.at(-1)!;
    const rows = credentialReportRows(org, last, 5);
    expect(rows).toHaveLength(org.iam.userCount(last) + 1);
    expect(org.s3.bucketNames(last)).toHaveLength(4 * (1 + 500));
    const b = org.s3.bucket(last, 'ap-southeast-2', 500, 5);
    expect(b.name).toBe(`sbx-${last}-ap-southeast-2-500`);
    expect(org.kms.key(last, 'eu-central-1', 250, 5).manager).toBe('CUSTOMER');
    expect(dayEvents(org, last, org.first, 5).length).toBeGreaterThan(100);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('keys named in configuration items', () => {
  it('are keys KMS lists in that account-region, able to encrypt, for every recorded type', () => {
    for (const seed of [2, 7, 13]) {
    const org = new OrgModel({ seed, accounts: 3, resources: 120 });
    const day = 2;
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    let named = 0;
    const managed = new Set<string>();
    for (const a of org.accounts) {
      for (const r of org.regions) {
        const keys = new Map(Array.from({ length: org.kms.keyCount(a, r) }, (_, i) => org.kms.key(a, r, i, day)).map((k) => [k.id, k]));
        for (const type of Object.keys(ITEM_TYPES)) {
          if (type === 'AWS::KMS::Key') continue;
          const kind = ITEM_TYPES[type]!;
          for (let i = 0; i < org.count(kind, a, r); i += 1) {
            const item = configurationItem(org, a, r, type, i, day);
            // Every field whose name says it holds a KMS key, at any depth.
            const walk = (v: unknown, name: string): void => {
              if (typeof v === 'string' && /km[s]?.*key|masterkey/i.test(name)) {
                for (const id of v.match(uuid) ?? []) {
                  const key = keys.get(id);
                  expect(key, `${type} ${i} in ${a}/${r}: ${name} = ${v}`).toBeDefined();
                  expect(key!.usage, `${type} ${name}`).toBe('ENCRYPT_DECRYPT');
                  if (key!.manager === 'AWS') managed.add(key!.alias!);
                  named += 1;
                }
              } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
            };
            walk(item, '');
          }
        }
      }
    }
    expect(named).toBeGreaterThan(50);
    expect([...managed].every((alias) => AWS_MANAGED_KEY_ALIASES.includes(alias))).toBe(true);
    // Where an account-region has no customer key that can encrypt, an item names its service's
    // AWS managed key: the ids it would name are the ones KMS lists.
    for (const a of org.accounts) {
      for (const r of org.regions) {
        const listed = new Set(Array.from({ length: org.kms.keyCount(a, r) }, (_, i) => org.kms.key(a, r, i, day).id));
        for (const alias of AWS_MANAGED_KEY_ALIASES) expect(listed.has(awsManagedKeyId(org.seed, a, r, alias)), alias).toBe(true);
      }
    }
    expect(() => awsManagedKeyId(org.seed, org.accounts[0]!, org.first, 'aws/nosuch')).toThrow(/no AWS managed key aws\/nosuch/);
    }
  });
});
