// Seeds moto, through the SDK, with what the sandbox organization holds, so the same calls to
// both find the same kinds of things: buckets with and without each setting, an account-level
// Block Public Access, IAM users and a password policy, an organization with an OU, Config
// recorder, delivery channel and managed rules, a multi-region logging trail with advanced
// selectors and a stopped regional one, KMS keys (rotating, not rotating, asymmetric), a
// GuardDuty detector and Security Hub.
import {
  CreateBucketCommand,
  DeleteBucketEncryptionCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand as PutBucketPabCommand,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPabCommand } from '@aws-sdk/client-s3-control';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, CreateOrganizationalUnitCommand, ListRootsCommand, MoveAccountCommand } from '@aws-sdk/client-organizations';
import { PutConfigRuleCommand, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { CreateDetectorCommand } from '@aws-sdk/client-guardduty';
import { EnableSecurityHubCommand } from '@aws-sdk/client-securityhub';
import type { AwsClients } from '../../src/collect/clients.ts';

export const MOTO_ACCOUNT = '123456789012';
export const HOME = 'us-east-1';
export const OTHER = 'eu-west-1';

export interface MotoSeed {
  /** Versioned, SSE-KMS, Block Public Access on, a (non-public) policy. */
  fullBucket: string;
  /** In the other region: versioning suspended, no encryption, no Block Public Access, no policy. */
  bareBucket: string;
  trailArn: string;
  regionalTrailArn: string;
  keys: { rotating: string; notRotating: string; asymmetric: string };
  members: string[];
  ou: string;
  detectorId: string;
}

/** The account-level Block Public Access and the password policy are set by the test itself (it first reads their absence). */
export async function seedMoto(c: AwsClients): Promise<MotoSeed> {
  const s3 = c.s3(HOME);
  const kms = c.kms(HOME);
  const keys = {
    rotating: (await kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Description: 'data key 0' }))).KeyMetadata!.KeyId!,
    notRotating: (await kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Description: 'data key 1' }))).KeyMetadata!.KeyId!,
    asymmetric: (await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Description: 'signing key 2' }))).KeyMetadata!.KeyId!,
  };
  await kms.send(new EnableKeyRotationCommand({ KeyId: keys.rotating }));
  const keyArn = `arn:aws:kms:${HOME}:${MOTO_ACCOUNT}:key/${keys.rotating}`;

  const fullBucket = `sbx-${MOTO_ACCOUNT}-${HOME}-0`;
  const bareBucket = `sbx-${MOTO_ACCOUNT}-${OTHER}-0`;
  await s3.send(new CreateBucketCommand({ Bucket: fullBucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: fullBucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: fullBucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] } }));
  await s3.send(new PutBucketPabCommand({ Bucket: fullBucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${fullBucket}/*` }] };
  await s3.send(new PutBucketPolicyCommand({ Bucket: fullBucket, Policy: JSON.stringify(policy) }));
  const other = c.s3(OTHER);
  await other.send(new CreateBucketCommand({ Bucket: bareBucket, CreateBucketConfiguration: { LocationConstraint: OTHER } }));
  await other.send(new PutBucketVersioningCommand({ Bucket: bareBucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await other.send(new PutBucketVersioningCommand({ Bucket: bareBucket, VersioningConfiguration: { Status: 'Suspended' } }));
  // New buckets get SSE-S3 by default (as on AWS since 2023); remove it to get "no encryption".
  await other.send(new DeleteBucketEncryptionCommand({ Bucket: bareBucket }));

  const iam = c.iam(HOME);
  for (const [i, name] of ['alice', 'bob', 'ci-deployer'].entries()) {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (i < 2) await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Sandbox-Passw0rd!' }));
    if (i !== 1) await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  }

  const org = c.organizations(HOME);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const members: string[] = [];
  for (const n of [1, 2, 3]) {
    const out = await org.send(new CreateAccountCommand({ AccountName: `member-00${n}`, Email: `aws+member-00${n}@example.com` }));
    members.push(out.CreateAccountStatus!.AccountId!);
  }
  const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' }))).OrganizationalUnit!.Id!;
  await org.send(new MoveAccountCommand({ AccountId: members[0]!, SourceParentId: root, DestinationParentId: ou }));

  const config = c.config(HOME);
  await config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${MOTO_ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } } }));
  const logs = `sbx-config-${MOTO_ACCOUNT}`;
  await s3.send(new CreateBucketCommand({ Bucket: logs }));
  await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: logs } }));
  await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
  // 30 rules: more than one page of 25.
  const sids = ['S3_BUCKET_VERSIONING_ENABLED', 'CLOUD_TRAIL_ENCRYPTION_ENABLED', 'IAM_PASSWORD_POLICY', 'ROOT_ACCOUNT_MFA_ENABLED', 'CMK_BACKING_KEY_ROTATION_ENABLED', 'GUARDDUTY_ENABLED_CENTRALIZED'];
  for (let i = 0; i < 30; i += 1) {
    const sid = sids[i % sids.length]!;
    const name = `${sid.toLowerCase().replace(/_/g, '-')}${i < sids.length ? '' : `-${i}`}`;
    await config.send(new PutConfigRuleCommand({ ConfigRule: { ConfigRuleName: name, Source: { Owner: 'AWS', SourceIdentifier: sid } } }));
  }

  const ct = c.cloudtrail(HOME);
  const trailBucket = `sbx-org-cloudtrail-${MOTO_ACCOUNT}`;
  await s3.send(new CreateBucketCommand({ Bucket: trailBucket }));
  const trail = await ct.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: trailBucket, IsMultiRegionTrail: true, EnableLogFileValidation: true, KmsKeyId: keyArn, IncludeGlobalServiceEvents: true }));
  await ct.send(new StartLoggingCommand({ Name: 'org-trail' }));
  await ct.send(
    new PutEventSelectorsCommand({
      TrailName: 'org-trail',
      AdvancedEventSelectors: [{ Name: 'Log all management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    }),
  );
  const legacyBucket = `sbx-legacy-trail-${MOTO_ACCOUNT}`;
  await other.send(new CreateBucketCommand({ Bucket: legacyBucket, CreateBucketConfiguration: { LocationConstraint: OTHER } }));
  const regional = await c.cloudtrail(OTHER).send(new CreateTrailCommand({ Name: 'legacy-regional-trail', S3BucketName: legacyBucket, IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false }));
  await c.cloudtrail(OTHER).send(new PutEventSelectorsCommand({ TrailName: 'legacy-regional-trail', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] }));

  const detectorId = (await c.guardduty(HOME).send(new CreateDetectorCommand({ Enable: true, FindingPublishingFrequency: 'SIX_HOURS' }))).DetectorId!;
  await c.securityhub(HOME).send(new EnableSecurityHubCommand({ EnableDefaultStandards: true }));
  return { fullBucket, bareBucket, trailArn: trail.TrailARN!, regionalTrailArn: regional.TrailARN!, keys, members, ou, detectorId };
}

/** Account-level Block Public Access, all four on (read first as absent by the test). */
export async function putAccountPab(c: AwsClients): Promise<void> {
  await c.s3control(HOME).send(new PutAccountPabCommand({ AccountId: MOTO_ACCOUNT, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
}

/** A password policy like a sandbox account's (read first as NoSuchEntity by the test); expiry follows MaxPasswordAge. */
export async function putPasswordPolicy(c: AwsClients, policy: object): Promise<void> {
  const p = policy as Partial<Record<string, number | boolean>>;
  const num = (k: string): number | undefined => (typeof p[k] === 'number' ? (p[k] as number) : undefined);
  const max = num('MaxPasswordAge');
  const reuse = num('PasswordReusePrevention');
  await c.iam(HOME).send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: num('MinimumPasswordLength'),
      RequireSymbols: p.RequireSymbols === true,
      RequireNumbers: p.RequireNumbers === true,
      RequireUppercaseCharacters: p.RequireUppercaseCharacters === true,
      RequireLowercaseCharacters: p.RequireLowercaseCharacters === true,
      AllowUsersToChangePassword: p.AllowUsersToChangePassword === true,
      HardExpiry: p.HardExpiry === true,
      ...(max !== undefined ? { MaxPasswordAge: max } : {}),
      ...(reuse !== undefined ? { PasswordReusePrevention: reuse } : {}),
    }),
  );
}
