// The CloudFormation templates: cfn-lint passes; the task role's and the member role's collection
// policy is exactly what `evidence policy` prints for the default frameworks; the bucket, keys,
// task and schedules are what the README promises; the commands the schedules run exist.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { defaultPolicyActions } from '../../deploy/sync-policy.ts';
import { parseHelpOptions } from '../../src/schedule/args.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'evidence.js');

// CloudFormation's short forms (!Ref, !Sub, !GetAtt…) as their long forms ({"Fn::Sub": …}).
const FNS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'Not', 'Or', 'Condition'];
const long = (name: string): string => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
const tags = ['Ref', ...FNS].flatMap((name): (ScalarTag | CollectionTag)[] => [
  { tag: `!${name}`, resolve: (v: string) => ({ [long(name)]: name === 'GetAtt' ? v.split('.') : v }) } as ScalarTag,
  { tag: `!${name}`, collection: 'seq', resolve: (seq) => ({ [long(name)]: (seq as unknown as { toJSON(): unknown }).toJSON() }) } as CollectionTag,
  { tag: `!${name}`, collection: 'map', resolve: (map) => ({ [long(name)]: (map as unknown as { toJSON(): unknown }).toJSON() }) } as CollectionTag,
]);

type Json = Record<string, unknown>;
interface Template {
  Parameters: Record<string, { Default?: unknown }>;
  Resources: Record<string, { Type: string; Properties: Json; DeletionPolicy?: string }>;
}
const load = (file: string): Template => parse(readFileSync(path.join(ROOT, 'deploy', file), 'utf8'), { customTags: tags }) as Template;
const main = load('evidence-collector.yaml');
const member = load('member-role.yaml');

/** Fn::Sub with the parameters' defaults, the partition "aws" and resources as «Name». */
function sub(v: unknown, t: Template, extra: Record<string, string> = {}): string {
  const [text, vars] = typeof v === 'object' && v && 'Fn::Sub' in v ? (Array.isArray(v['Fn::Sub']) ? (v['Fn::Sub'] as [string, Json]) : [v['Fn::Sub'] as string, {}]) : [v as string, {}];
  return text.replace(/\$\{([\w:.]+)\}/g, (_m, name: string) => {
    if (name in extra) return extra[name]!;
    if (name === 'AWS::Partition') return 'aws';
    if (name in vars) return `«${name}»`;
    const p = t.Parameters[name];
    return p && p.Default !== undefined ? String(p.Default) : `«${name}»`;
  });
}
const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const policyNamed = (role: Json, name: string) => (role.Policies as { PolicyName: string; PolicyDocument: { Statement: Json[] } }[]).find((p) => p.PolicyName === name)!.PolicyDocument;

function evidencePolicy(args: string[]): { Version: string; Statement: Json[] } {
  const r = spawnSync(process.execPath, [BIN, 'policy', ...args], { cwd: os.tmpdir(), encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { Version: string; Statement: Json[] };
}

const CFN_LINT = [process.env.CFN_LINT, ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'cfn-lint')), '/root/.pyenv/shims/cfn-lint'].find((p): p is string => !!p && existsSync(p));

