// The CloudFormation templates: cfn-lint passes; the task role's and the member role's collection
// policy is exactly what `evidence policy` prints for the default frameworks; the bucket, keys,
// task and schedules are what the README promises; the commands the schedules run exist. With
// ShardCount > 1, the nightly state machine's definition is run through a small States Language
// interpreter: per-shard commands, exit-code checks and the merge after all shards, then for real.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { GetPublicKeyCommand } from '@aws-sdk/client-kms';
import { defaultPolicyActions } from '../../deploy/sync-policy.ts';
import { parseHelpOptions } from '../../src/schedule/args.ts';
import { parseShard } from '../../src/domain/shard.ts';
import { tempDir } from '../helpers.ts';
import { makeBucket, makeKmsKey, startMoto } from '../store/moto.ts';
import { describeExternal, itExternal } from '../external.ts';

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
  Parameters: Record<string, { Type?: string; Default?: unknown; AllowedPattern?: string }>;
  Conditions?: Record<string, unknown>;
  Rules?: Record<string, { RuleCondition?: unknown; Assertions: { Assert: unknown; AssertDescription?: string }[] }>;
  Resources: Record<string, { Type: string; Properties: Json; DeletionPolicy?: string; Condition?: string }>;
  Outputs?: Record<string, { Condition?: string; Value: unknown }>;
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
  itExternal('pass cfn-lint', () => {
    const r = spawnSync(CFN_LINT ?? 'cfn-lint', ['deploy/evidence-collector.yaml', 'deploy/member-role.yaml'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
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
      // With the default ShardCount (1): one task, as before sharding existed.
      const target = resolve(s.Target, main, NETWORK) as Json;
      expect(s.ScheduleExpressionTimezone).toEqual({ Ref: 'ScheduleTimezone' });
      expect(target.Arn).toBe('«Cluster.Arn»');
      expect(target.EcsParameters).toMatchObject({ TaskDefinitionArn: '«TaskDefinition»', LaunchType: 'FARGATE', TaskCount: 1 });
    }
    expect((resolve(schedules.NightlyRun!.Target, main, NETWORK) as Json).Input).toBeUndefined(); // the task definition's own command: run
    const overrides = JSON.parse(sub(schedules.MonthlyPack!.Target.Input, main)) as { containerOverrides: { name: string; command: string[] }[] };
    expect(overrides.containerOverrides).toEqual([{ name: 'evidence', command: expect.arrayContaining(['pack', '--json']) }]);
    const pack = overrides.containerOverrides[0]!.command;
    expect(pack[0]).toBe('pack');
    const packHelp = spawnSync(process.execPath, [BIN, 'pack', '--help'], { encoding: 'utf8', timeout: 120_000 });
    expect(packHelp.stdout).toMatch(/^Usage: evidence pack /);
    const packKnown = parseHelpOptions(packHelp.stdout);
    for (const a of pack.filter((x) => x.startsWith('--'))) expect(packKnown.has(a.slice(2)), a).toBe(true);
  }, 120_000);

  it('alarm to an SNS topic the stack creates: failed tasks of the cluster, failed nightly executions, with an optional e-mail subscription', () => {
    const t = load('evidence-collector.yaml');
    expect(t.Resources.AlarmTopic?.Type).toBe('AWS::SNS::Topic');
    expect(t.Parameters.AlarmEmail).toMatchObject({ Type: 'String', Default: '' });
    const pattern = new RegExp(t.Parameters.AlarmEmail!.AllowedPattern!);
    expect(['', 'secops@example.com'].every((v) => pattern.test(v))).toBe(true);
    expect(['nobody', 'a@b'].some((v) => pattern.test(v))).toBe(false);
    expect(t.Resources.AlarmEmailSubscription).toMatchObject({ Type: 'AWS::SNS::Subscription', Condition: 'HasAlarmEmail', Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } } });
    expect(t.Conditions?.HasAlarmEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }] });
    // a stopped task whose exit code is neither 0 (complete) nor 2 (partial) publishes to the topic
    const rule = t.Resources.FailedTaskRule!;
    expect(rule.Type).toBe('AWS::Events::Rule');
    expect(rule.Properties.EventPattern).toEqual({ source: ['aws.ecs'], 'detail-type': ['ECS Task State Change'], detail: { clusterArn: [{ 'Fn::GetAtt': ['Cluster', 'Arn'] }], lastStatus: ['STOPPED'], containers: { exitCode: [{ 'anything-but': [0, 2] }] } } });
    expect(rule.Properties.Targets).toEqual([{ Id: 'alarm-topic', Arn: { Ref: 'AlarmTopic' } }]);
    // the topic policy lets exactly that rule and this account's alarms publish
    const statements = (t.Resources.AlarmTopicPolicy!.Properties.PolicyDocument as { Statement: { Principal: { Service: string }; Action: string; Condition: Json }[] }).Statement;
    expect(statements.map((x) => [x.Principal.Service, x.Action])).toEqual([['events.amazonaws.com', 'sns:Publish'], ['cloudwatch.amazonaws.com', 'sns:Publish']]);
    expect(statements[0]!.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['FailedTaskRule', 'Arn'] } } });
    const alarm = t.Resources.FailedExecutionsAlarm!;
    expect(alarm).toMatchObject({ Type: 'AWS::CloudWatch::Alarm', Condition: 'Sharded', Properties: { AlarmActions: [{ Ref: 'AlarmTopic' }], Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' } });
    const metrics = (alarm.Properties.Metrics as { MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: Json[] } } }[]).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(metrics.map((m) => `${m.Namespace} ${m.MetricName}`)).toEqual(['AWS/States ExecutionsFailed', 'AWS/States ExecutionsTimedOut', 'AWS/States ExecutionsAborted']);
    for (const m of metrics) expect(m.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: { Ref: 'NightlyShards' } }]);
    expect(t.Outputs?.AlarmTopicArn?.Value).toEqual({ Ref: 'AlarmTopic' });
  });

  it('alarm on a missed night: no RunsSucceeded within 26 hours, which every whole run publishes and the task role may put', () => {
    const t = load('evidence-collector.yaml');
    const alarm = t.Resources.MissedRunAlarm!;
    expect(alarm.Condition).toBeUndefined(); // with or without shards
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AwsEvidenceCollector',
      MetricName: 'RunsSucceeded',
      Dimensions: [{ Name: 'Store', Value: { 'Fn::Sub': 's3://${EvidenceBucket}/evidence' } }],
      Statistic: 'Sum',
      Period: 26 * 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    // the dimension is the store the commands write to, and both whole-run commands publish to the namespace
    const task = (t.Resources.TaskDefinition!.Properties.ContainerDefinitions as { Command: unknown }[])[0]!;
    expect(JSON.stringify(task.Command)).toContain('run --store s3://${EvidenceBucket}/evidence ');
    expect(JSON.stringify(task.Command)).toContain('--metric-namespace AwsEvidenceCollector');
    expect(JSON.stringify(t.Resources.NightlyShards!.Properties)).toMatch(/merge --store s3:\/\/\$\{EvidenceBucket\}\/evidence [^"]*--metric-namespace AwsEvidenceCollector/);
    // the task role may put exactly that metric: what `evidence policy --metric-namespace` prints
    const printed = evidencePolicy(['--metric-namespace', 'AwsEvidenceCollector']).Statement.find((x) => x.Sid === 'NotifyRunMetric');
    expect(printed).toBeDefined();
    expect(policyNamed(t.Resources.TaskRole!.Properties, 'EvidenceRunMetric').Statement).toEqual([printed]);
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

// --- A deployment's view of the template: parameters given, conditions and intrinsics resolved ---

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012', 'AWS::StackName': 'evidence' };
const NO_VALUE = Symbol('AWS::NoValue');
type Params = Record<string, string>;

function paramValue(t: Template, name: string, given: Params): unknown {
  if (name in PSEUDO) return PSEUDO[name];
  if (name === 'AWS::NoValue') return NO_VALUE;
  const p = t.Parameters[name];
  if (!p) return given[name] ?? `«${name}»`; // a resource: Ref gives its id or ARN (given, or «Name»)
  const v = given[name] ?? (p.Default === undefined ? undefined : String(p.Default));
  if (v === undefined) throw new Error(`parameter ${name} has no default: give it`);
  return p.Type?.startsWith('List<') || p.Type === 'CommaDelimitedList' ? v.split(',') : v;
}

function condition(t: Template, name: string, given: Params): boolean {
  const c = t.Conditions?.[name];
  if (c === undefined) throw new Error(`no condition ${name}`);
  return resolve(c, t, given) as boolean;
}

/** The value CloudFormation would deploy for `v`; resources and attributes not in `given` read «Name», «Name.Attr». */
function resolve(v: unknown, t: Template, given: Params): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(x, t, given)).filter((x) => x !== NO_VALUE);
  if (!v || typeof v !== 'object') return v;
  const o = v as Json;
  const [k] = Object.keys(o);
  const arg = o[k!];
  if (Object.keys(o).length === 1) {
    switch (k) {
      case 'Ref':
        return paramValue(t, arg as string, given);
      case 'Condition':
        return condition(t, arg as string, given);
      case 'Fn::GetAtt':
        return given[(arg as string[]).join('.')] ?? `«${(arg as string[]).join('.')}»`;
      case 'Fn::Equals': {
        const [a, b] = resolve(arg, t, given) as unknown[];
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::Not':
        return !(resolve(arg, t, given) as boolean[])[0];
      case 'Fn::And':
        return (resolve(arg, t, given) as boolean[]).every(Boolean);
      case 'Fn::Or':
        return (resolve(arg, t, given) as boolean[]).some(Boolean);
      case 'Fn::If': {
        const [name, yes, no] = arg as [string, unknown, unknown];
        return resolve(condition(t, name, given) ? yes : no, t, given);
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, unknown];
        return (resolve(list, t, given) as string[]).join(sep);
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return (resolve(text, t, given) as string).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? (arg as [string, Json]) : [arg as string, {}];
        const values = resolve(vars, t, given) as Record<string, string>;
        return text.replace(/\$\{(!?)([\w:.]+)\}/g, (_m, bang: string, name: string) => {
          if (bang) return `\${${name}}`;
          if (name in values) return values[name]!;
          if (name.includes('.') && !name.startsWith('AWS::')) return given[name] ?? `«${name}»`;
          const value = paramValue(t, name, given);
          if (typeof value !== 'string') throw new Error(`Fn::Sub of the list ${name}`);
          return value;
        });
      }
    }
    if (k?.startsWith('Fn::')) throw new Error(`this test does not resolve ${k}`);
  }
  return Object.fromEntries(Object.entries(o).map(([key, x]) => [key, resolve(x, t, given)]).filter(([, x]) => x !== NO_VALUE));
}

/** The resources a stack with these parameters has (their Condition holds). */
const deployed = (t: Template, given: Params): string[] => Object.entries(t.Resources).filter(([, r]) => !r.Condition || condition(t, r.Condition, given)).map(([name]) => name);

// --- A small Amazon States Language interpreter: the states, paths and intrinsics the template uses ---

class ExecutionFailed extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
  }
}