describe('deploy/ CloudFormation templates', () => {
  it.skipIf(!CFN_LINT)('pass cfn-lint' + (CFN_LINT ? '' : ' (SKIPPED: cfn-lint is not installed: pip install cfn-lint)'), () => {
    const r = spawnSync(CFN_LINT!, ['deploy/evidence-collector.yaml', 'deploy/member-role.yaml'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 200_000);

  it('give the task role and the member role exactly the policy `evidence policy` prints for the default frameworks', () => {
    const printed = evidencePolicy([]);
    const hint = 'the templates differ from `evidence policy`: run `node --import tsx deploy/sync-policy.ts`';
    const task = main.Resources.TaskRole!.Properties;
    expect(policyNamed(task, 'EvidenceCollectionReadOnly'), hint).toEqual(printed);
    const role = ofType(member, 'AWS::IAM::Role');
    expect(role).toHaveLength(1);
    expect(policyNamed(role[0]![1].Properties, 'EvidenceCollectionReadOnly'), hint).toEqual(printed);
    expect(defaultPolicyActions()).toEqual(printed.Statement[0]!.Action);

    // The organization statements: what `--organization` adds, for the member role's name.
    const org = evidencePolicy(['--organization', '--role', String(main.Parameters.MemberRoleName!.Default)]).Statement.slice(1);
    const inTemplate = policyNamed(task, 'EvidenceOrganizationAccess').Statement.map((s) => ({ ...s, Resource: sub(s.Resource, main) }));
    expect(inTemplate).toEqual(org);
    // The task role's other policy touches only the stack's own bucket and keys (and two account-level reads).
    const store = policyNamed(task, 'EvidenceStoreAndSigning').Statement;
    for (const s of store) expect(JSON.stringify(s.Action)).not.toMatch(/Delete|\*/);
    expect(store.filter((s) => s.Resource === '*').flatMap((s) => s.Action as string[]).sort()).toEqual(['s3:GetAccountPublicAccessBlock', 'sts:GetCallerIdentity']);
  }, 120_000);

  it('keep evidence safe: versioned, Object-Locked, private, SSE-KMS bucket that denies plain HTTP and deletes', () => {
    const [[, bucket]] = ofType(main, 'AWS::S3::Bucket') as [[string, Template['Resources'][string]]];
    const p = bucket.Properties as Json & { ObjectLockConfiguration: Json; PublicAccessBlockConfiguration: Json; BucketEncryption: { ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Json }[] } };
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.ObjectLockEnabled).toBe(true);
    expect(p.ObjectLockConfiguration).toMatchObject({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: { Ref: 'ObjectLockMode' }, Days: { Ref: 'ObjectLockDays' } } } });
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0]!.ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] } });

    const [[, policy]] = ofType(main, 'AWS::S3::BucketPolicy') as [[string, Template['Resources'][string]]];
    const statements = (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
    const denies = statements.filter((s) => s.Effect === 'Deny' && s.Principal === '*');
    expect(denies.find((s) => JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }))?.Action).toBe('s3:*');
    expect(denies.flatMap((s) => [s.Action].flat())).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion']));

    const keys = Object.fromEntries(ofType(main, 'AWS::KMS::Key').map(([name, k]) => [name, k.Properties]));
    expect(keys.DataKey).toMatchObject({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', EnableKeyRotation: true });
    expect(keys.SigningKey).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  });

  it('run the nightly `evidence run` and the monthly `evidence pack` on Fargate from EventBridge Scheduler, with flags `run` has', async () => {
    const task = main.Resources.TaskDefinition!.Properties as Json & { ContainerDefinitions: Json[] };
    expect(task.RequiresCompatibilities).toEqual(['FARGATE']);
    const [container] = task.ContainerDefinitions as (Json & { Command: { 'Fn::Split': [string, unknown] }; Environment: { Name: string; Value: unknown }[] })[];
    expect(container).toMatchObject({ Name: 'evidence', LinuxParameters: { InitProcessEnabled: true }, LogConfiguration: { LogDriver: 'awslogs' } });
    const grace = Number(container!.Environment.find((e) => e.Name === 'EVIDENCE_STOP_GRACE_MS')!.Value);
    expect(grace / 1000).toBeLessThan(container!.StopTimeout as number);

    // The default command, with parameter defaults: every flag is one `evidence run` accepts.
    const [sep, subbed] = container!.Command['Fn::Split'];
    const argv = sub(subbed, main, { ExternalIdFlag: '--log-level=info' }).split(sep);
    expect(argv.slice(0, 1)).toEqual(['run']);
    const help = spawnSync(process.execPath, [BIN, 'run', '--help'], { encoding: 'utf8', timeout: 120_000 });
    const known = parseHelpOptions(help.stdout);
    for (const a of argv.filter((x) => x.startsWith('--'))) expect(known.has(a.slice(2).split('=')[0]!), a).toBe(true);
    expect(argv).toEqual(expect.arrayContaining(['--accounts', 'organization', '--role', 'EvidenceCollectorReadOnly', '--store', 's3://«EvidenceBucket»/evidence', '--kms-key', '«SigningKey.Arn»', '--json']));

    const schedules = Object.fromEntries(ofType(main, 'AWS::Scheduler::Schedule').map(([name, s]) => [name, s.Properties as Json & { Target: Json & { EcsParameters: Json } }]));
    expect(Object.keys(schedules).sort()).toEqual(['MonthlyPack', 'NightlyRun']);
    expect(main.Parameters.NightlySchedule!.Default).toBe('cron(0 2 * * ? *)');
    expect(main.Parameters.PackSchedule!.Default).toBe('cron(0 6 1 * ? *)');
    for (const s of Object.values(schedules)) {
      expect(s.ScheduleExpressionTimezone).toEqual({ Ref: 'ScheduleTimezone' });
      expect(s.Target.Arn).toEqual({ 'Fn::GetAtt': ['Cluster', 'Arn'] });
      expect(s.Target.EcsParameters).toMatchObject({ TaskDefinitionArn: { Ref: 'TaskDefinition' }, LaunchType: 'FARGATE', TaskCount: 1 });
    }
    expect(schedules.NightlyRun!.Target.Input).toBeUndefined(); // the task definition's own command: run
    const overrides = JSON.parse(sub(schedules.MonthlyPack!.Target.Input, main)) as { containerOverrides: { name: string; command: string[] }[] };
    expect(overrides.containerOverrides).toEqual([{ name: 'evidence', command: expect.arrayContaining(['pack', '--json']) }]);
    const pack = overrides.containerOverrides[0]!.command;
    expect(pack[0]).toBe('pack');
    const packHelp = spawnSync(process.execPath, [BIN, 'pack', '--help'], { encoding: 'utf8', timeout: 120_000 });
    expect(packHelp.stdout).toMatch(/^Usage: evidence pack /);
    const packKnown = parseHelpOptions(packHelp.stdout);
    for (const a of pack.filter((x) => x.startsWith('--'))) expect(packKnown.has(a.slice(2)), a).toBe(true);
  }, 120_000);

  it('make the member role StackSet-ready: no account ids written in, trusting only the collector task role', () => {
    const text = readFileSync(path.join(ROOT, 'deploy', 'member-role.yaml'), 'utf8');
    expect(text.replace(/AllowedPattern: .*/g, '')).not.toMatch(/\b\d{12}\b/);
    const role = ofType(member, 'AWS::IAM::Role')[0]![1].Properties as Json & { AssumeRolePolicyDocument: { Statement: Json[] } };
    expect(role.RoleName).toEqual({ Ref: 'RoleName' });
    expect(member.Parameters.RoleName!.Default).toBe(main.Parameters.MemberRoleName!.Default);
    expect(member.Parameters.CollectorRoleName!.Default).toBe(main.Parameters.TaskRoleName!.Default);
    const [trust] = role.AssumeRolePolicyDocument.Statement;
    expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole' });
    const [, withId, without] = (trust!.Condition as { 'Fn::If': [string, Json, Json] })['Fn::If'];
    expect(sub((without['ArnEquals'] as Json)['aws:PrincipalArn'], member)).toBe('arn:aws:iam::«CollectorAccountId»:role/EvidenceCollectorTask');
    expect(withId).toMatchObject({ StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } });
  });
});