function readPath(path: string, input: unknown, ctx: unknown): unknown {
  const [root, rest] = path.startsWith('$$') ? [ctx, path.slice(2)] : [input, path.slice(1)];
  let v: unknown = root;
  for (const [, name, index] of rest.matchAll(/\.(\w+)|\[(\d+)\]/g)) {
    if (v === undefined || v === null) return undefined;
    v = name !== undefined ? (v as Json)[name] : (v as unknown[])[Number(index)];
  }
  return v;
}

/** Evaluates an intrinsic function call (States.Array, States.Format, States.ArrayRange, States.StringToJson). */
function intrinsic(expr: string, input: unknown, ctx: unknown): unknown {
  let i = 0;
  const ws = () => {
    while (expr[i] === ' ') i++;
  };
  const value = (): unknown => {
    ws();
    if (expr[i] === "'") {
      let out = '';
      for (i++; expr[i] !== "'"; i++) {
        if (i >= expr.length) throw new Error(`unterminated string in ${expr}`);
        out += expr[i] === '\\' ? expr[++i] : expr[i];
      }
      i++;
      return out;
    }
    const m = /^(States\.\w+)\(|^(\$\$?[\w.[\]]*)|^(-?\d+(?:\.\d+)?)/.exec(expr.slice(i));
    if (!m) throw new Error(`cannot read ${JSON.stringify(expr.slice(i))} in ${expr}`);
    i += m[0].length;
    if (m[2] !== undefined) return readPath(m[2], input, ctx);
    if (m[3] !== undefined) return Number(m[3]);
    const args: unknown[] = [];
    for (ws(); expr[i] !== ')'; ws()) {
      args.push(value());
      ws();
      if (expr[i] === ',') i++;
    }
    i++;
    return call(m[1]!, args);
  };
  const call = (fn: string, args: unknown[]): unknown => {
    if (args.some((a) => a === undefined)) throw new ExecutionFailed('States.Runtime', `${fn}: a path is not in the input`);
    switch (fn) {
      case 'States.Array':
        return args;
      case 'States.Format': {
        const [fmt, ...rest] = args as [string, ...unknown[]];
        return fmt.replace(/\{\}/g, () => String(rest.shift()));
      }
      case 'States.ArrayRange': {
        const [from, to, step] = args as number[];
        if (![from, to, step].every(Number.isInteger)) throw new ExecutionFailed('States.Runtime', `States.ArrayRange(${args.join(', ')}): integers only`);
        const out: number[] = [];
        for (let x = from!; x <= to!; x += step!) out.push(x);
        return out;
      }
      case 'States.StringToJson':
        return JSON.parse(args[0] as string);
      default:
        throw new Error(`this interpreter does not know ${fn}`);
    }
  };
  const out = value();
  ws();
  if (i !== expr.length) throw new Error(`trailing text in ${expr}`);
  return out;
}

function applyTemplate(tpl: unknown, input: unknown, ctx: unknown): unknown {
  if (Array.isArray(tpl)) return tpl.map((x) => applyTemplate(x, input, ctx));
  if (!tpl || typeof tpl !== 'object') return tpl;
  return Object.fromEntries(
    Object.entries(tpl).map(([k, v]) => {
      if (!k.endsWith('.$')) return [k, applyTemplate(v, input, ctx)];
      const expr = v as string;
      const value = expr.startsWith('States.') ? intrinsic(expr, input, ctx) : readPath(expr, input, ctx);
      if (value === undefined) throw new ExecutionFailed('States.Runtime', `${k}: ${expr} is not in the input`);
      return [k.slice(0, -2), value];
    }),
  );
}

function withResult(input: unknown, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const m = /^\$\.(\w+)$/.exec(resultPath);
  if (!m) throw new Error(`this interpreter does not write ResultPath ${resultPath}`);
  return { ...(input as Json), [m[1]!]: result };
}

function choiceHolds(rule: Json, input: unknown, ctx: unknown): boolean {
  if (rule.Not) return !choiceHolds(rule.Not as Json, input, ctx);
  if (rule.Or) return (rule.Or as Json[]).some((r) => choiceHolds(r, input, ctx));
  if (rule.And) return (rule.And as Json[]).every((r) => choiceHolds(r, input, ctx));
  const v = readPath(rule.Variable as string, input, ctx);
  if ('IsPresent' in rule) return (v !== undefined) === rule.IsPresent;
  if (v === undefined) throw new ExecutionFailed('States.Runtime', `Choice: ${String(rule.Variable)} is not in the input`);
  if ('NumericEquals' in rule) return v === rule.NumericEquals;
  throw new Error(`this interpreter does not know the choice rule ${JSON.stringify(rule)}`);
}

type TaskRunner = (resource: string, parameters: Json) => Promise<unknown>;
interface Machine {
  StartAt: string;
  States: Record<string, Json>;
}

async function execute(machine: Machine, input: unknown, runTask: TaskRunner, ctx: Json = {}): Promise<unknown> {
  let name = machine.StartAt;
  for (;;) {
    const state = machine.States[name];
    if (!state) throw new Error(`no state ${name}`);
    let output: unknown;
    switch (state.Type) {
      case 'Pass':
        output = withResult(input, state.ResultPath as string | undefined, state.Parameters ? applyTemplate(state.Parameters, input, ctx) : input);
        break;
      case 'Task':
        try {
          const result = await runTask(state.Resource as string, applyTemplate(state.Parameters, input, ctx) as Json);
          output = withResult(input, state.ResultPath as string | undefined, result);
        } catch (e) {
          if (!(e instanceof ExecutionFailed)) throw e;
          const c = (state.Catch as { ErrorEquals: string[]; ResultPath?: string; Next: string }[] | undefined)?.find((x) => x.ErrorEquals.includes(e.error) || x.ErrorEquals.includes('States.ALL'));
          if (!c) throw e;
          input = withResult(input, c.ResultPath, { Error: e.error, Cause: e.cause });
          name = c.Next;
          continue;
        }
        break;
      case 'Map': {
        const items = readPath(state.ItemsPath as string, input, ctx) as unknown[];
        const processor = state.ItemProcessor as Machine;
        const results = await Promise.all(
          items.map((value, index) => {
            const itemCtx = { ...ctx, Map: { Item: { Value: value, Index: index } } };
            return execute(processor, state.ItemSelector ? applyTemplate(state.ItemSelector, input, itemCtx) : value, runTask, itemCtx);
          }),
        );
        output = withResult(input, state.ResultPath as string | undefined, results);
        break;
      }
      case 'Choice': {
        const hit = (state.Choices as Json[]).find((rule) => choiceHolds(rule, input, ctx));
        name = (hit?.Next ?? state.Default) as string;
        if (!name) throw new ExecutionFailed('States.NoChoiceMatched', 'no choice matched');
        continue;
      }
      case 'Succeed':
        return input;
      case 'Fail':
        throw new ExecutionFailed(state.Error as string, state.CausePath ? String(intrinsic(state.CausePath as string, input, ctx)) : String(state.Cause ?? ''));
      default:
        throw new Error(`this interpreter does not run ${String(state.Type)} states`);
    }
    if (state.End) return output;
    input = output;
    name = state.Next as string;
  }
}

/**
 * ECS as runTask.sync sees it. Each container "exits" with the code `exitCode(command)` gives
 * (undefined: the task stopped before its container ran). `nonZeroFails`: the integration
 * reports a non-zero exit, or none, as States.TaskFailed whose cause is the task's description
 * (otherwise it returns the description in every case): the template must handle both.
 */
function fakeEcs(exitCode: (command: string[]) => number | undefined, nonZeroFails: boolean) {
  const log: { event: 'start' | 'stop'; command: string[]; at: number }[] = [];
  let clock = 0;
  let n = 0;
  const runTask: TaskRunner = async (resource, p) => {
    expect(resource).toBe('arn:aws:states:::ecs:runTask.sync');
    expect(p).toMatchObject({ Cluster: '«Cluster.Arn»', TaskDefinition: '«TaskDefinition»', LaunchType: 'FARGATE', NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-c'], AssignPublicIp: 'DISABLED' } } });
    const overrides = (p.Overrides as { ContainerOverrides: { Name: string; Command: string[] }[] }).ContainerOverrides;
    expect(overrides).toHaveLength(1);
    expect(overrides[0]!.Name).toBe('evidence');
    const command = overrides[0]!.Command;
    log.push({ event: 'start', command, at: clock++ });
    await new Promise((r) => setTimeout(r, 5 + ((n * 7) % 11))); // the tasks finish in no particular order
    const code = exitCode(command);
    const task = { TaskArn: `arn:aws:ecs:us-east-1:123456789012:task/evidence/${++n}`, LastStatus: 'STOPPED', StoppedReason: code === undefined ? 'CannotPullContainerError' : 'Essential container in task exited', Containers: [{ Name: 'evidence', ...(code === undefined ? {} : { ExitCode: code }) }] };
    log.push({ event: 'stop', command, at: clock++ });
    if (nonZeroFails && code !== 0) throw new ExecutionFailed('States.TaskFailed', JSON.stringify(task));
    return task;
  };
  return { runTask, log };
}

const NETWORK: Params = { Subnets: 'subnet-a,subnet-b', SecurityGroups: 'sg-c', ContainerImage: 'example/evidence:1' };

describe('deploy/evidence-collector.yaml with ShardCount', () => {
  const taskCommand = (given: Params): string[] => resolve((main.Resources.TaskDefinition!.Properties.ContainerDefinitions as Json[])[0]!.Command, main, given) as string[];
  const machine = (given: Params): Machine => {
    expect(deployed(main, given)).toContain('NightlyShards');
    return resolve(main.Resources.NightlyShards!.Properties.Definition, main, given) as Machine;
  };
  const isMerge = (c: string[]) => c[0] === 'merge';
  const shardOfCommand = (c: string[]): string => c[c.indexOf('--shard') + 1]!;

  it('keeps the single nightly task when ShardCount is 1 (the default)', () => {
    expect(main.Parameters.ShardCount!.Default).toBe('1');
    for (const given of [{ ...NETWORK }, { ...NETWORK, ShardCount: '1' }]) {
      const names = deployed(main, given);
      expect(names).not.toContain('NightlyShards');
      expect(names).not.toContain('StateMachineRole');
      const target = resolve(main.Resources.NightlyRun!.Properties.Target, main, given) as Json;
      expect(target).toEqual({
        Arn: '«Cluster.Arn»',
        RoleArn: '«SchedulerRole.Arn»',
        RetryPolicy: { MaximumRetryAttempts: 0 },
        EcsParameters: { TaskDefinitionArn: '«TaskDefinition»', LaunchType: 'FARGATE', PlatformVersion: 'LATEST', TaskCount: 1, NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-c'], AssignPublicIp: 'DISABLED' } } },
      });
      const scheduler = resolve(main.Resources.SchedulerRole!.Properties, main, given) as Json;
      expect(JSON.stringify(scheduler)).not.toContain('states:');
      expect(Object.entries(main.Outputs ?? {}).filter(([, o]) => o.Condition && !condition(main, o.Condition, given)).map(([k]) => k)).toEqual(['NightlyStateMachineArn']);
    }
  });

  it('starts the state machine from the nightly schedule when ShardCount > 1, with a role that can start only it', () => {
    const given = { ...NETWORK, ShardCount: '4' };
    expect(deployed(main, given)).toEqual(expect.arrayContaining(['NightlyShards', 'StateMachineRole', 'NightlyRun', 'MonthlyPack']));
    const target = resolve(main.Resources.NightlyRun!.Properties.Target, main, given) as Json;
    expect(target).toEqual({ Arn: '«NightlyShards»', RoleArn: '«SchedulerRole.Arn»', RetryPolicy: { MaximumRetryAttempts: 0 }, Input: '{}' });
    const scheduler = resolve(main.Resources.SchedulerRole!.Properties, main, given) as { Policies: { PolicyDocument: { Statement: Json[] } }[] };
    const statements = scheduler.Policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('states:'))).toEqual([{ Effect: 'Allow', Action: 'states:StartExecution', Resource: '«NightlyShards»' }]);
    // The monthly pack still runs its one task.
    expect((resolve(main.Resources.MonthlyPack!.Properties.Target, main, given) as Json).EcsParameters).toMatchObject({ TaskCount: 1 });
  });

  it('gives the state machine only what runTask.sync needs, on this stack\'s task, cluster and roles', () => {
    const given = { ...NETWORK, ShardCount: '3' };
    const role = resolve(main.Resources.StateMachineRole!.Properties, main, given) as { AssumeRolePolicyDocument: { Statement: Json[] }; Policies: { PolicyDocument: { Statement: Json[] } }[]; ManagedPolicyArns?: unknown };
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }]);
    const grants = role.Policies.flatMap((p) => p.PolicyDocument.Statement).map((s) => ({ actions: [s.Action].flat().sort(), resource: s.Resource, condition: s.Condition }));
    expect(grants.every((g) => g.actions.every((a) => !String(a).includes('*')))).toBe(true);
    expect(grants).toEqual([
      { actions: ['ecs:RunTask'], resource: 'arn:aws:ecs:us-east-1:123456789012:task-definition/evidence-evidence:*', condition: { ArnEquals: { 'ecs:cluster': '«Cluster.Arn»' } } },
      { actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resource: 'arn:aws:ecs:us-east-1:123456789012:task/«Cluster»/*', condition: undefined },
      { actions: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'], resource: 'arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule', condition: undefined },
      { actions: ['iam:PassRole'], resource: ['«TaskRole.Arn»', '«ExecutionRole.Arn»'], condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
    ]);
    expect(resolve(main.Resources.NightlyShards!.Properties.RoleArn, main, given)).toBe('«StateMachineRole.Arn»');
  });

  it('accepts ShardCount 1 to 40 as a plain whole number, and refuses sharding a single account', () => {
    const pattern = new RegExp(main.Parameters.ShardCount!.AllowedPattern!);
    for (const ok of ['1', '2', '9', '10', '39', '40']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['0', '41', '04', '1.5', '-1', '', '100']) expect(pattern.test(bad), bad).toBe(false);
    const rule = main.Rules!.ShardingNeedsSeveralAccounts!;
    const holds = (given: Params) => !resolve(rule.RuleCondition, main, given) || rule.Assertions.every((a) => resolve(a.Assert, main, given));
    expect(holds({ ShardCount: '4', Accounts: 'caller' })).toBe(false);
    expect(holds({ ShardCount: '1', Accounts: 'caller' })).toBe(true);
    expect(holds({ ShardCount: '4', Accounts: 'organization' })).toBe(true);
    expect(holds({ ShardCount: '4', Accounts: '111111111111,222222222222' })).toBe(true);
  });

  for (const nonZeroFails of [false, true]) {
    const how = nonZeroFails ? 'runTask.sync failing on a non-zero exit' : 'runTask.sync succeeding whatever the exit code';
    describe(`an execution (${how})`, () => {
      it('runs `run --shard i/n` for every i in parallel, each the task definition\'s own command, then one `merge --shards-of latest --verify`', async () => {
        for (const n of [2, 4, 7]) {
          const given = { ...NETWORK, ShardCount: String(n) };
          const ecs = fakeEcs(() => 0, nonZeroFails);
          const out = (await execute(machine(given), {}, ecs.runTask)) as Json;
          const starts = ecs.log.filter((e) => e.event === 'start');
          const shards = starts.filter((e) => !isMerge(e.command));
          expect(shards.map((e) => shardOfCommand(e.command)).sort()).toEqual(Array.from({ length: n }, (_, i) => `${i + 1}/${n}`).sort());
          for (const s of shards) {
            expect(s.command).toEqual([...taskCommand(given), '--shard', shardOfCommand(s.command)]);
            expect(parseShard(shardOfCommand(s.command))).toMatchObject({ count: n });
          }
          // All shards start before any stops (in parallel); the merge starts after every shard stopped.
          const firstStop = ecs.log.find((e) => e.event === 'stop')!.at;
          expect(shards.every((s) => s.at < firstStop)).toBe(true);
          const merges = starts.filter((e) => isMerge(e.command));
          expect(merges).toHaveLength(1);
          const lastShardStop = Math.max(...ecs.log.filter((e) => e.event === 'stop' && !isMerge(e.command)).map((e) => e.at));
          expect(merges[0]!.at).toBeGreaterThan(lastShardStop);
          expect(merges[0]!.command).toEqual(['merge', '--store', 's3://«EvidenceBucket»/evidence', '--kms-key', '«SigningKey.Arn»', '--shards-of', 'latest', '--verify', '--out', '/tmp/evidence/reports', '--metric-namespace', 'AwsEvidenceCollector', '--json']);
          expect(out).toMatchObject({ status: 'complete', mergeTaskArn: expect.stringMatching(/^arn:aws:ecs:/) });
          expect((out.shards as Json[]).map((s) => s.index)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        }
      });

      it('merges when every shard exits 0 or 2, and reports the merged run partial when the merge exits 2', async () => {
        const given = { ...NETWORK, ShardCount: '4' };
        const ecs = fakeEcs((c) => (isMerge(c) ? 2 : ['2/4', '4/4'].includes(shardOfCommand(c)) ? 2 : 0), nonZeroFails);
        const out = (await execute(machine(given), {}, ecs.runTask)) as Json;
        expect(ecs.log.filter((e) => e.event === 'start' && isMerge(e.command))).toHaveLength(1);
        expect(out.status).toBe('partial');
        expect((out.shards as Json[]).map((s) => [s.index, s.exitCode])).toEqual([[1, 0], [2, 2], [3, 0], [4, 2]]);
      });

      it('fails before the merge when a shard exits 1 or stops without an exit code, naming the shard', async () => {
        const given = { ...NETWORK, ShardCount: '3' };
        for (const [code, error] of [[1, 'ShardFailed'], [undefined, 'ShardDidNotRun'], [137, 'ShardFailed']] as const) {
          const ecs = fakeEcs((c) => (shardOfCommand(c) === '2/3' ? code : 0), nonZeroFails);
          const failure = await execute(machine(given), {}, ecs.runTask).then(() => null, (e: unknown) => e);
          expect(failure).toBeInstanceOf(ExecutionFailed);
          expect((failure as ExecutionFailed).error).toBe(error);
          expect((failure as ExecutionFailed).cause).toMatch(/^shard 2\/3 \(task arn:aws:ecs:[^)]+\) /);
          if (code !== undefined) expect((failure as ExecutionFailed).cause).toContain(`exited with ${code}`);
          await new Promise((r) => setTimeout(r, 30)); // the other shards finish
          expect(ecs.log.some((e) => isMerge(e.command))).toBe(false);
        }
      });

      it('fails when the merge exits 1 or never runs', async () => {
        const given = { ...NETWORK, ShardCount: '2' };
        for (const [code, error] of [[1, 'MergeFailed'], [undefined, 'MergeDidNotRun']] as const) {
          const ecs = fakeEcs((c) => (isMerge(c) ? code : 0), nonZeroFails);
          const failure = await execute(machine(given), {}, ecs.runTask).then(() => null, (e: unknown) => e);
          expect((failure as ExecutionFailed).error).toBe(error);
          expect((failure as ExecutionFailed).cause).toMatch(/^the merge task arn:aws:ecs:/);
        }
      });
    });
  }

  it('passes the ExternalId and the collection parameters to every shard, with flags `run` and `merge` have', async () => {
    const given = { ...NETWORK, ShardCount: '2', ExternalId: 'org-x:1=2', Accounts: 'organization', Regions: 'us-east-1,eu-west-1', Frameworks: 'soc2,pci-dss-4.0' };
    const ecs = fakeEcs(() => 0, false);
    await execute(machine(given), {}, ecs.runTask);
    const commands = ecs.log.filter((e) => e.event === 'start').map((e) => e.command);
    const runHelp = parseHelpOptions(spawnSync(process.execPath, [BIN, 'run', '--help'], { encoding: 'utf8', timeout: 120_000 }).stdout);
    const mergeHelp = spawnSync(process.execPath, [BIN, 'merge', '--help'], { encoding: 'utf8', timeout: 120_000 });
    expect(mergeHelp.stdout).toMatch(/^Usage: evidence merge /);
    const mergeKnown = parseHelpOptions(mergeHelp.stdout);
    for (const c of commands) {
      const known = isMerge(c) ? mergeKnown : runHelp;
      for (const a of c.filter((x) => x.startsWith('--'))) expect(known.has(a.slice(2).split('=')[0]!), `${c[0]} ${a}`).toBe(true);
      if (!isMerge(c)) expect(c).toEqual(expect.arrayContaining(['--external-id=org-x:1=2', '--regions', 'us-east-1,eu-west-1', '--framework', 'soc2,pci-dss-4.0', '--accounts', 'organization']));
    }
    expect(commands.filter(isMerge)).toHaveLength(1);
  }, 120_000);
});

// The state machine's commands run for real: each "ECS task" is the CLI in a child process with
// the command the execution gave it, collecting from the sandbox (standing in for the
// organization) into an Object-Locked bucket, signed by a KMS key, both in moto (standing in for
// the stack's bucket and signing key). Each task gets its own /tmp, as a container would.
describeExternal('deploy/evidence-collector.yaml: a sharded night, end to end', () => {
  it('collects 3 shards in parallel, merges them into one signed, verified run naming its shards', async () => {
    const moto = await startMoto();
    const { dir, cleanup } = await tempDir('evidence-cfn-shards-');
    try {
      const bucket = await makeBucket(moto.s3, { objectLock: true });
      const signingKey = await makeKmsKey(moto.kms, 'sign');
      const given = { ...NETWORK, ShardCount: '3', Regions: 'us-east-1', Frameworks: 'aws-baseline', EvidenceBucket: bucket, 'SigningKey.Arn': signingKey };
      const definition = resolve(main.Resources.NightlyShards!.Properties.Definition, main, given) as Machine;
      const tasks: { command: string[]; code: number | null; stdout: string; stderr: string }[] = [];
      const runTask: TaskRunner = async (_resource, p) => {
        const command = (p.Overrides as { ContainerOverrides: { Command: string[] }[] }).ContainerOverrides[0]!.Command;
        const tmp = path.join(dir, `task-${tasks.length + 1}`);
        const argv = command.map((a) => a.replace(/^\/tmp\//, `${tmp}/`));
        if (argv[0] === 'run') argv.push('--sandbox', '--sandbox-accounts', '4', '--resources', '20');
        const task = { command, code: null as number | null, stdout: '', stderr: '' };
        tasks.push(task);
        const child = spawn(process.execPath, [BIN, ...argv], { cwd: dir, env: { ...process.env, LOG_LEVEL: 'warn', ...moto.env }, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (d: Buffer) => (task.stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (task.stderr += d.toString()));
        task.code = await new Promise<number | null>((r) => child.once('exit', r));
        return { TaskArn: `arn:aws:ecs:us-east-1:123456789012:task/evidence/${tasks.indexOf(task) + 1}`, Containers: [{ Name: 'evidence', ExitCode: task.code }] };
      };
      const out = (await execute(definition, {}, runTask)) as Json;
      const summary = (t: (typeof tasks)[number]) => JSON.parse(t.stdout.trim().split('\n').at(-1)!) as Json;
      for (const t of tasks) expect([0, 2], `${t.command.join(' ')}\n${t.stderr}`).toContain(t.code);
      const shards = tasks.filter((t) => t.command[0] === 'run').map(summary);
      expect(shards.map((s) => s.shard).sort((a, b) => (a as Json).index as number - ((b as Json).index as number))).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
      const merge = tasks.at(-1)!;
      expect(merge.command[0]).toBe('merge');
      const merged = summary(merge);
      expect(merged).toMatchObject({ store: `s3://${bucket}/evidence`, verified: true });
      expect((merged.shards as string[]).sort()).toEqual(shards.map((s) => s.runId as string).sort());
      expect(out.status).toBe(merged.status === 'complete' ? 'complete' : 'partial');
      // The store's newest whole run is the merged one, and it verifies, pinned to the KMS key's public key.
      const { PublicKey } = await moto.kms.send(new GetPublicKeyCommand({ KeyId: signingKey }));
      const pem = path.join(dir, 'signing-public.pem');
      writeFileSync(pem, createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }));
      const v = spawnSync(process.execPath, [BIN, 'verify', 'latest', '--all', '--store', `s3://${bucket}/evidence`, '--public-key', pem], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...moto.env }, timeout: 120_000 });
      expect(v.status, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toContain(merged.runId as string);
    } finally {
      await moto.stop();
      await cleanup();
    }
  }, 300_000);
});
