// Verdicts from recorded configuration items: with no managed rule deployed, a run judges the
// covered rules with their local evaluators over SelectResourceConfig's items, and every verdict
// equals the sandbox's own, resource by resource; with the rules deployed, AWS Config's results
// stay the evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startSandbox, type DeployedRules, type RunningSandbox } from '../../src/sandbox/index.ts';
import { OrgModel, simulatedNow, type ResourceKind } from '../../src/sandbox/org.ts';
import { configurationItem, GLOBAL_TYPES, ITEM_RULES, ITEM_TYPES, itemKinds, itemVerdict, parseExpression } from '../../src/sandbox/services/config-items.ts';
import { GLOBAL_RULES, REGIONAL_RULES } from '../../src/sandbox/services/config-facts.ts';
import { SANDBOX_RULE_PARAMETERS } from '../../src/sandbox/services/config-items-iam.ts';
import { pairCoverage } from '../../scripts/item-coverage.ts';
import { schemaMismatches } from '../managed-rules/helpers.ts';
import { ruleEvaluator, ruleEvaluators, type ConfigurationItem } from '../../src/managed-rules/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { resolveScope } from '../../src/collect/scope.ts';
import { collectEvidence } from '../../src/collect/engine.ts';
import { resolveCheck, type CheckDef } from '../../src/catalog/checks.ts';
import { CheckResultsBuilder, StreamingEvaluator } from '../../src/evaluate/index.ts';
import { configItemsOutcome } from '../../src/evaluate/config-items.ts';
import { readActions } from '../../src/run/policy.ts';
import type { CheckResult, CollectionRecord } from '../../src/domain/index.ts';
import { FileStore } from '../../src/store/file.ts';
import { silentLogger } from '../../src/util/log.ts';
import { UNPACED, tempDir } from '../helpers.ts';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';

const DAY = 3;
const SEED = 5;
const RESOURCES = 150;
const MEMBERS = 1;

/** The rules the sandbox's configuration items cover, with the kind of resource each judges. */
const COVERED: Record<string, ResourceKind> = ITEM_RULES;
/** Kinds only configuration items show (the sandbox serves no API for them). */
const PLATFORM: ResourceKind[] = ['apiv2stage', 'eks', 'mqbroker', 'graphqlapi', 'clientvpn', 'msk', 'recoverypoint', 'backupplan', 'restapi', 'vpnconnection'];

let dir: string;
let cleanup: () => Promise<void>;

const checks = (): CheckDef[] => Object.keys(COVERED).map((sid) => resolveCheck(`config:${sid}`)!);

async function run(
  deployedRules: DeployedRules,
  selected = checks(),
  opts: { ruleParameters?: Record<string, Record<string, string>>; store?: string } = {},
): Promise<{ results: CheckResult[]; collections: CollectionRecord[]; sandbox: RunningSandbox }> {
  const sandbox = await startSandbox({ port: 0, seed: SEED, day: DAY, accounts: MEMBERS, resources: RESOURCES, deployedRules, faults: { throttling: false } });
  const clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 2, now: () => new Date(simulatedNow(DAY)) });
  try {
    const scope = await resolveScope(clients, sandbox.regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, `items-${deployedRules}`);
    const builder = new CheckResultsBuilder(selected);
    const out = await collectEvidence({
      store: new FileStore(path.join(dir, opts.store ?? `store-${deployedRules}`)),
      accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
      regions: sandbox.regions,
      checks: selected,
      concurrency: 16,
      rateLimits: UNPACED,
      log: silentLogger(),
      now: () => new Date(),
      configurationItems: true,
      evaluator: new StreamingEvaluator(selected, (c, r) => builder.add(c, r), opts.ruleParameters),
    });
    return { results: builder.build(), collections: out.coverage.collections, sandbox };
  } finally {
    clients.destroy();
  }
}

/**
 * The sandbox's verdict for every resource a rule judges in an account-region, as its items show
 * it, and the resources where that reading differs from the oracle (a seeded NOT_APPLICABLE for a
 * rule where every resource is in scope, such as a bucket and versioning).
 */
function truth(org: OrgModel, sid: string, account: string, region: string): { want: Map<string, string>; read: Set<string> } {
  const want = new Map<string, string>();
  const read = new Set<string>();
  for (const kind of itemKinds(sid)) {
    for (let i = 0; i < org.count(kind, account, region); i += 1) {
      const res = org.resource(kind, account, region, i);
      want.set(res.id, itemVerdict(org, sid, account, region, res, DAY));
      if (org.config.verdict(sid, account, region, res, DAY).compliance !== want.get(res.id)) read.add(res.id);
    }
  }
  return { want, read };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => {
  await cleanup?.();
});

describe('verdicts from configuration items', () => {
  it('with no rule deployed, equal the sandbox truth resource by resource; unrecorded types read NO_EVIDENCE', async () => {
    // The KMS rules' required parameter comes from the run, as the sandbox's verdicts assume it.
    const { results, collections, sandbox } = await run('none', checks(), { ruleParameters: SANDBOX_RULE_PARAMETERS });
    const sids = Object.keys(COVERED).join(',');
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats?datasets=config-rules&rules=${sids}&items=${sids}`)).json()) as { requests: Record<string, number>; minimumCallsByOperation: Record<string, number> };
    await sandbox.close();
    // Exactly the calls the oracle says the items need (fault-free, so none is a retry).
    for (const op of ['config.DescribeConfigurationRecorders', 'config.SelectResourceConfig']) expect(stats.requests[op], op).toBe(stats.minimumCallsByOperation[op]);
    expect(stats.minimumCallsByOperation['config.SelectResourceConfig']).toBeGreaterThan(0);
    const org = new OrgModel({ seed: SEED, regions: sandbox.regions, accounts: MEMBERS, resources: RESOURCES });
    const [first, second] = sandbox.regions as [string, string];
    expect(collections.filter((c) => c.status !== 'collected')).toEqual([]);
    // One evidence object of items per account-region: the recorders, then one query per type,
    // the security groups taking several pages.
    expect(collections.filter((c) => c.collector === 'configuration-items')).toHaveLength(org.accounts.length * sandbox.regions.length);
    const sgPages = collections.find((c) => c.collector === 'configuration-items' && c.region === first)!;
    expect(sgPages.calls).toBeGreaterThan(1 + Object.keys(ITEM_TYPES).length);

    let compared = 0;
    let readAsOn = 0;
    let keysNotApplicable = 0;
    for (const check of results) {
      const sid = check.id.replace(/^config:/, '');
      for (const t of check.targets) {
        const region = t.region === 'global' ? first : t.region;
        if (COVERED[sid] === 'key' && region === second) {
          // Outside the first region the recorders leave KMS keys out.
          expect(t.status).toBe('NO_EVIDENCE');
          expect(t.reason).toContain(`does not record AWS::KMS::Key`);
          continue;
        }
        const { want: expected, read } = truth(org, sid, t.account, region);
        if (expected.size === 0) {
          // Nothing of the type exists here (a member without trails of its own): nothing to judge, no pass.
          expect(t.status).toBe('NO_EVIDENCE');
          continue;
        }
        expect(t.source, `${sid} ${t.account} ${t.region} ${t.status} ${t.reason}`).toBe('configuration-item');
        expect(t.capturedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
        // A rule scoped to more types than its kinds (S3_DEFAULT_ENCRYPTION_KMS and keys) has nothing to say on the others.
        const types = new Set(Object.keys(ITEM_TYPES).filter((x) => itemKinds(sid).includes(ITEM_TYPES[x]!)));
        const judged = t.results.filter((r) => types.has(r.resourceType));
        const others = t.results.filter((r) => !types.has(r.resourceType));
        const allowed = sid === 'S3_DEFAULT_ENCRYPTION_KMS' ? 'AWS::KMS::Key NOT_APPLICABLE' : undefined;
        expect(others.filter((r) => `${r.resourceType} ${r.compliance}` !== allowed), sid).toEqual([]);
        keysNotApplicable += others.length;
        expect(judged.map((r) => r.resourceId).sort()).toEqual([...expected.keys()].sort());
        for (const r of judged) {
          expect(r.capturedAt).toBeDefined();
          expect(r.compliance, `${sid} ${r.resourceId}: ${r.annotation}`).toBe(expected.get(r.resourceId));
          if (read.has(r.resourceId)) readAsOn += 1;
          else compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    // DB instances are few, but some are judged, in both regions (the recorders there record them).
    // So are EC2 instances, subnets, Lambda functions, Redshift clusters, OpenSearch and
    // Elasticsearch domains, API Gateway stages, SageMaker notebooks, DMS replication instances and endpoints,
    // DB snapshots, Aurora clusters, DynamoDB tables, EBS volumes, Classic load balancers,
    // CloudWatch alarms, ECS task definitions, CodeBuild projects, Kinesis streams, EFS file systems,
    // SNS topics, secrets, route tables, internet gateways, network ACLs, state machines, SageMaker endpoint
    // configurations, transit gateways, launch configurations, Auto Scaling groups, ELBv2 load
    // balancers, v2 API stages, EKS clusters, MQ brokers, AppSync APIs, Client VPN endpoints, MSK clusters, recovery points, backup plans, REST APIs and VPN connections,
    // which the recorders there record too.
    for (const kind of ['db', 'instance', 'subnet', 'function', 'redshift', 'opensearch', 'elasticsearch', 'apistage', 'notebook', 'dms', 'dmsendpoint', 'dbsnapshot', 'dbcluster', 'table', 'volume', 'elb', 'alarm', 'taskdef', 'codebuild', 'stream', 'efs', 'topic', 'secret', 'routetable', 'igw', 'nacl', 'statemachine', 'endpointconfig', 'tgw', 'launchconfig', 'asg', 'elbv2', 'apiv2stage', 'eks', 'mqbroker', 'graphqlapi', 'clientvpn', 'msk', 'recoverypoint', 'backupplan', 'restapi', 'vpnconnection'] as const) {
      const regions = results.filter((c) => COVERED[c.id.replace(/^config:/, '')] === kind).flatMap((c) => c.targets.filter((t) => t.results.length > 0).map((t) => t.region));
      expect(new Set(regions), kind).toEqual(new Set([first, second]));
    }
    // AWS Config records CloudFront distributions in us-east-1 only, though the recorders elsewhere list the type.
    const cloudfront = results.filter((c) => COVERED[c.id.replace(/^config:/, '')] === 'distribution').flatMap((c) => c.targets.filter((t) => t.results.length > 0).map((t) => t.region));
    expect(new Set(cloudfront)).toEqual(new Set(['us-east-1']));
    // The sandbox's Route 53 hosted zones live in us-east-1 alone, where the query logging rule runs.
    const zones = results.filter((c) => COVERED[c.id.replace(/^config:/, '')] === 'hostedzone').flatMap((c) => c.targets.filter((t) => t.results.length > 0).map((t) => t.region));
    expect(new Set(zones)).toEqual(new Set(['us-east-1']));
    expect(keysNotApplicable).toBe(org.accounts.reduce((n, a) => n + org.count('key', a, first), 0));
    // Both outcomes occur, so agreement is not agreement on a constant.
    const all = results.flatMap((c) => c.targets.flatMap((t) => t.results.map((r) => r.compliance)));
    expect(new Set(all)).toEqual(new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']));
    expect(readAsOn).toBeLessThan(compared / 10);
    // The share of the catalogs' (requirement, rule) pairs that reach this verdict: 1,567 of
    // 2,673 (58.6 %) today, every pair with an evaluator. The 80 % aim is out of reach from items
    // alone: 766 pairs (28.7 %) cite rules no configuration item can decide (scripts/item-coverage.ts lists them).
    const pairs = pairCoverage(results.filter((c) => c.targets.some((t) => t.source === 'configuration-item')).map((c) => c.id.replace(/^config:/, '')));
    expect(pairs.sandboxVerdict / pairs.total).toBeGreaterThanOrEqual(0.586);
    expect(pairs.total - pairs.notEvaluable).toBeLessThan(0.8 * pairs.total);
  }, 120_000);

  it('with the rules deployed, AWS Config results stay the evidence', async () => {
    // Only the rules the sandbox deploys: the others have nothing but items to go on.
    const deployed = new Set([...GLOBAL_RULES, ...REGIONAL_RULES]);
    const { results, collections, sandbox } = await run('all', checks().filter((c) => deployed.has(c.id.replace(/^config:/, ''))));
    const t = sandbox.truth(DAY);
    await sandbox.close();
    const first = sandbox.regions[0]!;
    for (const check of results) {
      const sid = check.id.replace(/^config:/, '');
      for (const target of check.targets.filter((x) => x.region === first || x.region === 'global')) {
        const rules = t.configRules[target.account]![first]!.filter((r) => r.SourceIdentifier === sid);
        expect(rules.length, sid).toBe(1);
        if (rules[0]!.results.length === 0) continue;
        expect(target.source, `${sid} ${target.status} ${target.reason}`).toBe('config-rule');
        expect(target.results.map((r) => [r.resourceId, r.compliance])).toEqual(
          [...rules[0]!.results].sort((a, b) => (a.resourceType + a.resourceId < b.resourceType + b.resourceId ? -1 : 1)).map((r) => [r.resourceId, r.compliance]),
        );
      }
    }
    // Items are read only where some selected rule is missing: the rules about global resources
    // and key rotation are deployed in the first region only.
    expect(collections.filter((c) => c.collector === 'configuration-items').map((c) => c.region)).not.toContain(first);
  }, 120_000);

  it('collection.ruleParameters reach the local evaluator: with tcp 443 authorized, groups open to the internet only on 443 pass', async () => {
    const sid = 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS';
    const selected = [resolveCheck(`config:${sid}`)!];
    const verdicts = async (ruleParameters?: Record<string, Record<string, string>>): Promise<Map<string, string>> => {
      const { results, sandbox } = await run('none', selected, { ...(ruleParameters ? { ruleParameters } : {}), store: `store-params-${ruleParameters ? 'set' : 'default'}` });
      await sandbox.close();
      return new Map(results.flatMap((c) => c.targets.flatMap((t) => t.results.map((r) => [`${t.account}/${t.region}/${r.resourceId}`, r.compliance] as const))));
    };
    const byDefault = await verdicts();
    const with443 = await verdicts({ [sid]: { authorizedTcpPorts: '443' } });
    const org = new OrgModel({ seed: SEED, regions: ['us-east-1', 'eu-west-1'], accounts: MEMBERS, resources: RESOURCES });
    expect([...with443.keys()].sort()).toEqual([...byDefault.keys()].sort());
    // The same groups judged; with 443 authorized, only those also open on SSH or RDP still fail.
    for (const [key, before] of byDefault) {
      const [account, region, id] = key.split('/') as [string, string, string];
      const index = Array.from({ length: org.count('sg', account, region) }, (_, i) => i).find((i) => org.resource('sg', account, region, i).id === id)!;
      const res = org.resource('sg', account, region, index);
      const openOnOther = ['INCOMING_SSH_DISABLED', 'RESTRICTED_INCOMING_TRAFFIC'].some((rule) => itemVerdict(org, rule, account, region, res, DAY) === 'NON_COMPLIANT');
      const want = before === 'NON_COMPLIANT' && !openOnOther ? 'COMPLIANT' : before;
      expect(with443.get(key), key).toBe(want);
    }
    expect(new Set(byDefault.values())).not.toContain('COMPLIANT');
    expect(new Set(with443.values())).toEqual(new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']));
  }, 120_000);

  it('every item reaches the verdict itemVerdict says for each rule on it, over seeds and days', () => {
    const combos = new Map<string, number>();
    // Three seeds: the oracle keeps about a third of the rules clean on a seed (no failures), so
    // each rule fails on at least one of them (DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED only on seed 3).
    for (const seed of [2, 3, 13]) {
      const org = new OrgModel({ seed, accounts: 2, resources: 60 });
      for (const day of [0, 4]) {
        for (const [type, kind] of Object.entries(ITEM_TYPES)) {
          const sids = Object.keys(ITEM_RULES).filter((s) => itemKinds(s).includes(kind));
          for (const a of org.accounts) {
            for (const r of GLOBAL_TYPES.has(type) ? [org.first] : org.regions) {
              for (let i = 0; i < org.count(kind, a, r); i += 1) {
                const item = configurationItem(org, a, r, type, i, day) as unknown as ConfigurationItem;
                const res = org.resource(kind, a, r, i);
                const got = sids.map((sid) => [sid, ruleEvaluator(sid)!.evaluate(item, SANDBOX_RULE_PARAMETERS[sid]).compliance]);
                expect(got, `${type} ${res.id} seed ${seed} day ${day}`).toEqual(sids.map((sid) => [sid, itemVerdict(org, sid, a, r, res, day)]));
                if (kind === 'db') {
                  // Out of scope only as AWS has it: a stopped instance for logging, an engine without IAM authentication.
                  const c = (item as unknown as { configuration: { engine: string; dBInstanceStatus: string; kmsKeyId?: string } }).configuration;
                  // Encrypted storage names a key that can encrypt: a symmetric customer key of the account-region.
                  const keys = Array.from({ length: org.count('key', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::KMS::Key', k, day) as { arn: string; configuration: { keyUsage: string } });
                  const key = keys.find((k) => k.arn === c.kmsKeyId);
                  if (key) expect(key.configuration.keyUsage).toBe('ENCRYPT_DECRYPT');
                  if (c.kmsKeyId) combos.set(`db key ${key ? 'customer' : 'aws/rds'}`, (combos.get(`db key ${key ? 'customer' : 'aws/rds'}`) ?? 0) + 1);
                  const na = got.filter(([, x]) => x === 'NOT_APPLICABLE').map(([sid]) => sid);
                  for (const sid of na) expect(['RDS_LOGGING_ENABLED', 'RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED'], `${res.id} ${sid}`).toContain(sid);
                  expect(na.includes('RDS_LOGGING_ENABLED'), res.id).toBe(c.dBInstanceStatus !== 'available');
                  expect(na.includes('RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED'), res.id).toBe(/^(oracle|sqlserver)/.test(c.engine));
                  for (const sid of na) combos.set(`db ${sid}`, (combos.get(`db ${sid}`) ?? 0) + 1);
                }
                if (kind === 'instance' || kind === 'function') {
                  // An instance, or a function connected to a VPC, sits in subnets of one VPC with a group of that VPC.
                  const c = (item as unknown as { configuration: { subnetId?: string; vpcId?: string; securityGroups?: { groupId: string }[]; vpcConfig?: { subnetIds: string[]; securityGroupIds: string[] } } }).configuration;
                  const subnetIds = kind === 'instance' ? [c.subnetId!] : (c.vpcConfig?.subnetIds ?? []);
                  const groupIds = kind === 'instance' ? c.securityGroups!.map((g) => g.groupId) : (c.vpcConfig?.securityGroupIds ?? []);
                  const subnets = Array.from({ length: org.count('subnet', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::Subnet', k, day) as { resourceId: string; configuration: { vpcId: string } });
                  const groups = Array.from({ length: org.count('sg', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::SecurityGroup', k, day) as { resourceId: string; configuration: { vpcId: string } });
                  const vpcs = new Set([...subnetIds.map((id) => subnets.find((x) => x.resourceId === id)?.configuration.vpcId), ...groupIds.map((id) => groups.find((x) => x.resourceId === id)?.configuration.vpcId)]);
                  if (kind === 'instance') expect(vpcs, res.id).toEqual(new Set([c.vpcId]));
                  else expect(vpcs.size, res.id).toBe(subnetIds.length === 0 ? 0 : 1);
                  expect(vpcs.has(undefined), res.id).toBe(false);
                  if (kind === 'function' && subnetIds.length > 0) combos.set('function in a VPC', (combos.get('function in a VPC') ?? 0) + 1);
                }
                if (kind === 'function') {
                  // A grant names a caller the sandbox holds: a bucket S3 lists, an API whose stages Config records.
                  const text = (item.supplementaryConfiguration as { Policy?: string }).Policy;
                  const st = text ? (JSON.parse(text) as { Statement: { Principal: unknown; Condition?: { ArnLike?: { 'AWS:SourceArn': string } } }[] }).Statement[0]! : undefined;
                  const source = st?.Condition?.ArnLike?.['AWS:SourceArn'];
                  if (source?.startsWith('arn:aws:s3:::')) expect(Array.from({ length: org.count('bucket', a, r) }, (_, k) => org.bucketName(a, r, k)), res.id).toContain(source.slice('arn:aws:s3:::'.length));
                  if (source?.startsWith('arn:aws:execute-api:')) expect(Array.from({ length: org.count('apistage', a, r) }, (_, k) => org.resource('apistage', a, r, k).id).some((id) => id.includes(`/restapis/${source.split(':')[5]!.split('/')[0]!}/`)), res.id).toBe(true);
                  const verdictOf = got.find(([x]) => x === 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED')![1];
                  const k = `function policy ${String(verdictOf)} ${st ? JSON.stringify(st.Principal) : 'none'}`;
                  combos.set(k, (combos.get(k) ?? 0) + 1);
                }
                if (kind === 'redshift') {
                  // Every cluster is in scope of every rule; an encrypted one names a key that can encrypt.
                  expect(got.filter(([, x]) => x === 'NOT_APPLICABLE'), res.id).toEqual([]);
                  const c = (item as unknown as { configuration: { kmsKeyId?: string; allowVersionUpgrade: boolean; automatedSnapshotRetentionPeriod: number } }).configuration;
                  const keys = Array.from({ length: org.count('key', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::KMS::Key', k, day) as { arn: string; configuration: { keyUsage: string } });
                  const key = keys.find((k) => k.arn === c.kmsKeyId);
                  if (key) expect(key.configuration.keyUsage).toBe('ENCRYPT_DECRYPT');
                  const bump = (k: string): void => void combos.set(k, (combos.get(k) ?? 0) + 1);
                  if (c.kmsKeyId) bump(`redshift key ${key ? 'customer' : 'aws/redshift'}`);
                  // The maintenance rule fails for either of its causes, alone or together.
                  const verdictOf = (sid: string): unknown => got.find(([x]) => x === sid)![1];
                  if (verdictOf('REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK') === 'NON_COMPLIANT') bump(`redshift maintenance${c.automatedSnapshotRetentionPeriod === 0 ? ' no backups' : ''}${c.allowVersionUpgrade ? '' : ' no upgrades'}`);
                  // The configuration check fails on encryption alone and on audit logging alone.
                  if (verdictOf('REDSHIFT_CLUSTER_CONFIGURATION_CHECK') === 'NON_COMPLIANT') bump(`redshift configuration kms ${String(verdictOf('REDSHIFT_CLUSTER_KMS_ENABLED'))} logging ${String(verdictOf('REDSHIFT_AUDIT_LOGGING_ENABLED'))}`);
                }
                if (kind === 'opensearch') {
                  const c = (item as unknown as { configuration: { AdvancedSecurityOptions: { Enabled: boolean }; DomainEndpointOptions: { EnforceHTTPS: boolean }; NodeToNodeEncryptionOptions: { Enabled: boolean }; EncryptionAtRestOptions: { Enabled: boolean } } }).configuration;
                  // Fine-grained access control only where AWS allows it: HTTPS and both encryptions on.
                  if (c.AdvancedSecurityOptions.Enabled) expect([c.DomainEndpointOptions.EnforceHTTPS, c.NodeToNodeEncryptionOptions.Enabled, c.EncryptionAtRestOptions.Enabled], res.id).toEqual([true, true, true]);
                }
                if (kind === 'table') {
                  // No table is out of scope; each rule both passes and fails (below); a KMS key named is one that can encrypt.
                  expect(got.filter(([, x]) => x === 'NOT_APPLICABLE'), res.id).toEqual([]);
                  for (const [sid, x] of got) combos.set(`${String(sid)} ${String(x)}`, (combos.get(`${String(sid)} ${String(x)}`) ?? 0) + 1);
                  const arn = (item as unknown as { configuration: { ssedescription?: { kmsmasterKeyArn: string } } }).configuration.ssedescription?.kmsmasterKeyArn;
                  const keys = Array.from({ length: org.count('key', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::KMS::Key', k, day) as { arn: string; configuration: { keyUsage: string; keyState: string } });
                  const key = keys.find((k) => k.arn === arn);
                  if (key) expect([key.configuration.keyUsage, key.configuration.keyState]).toEqual(['ENCRYPT_DECRYPT', 'Enabled']);
                }
                if (kind === 'volume') {
                  // An attached volume is the root volume of a sandbox instance, in its zone; only an unattached one is out of scope.
                  const c = (item as unknown as { configuration: { availabilityZone: string; attachments: { instanceId: string }[] } }).configuration;
                  for (const [sid, x] of got) combos.set(`${String(sid)} ${String(x)}`, (combos.get(`${String(sid)} ${String(x)}`) ?? 0) + 1);
                  expect(got.filter(([, x]) => x === 'NOT_APPLICABLE').map(([sid]) => sid), res.id).toEqual(c.attachments.length === 0 ? ['ENCRYPTED_VOLUMES'] : []);
                  for (const at of c.attachments) {
                    const instances = Array.from({ length: org.count('instance', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::Instance', k, day) as { resourceId: string; configuration: { placement: { availabilityZone: string }; blockDeviceMappings: { ebs: { volumeId: string } }[] } });
                    const host = instances.find((x) => x.resourceId === at.instanceId);
                    expect(host?.configuration.blockDeviceMappings.map((b) => b.ebs.volumeId), res.id).toEqual([res.id]);
                    expect(host?.configuration.placement.availabilityZone).toBe(c.availabilityZone);
                  }
                }
                if (kind === 'bucket' || kind === 'alarm' || kind === 'taskdef' || kind === 'codebuild' || kind === 'stream' || kind === 'efs' || kind === 'topic' || kind === 'secret' || kind === 'routetable' || kind === 'igw' || kind === 'nacl' || kind === 'statemachine' || kind === 'endpointconfig' || kind === 'tgw' || kind === 'launchconfig' || kind === 'asg' || kind === 'distribution' || kind === 'elbv2' || kind === 'hostedzone' || PLATFORM.includes(kind)) for (const [sid, x] of got) combos.set(`${String(sid)} ${String(x)}`, (combos.get(`${String(sid)} ${String(x)}`) ?? 0) + 1);
                if (kind === 'asg') {
                  // A group in scope serves a Classic Load Balancer of its account-region; one out of scope serves none.
                  const names = (item as unknown as { configuration: { loadBalancerNames: string[] } }).configuration.loadBalancerNames;
                  const elbs = new Set(Array.from({ length: org.count('elb', a, r) }, (_, k) => org.resource('elb', a, r, k).id));
                  expect(names.every((n) => elbs.has(n)), res.id).toBe(true);
                  expect(names.length === 0, res.id).toBe(got[0]![1] === 'NOT_APPLICABLE');
                }
                if (kind === 'hostedzone') {
                  // In the published shape; a private zone is associated with a sandbox VPC of the region, a public one lists its name servers.
                  expect([r, item.awsRegion, schemaMismatches(item)], res.id).toEqual(['us-east-1', 'us-east-1', []]);
                  const c = (item as unknown as { configuration: { VPCs?: { VPCId: string }[]; NameServers?: string[] } }).configuration;
                  const vpcs = Array.from({ length: org.count('vpc', a, r) }, (_, k) => org.resource('vpc', a, r, k).id);
                  if (c.VPCs) expect(vpcs, res.id).toContain(c.VPCs[0]!.VPCId);
                  else expect(c.NameServers, res.id).toHaveLength(4);
                  expect(c.VPCs !== undefined, res.id).toBe(got[0]![1] === 'NOT_APPLICABLE');
                }
                if (kind === 'distribution') {
                  // Global items in the published shape, serving and logging to buckets S3 lists in us-east-1.
                  expect([r, item.awsRegion, schemaMismatches(item)], res.id).toEqual(['us-east-1', 'global', []]);
                  const c = (item as unknown as { configuration: { distributionConfig: { origins: { items: { domainName: string }[] }; logging: { bucket: string } } } }).configuration.distributionConfig;
                  const buckets = Array.from({ length: org.count('bucket', a, r) }, (_, k) => org.bucketName(a, r, k));
                  expect(buckets, res.id).toContain(c.origins.items[0]!.domainName.split('.s3.')[0]);
                  if (c.logging.bucket !== '') expect(buckets, res.id).toContain(c.logging.bucket.split('.s3.')[0]);
                }
                if (PLATFORM.includes(kind)) {
                  // In the published shape; what sits in a VPC uses subnets and a group of that VPC.
                  expect(schemaMismatches(item), res.id).toEqual([]);
                  const c = item.configuration as { VpcId?: string; SubnetIds?: string[]; SecurityGroups?: string[]; SecurityGroupIds?: string[]; ResourcesVpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[] }; BrokerNodeGroupInfo?: { ClientSubnets: string[]; SecurityGroups: string[] }; EngineType?: string };
                  const subnetIds = c.SubnetIds ?? c.ResourcesVpcConfig?.SubnetIds ?? c.BrokerNodeGroupInfo?.ClientSubnets ?? [];
                  const groupIds = c.SecurityGroups ?? c.SecurityGroupIds ?? c.ResourcesVpcConfig?.SecurityGroupIds ?? c.BrokerNodeGroupInfo?.SecurityGroups ?? [];
                  const subnets = Array.from({ length: org.count('subnet', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::Subnet', k, day) as { resourceId: string; configuration: { vpcId: string } });
                  const groups = Array.from({ length: org.count('sg', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::SecurityGroup', k, day) as { resourceId: string; configuration: { vpcId: string } });
                  const vpcs = new Set([...subnetIds.map((id) => subnets.find((x) => x.resourceId === id)?.configuration.vpcId), ...groupIds.map((id) => groups.find((x) => x.resourceId === id)?.configuration.vpcId), ...(c.VpcId ? [c.VpcId] : [])]);
                  expect(vpcs.size, res.id).toBe(kind === 'apiv2stage' || kind === 'graphqlapi' || kind === 'recoverypoint' || kind === 'backupplan' || kind === 'restapi' || kind === 'vpnconnection' ? 0 : 1);
                  expect(vpcs.has(undefined), res.id).toBe(false);
                  if (kind === 'mqbroker') expect(got.find(([sid]) => sid === 'MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED')![1] === 'NOT_APPLICABLE', res.id).toBe(c.EngineType === 'RABBITMQ');
                }
                if (kind === 'elbv2') {
                  // In the published shape; in subnets of its own VPC, each in the zone the subnet's item shows.
                  expect(schemaMismatches(item), res.id).toEqual([]);
                  const c = (item as unknown as { configuration: { type: string; vpcId: string; availabilityZones: { zoneName: string; subnetId: string }[] } }).configuration;
                  const subnets = Array.from({ length: org.count('subnet', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::Subnet', k, day) as { resourceId: string; configuration: { vpcId: string; availabilityZone: string } });
                  for (const z of c.availabilityZones) expect(subnets.find((x) => x.resourceId === z.subnetId)?.configuration, res.id).toMatchObject({ vpcId: c.vpcId, availabilityZone: z.zoneName });
                  // Only a network balancer is out of the HTTP rules' scope, and only it sits in one zone.
                  const verdictOf = (sid: string): unknown => got.find(([x]) => x === sid)![1];
                  expect(verdictOf('ALB_HTTP_DROP_INVALID_HEADER_ENABLED') === 'NOT_APPLICABLE', res.id).toBe(c.type === 'network');
                  expect(verdictOf('ELB_LOGGING_ENABLED') === 'NOT_APPLICABLE', res.id).toBe(c.type === 'network');
                  if (verdictOf('ELBV2_MULTIPLE_AZ') === 'NON_COMPLIANT') expect(c.type, res.id).toBe('network');
                  combos.set(`elbv2 ${c.type}`, (combos.get(`elbv2 ${c.type}`) ?? 0) + 1);
                  const k = `elbv2 ELB_LOGGING_ENABLED ${String(verdictOf('ELB_LOGGING_ENABLED'))}`;
                  combos.set(k, (combos.get(k) ?? 0) + 1);
                }
                if (kind === 'routetable') {
                  // A default route to the internet goes to the VPC's own gateway, which is attached to that VPC.
                  const c = (item as unknown as { configuration: { vpcId: string; routes: { destinationCidrBlock: string; gatewayId: string }[] } }).configuration;
                  for (const route of c.routes.filter((x) => x.destinationCidrBlock === '0.0.0.0/0')) {
                    const gateways = Array.from({ length: org.count('igw', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::InternetGateway', k, day) as { resourceId: string; configuration: { attachments: { vpcId: string }[] } });
                    expect(gateways.find((x) => x.resourceId === route.gatewayId)?.configuration.attachments, res.id).toEqual([{ state: 'available', vpcId: c.vpcId }]);
                  }
                }
                if (kind === 'nacl') {
                  // In the published shape; an ACL is associated with subnets of its VPC only (none
                  // exactly where the unused-ACL rule fails it), and each subnet with one ACL.
                  expect(schemaMismatches(item), res.id).toEqual([]);
                  const c = (item as unknown as { configuration: { vpcId: string; isDefault: boolean; associations: { subnetId: string }[] } }).configuration;
                  const subnets = Array.from({ length: org.count('subnet', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::Subnet', k, day) as { resourceId: string; configuration: { vpcId: string } });
                  for (const x of c.associations) expect(subnets.find((y) => y.resourceId === x.subnetId)?.configuration.vpcId, res.id).toBe(c.vpcId);
                  expect(c.associations.length === 0, res.id).toBe(got.find(([sid]) => sid === 'VPC_NETWORK_ACL_UNUSED_CHECK')?.[1] === 'NON_COMPLIANT');
                  if (c.isDefault) expect(c.associations.length, res.id).toBeGreaterThan(0);
                  const acls = Array.from({ length: org.count('nacl', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::NetworkAcl', k, day) as { configuration: { associations: { subnetId: string }[] } });
                  expect(acls.flatMap((x) => x.configuration.associations.map((y) => y.subnetId)).sort(), res.id).toEqual(subnets.map((y) => y.resourceId).sort());
                  combos.set(`nacl default ${c.isDefault}`, (combos.get(`nacl default ${c.isDefault}`) ?? 0) + 1);
                }
                if (kind === 'elb') {
                  // Every balancer has a listener, so none is out of scope but for the security-policy rule on
                  // one serving plain HTTP only; a registered instance is a sandbox instance in the balancer's VPC.
                  const plain = (item as unknown as { configuration: { listenerDescriptions: { listener: { protocol: string } }[] } }).configuration.listenerDescriptions.every((d) => d.listener.protocol === 'HTTP');
                  expect(got.filter(([, x]) => x === 'NOT_APPLICABLE').map(([sid]) => sid), res.id).toEqual(plain ? ['ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK'] : []);
                  for (const [sid, x] of got) combos.set(`${String(sid)} ${String(x)}`, (combos.get(`${String(sid)} ${String(x)}`) ?? 0) + 1);
                  const c = (item as unknown as { configuration: { vpcid: string; instances: { instanceId: string }[] } }).configuration;
                  for (const { instanceId } of c.instances) {
                    const instances = Array.from({ length: org.count('instance', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::Instance', k, day) as { resourceId: string; configuration: { vpcId: string } });
                    expect(instances.find((x) => x.resourceId === instanceId)?.configuration.vpcId, res.id).toBe(c.vpcid);
                  }
                }
                if (kind === 'opensearch' || kind === 'elasticsearch') {
                  // No domain is out of scope of any rule; each rule on a domain both passes and fails (below).
                  expect(got.filter(([, x]) => x === 'NOT_APPLICABLE'), res.id).toEqual([]);
                  for (const [sid, x] of got) combos.set(`${String(sid)} ${String(x)}`, (combos.get(`${String(sid)} ${String(x)}`) ?? 0) + 1);
                }
                if (['apistage', 'notebook', 'dms', 'dmsendpoint', 'dbsnapshot', 'dbcluster'].includes(kind)) {
                  // Nothing here is out of scope of any rule but a cluster's engine, which picks the
                  // IAM authentication and audit log export rules that judge it, and an endpoint's,
                  // for the Redis TLS rule; each rule both passes and fails (below). The SSL rule
                  // judges every endpoint: only a MySQL or PostgreSQL one passes it.
                  const engine = kind === 'dbcluster' ? (item.configuration as { engine: string }).engine : undefined;
                  const judges: Record<string, string> = { RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED: 'aurora', NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION: 'neptune', NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED: 'neptune', DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED: 'docdb' };
                  const endpointEngine = kind === 'dmsendpoint' ? (item.configuration as { EngineName: string }).EngineName : undefined;
                  if (endpointEngine !== undefined) expect(schemaMismatches(item), res.id).toEqual([]);
                  if (endpointEngine === 'redis' || endpointEngine === 's3') expect(got.find(([sid]) => sid === 'DMS_ENDPOINT_SSL_CONFIGURED')?.[1], res.id).toBe('NON_COMPLIANT');
                  const na = endpointEngine !== undefined ? (endpointEngine === 'redis' ? [] : ['DMS_REDIS_TLS_ENABLED']) : engine === undefined ? [] : Object.keys(judges).filter((sid) => judges[sid] !== (engine.startsWith('aurora') ? 'aurora' : engine)).sort();
                  expect(got.filter(([, x]) => x === 'NOT_APPLICABLE').map(([sid]) => String(sid)).sort(), res.id).toEqual(na);
                  if (engine) combos.set(`dbcluster ${engine}`, (combos.get(`dbcluster ${engine}`) ?? 0) + 1);
                  for (const [sid, x] of got) combos.set(`${String(sid)} ${String(x)}`, (combos.get(`${String(sid)} ${String(x)}`) ?? 0) + 1);
                }
                if (kind === 'dbsnapshot') {
                  // A snapshot names one of the account-region's DB instances and shares its engine and encryption; only an unencrypted one is public.
                  const c = (item as unknown as { configuration: { dbiResourceId: string; dBInstanceIdentifier: string; engine: string; encrypted: boolean } }).configuration;
                  const dbs = Array.from({ length: org.count('db', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::RDS::DBInstance', k, day) as { resourceId: string; configuration: { dBInstanceIdentifier: string; engine: string; storageEncrypted: boolean } });
                  const db = dbs.find((x) => x.resourceId === c.dbiResourceId);
                  expect(db, res.id).toBeDefined();
                  expect([c.dBInstanceIdentifier, c.engine, c.encrypted], res.id).toEqual([db!.configuration.dBInstanceIdentifier, db!.configuration.engine, db!.configuration.storageEncrypted]);
                  const verdictOf = (sid: string): unknown => got.find(([x]) => x === sid)![1];
                  if (verdictOf('RDS_SNAPSHOTS_PUBLIC_PROHIBITED') === 'NON_COMPLIANT') expect(c.encrypted, res.id).toBe(false);
                }
                if (kind === 'notebook') {
                  // A notebook without direct internet access sits in a sandbox subnet, with a group of that subnet's VPC.
                  const c = (item as unknown as { configuration: { DirectInternetAccess: string; SubnetId?: string; SecurityGroupIds?: string[] } }).configuration;
                  if (c.DirectInternetAccess === 'Disabled') expect(c.SubnetId, res.id).toBeDefined();
                  if (c.SubnetId) {
                    const subnets = Array.from({ length: org.count('subnet', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::Subnet', k, day) as { resourceId: string; configuration: { vpcId: string } });
                    const groups = Array.from({ length: org.count('sg', a, r) }, (_, k) => configurationItem(org, a, r, 'AWS::EC2::SecurityGroup', k, day) as { resourceId: string; configuration: { vpcId: string } });
                    const vpc = subnets.find((x) => x.resourceId === c.SubnetId)?.configuration.vpcId;
                    expect(vpc, res.id).toBeDefined();
                    expect(c.SecurityGroupIds!.map((g) => groups.find((x) => x.resourceId === g)?.configuration.vpcId), res.id).toEqual([vpc]);
                  }
                }
                if (kind === 'sg') {
                  const k = got.filter(([sid]) => sid === 'INCOMING_SSH_DISABLED' || sid === 'RESTRICTED_INCOMING_TRAFFIC').map(([sid, c]) => `${sid} ${c}`).join(', ');
                  combos.set(k, (combos.get(k) ?? 0) + 1);
                }
              }
            }
          }
        }
      }
    }
    // Each rule on a security group passes or fails whatever the other says (SSH open and no blocked port, and the reverse).
    expect(combos.get('INCOMING_SSH_DISABLED NON_COMPLIANT, RESTRICTED_INCOMING_TRAFFIC COMPLIANT')).toBeGreaterThan(0);
    expect(combos.get('INCOMING_SSH_DISABLED COMPLIANT, RESTRICTED_INCOMING_TRAFFIC NON_COMPLIANT')).toBeGreaterThan(0);
    // Both out-of-scope cases of DB instances occur.
    expect(combos.get('db RDS_LOGGING_ENABLED')).toBeGreaterThan(0);
    expect(combos.get('db RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED')).toBeGreaterThan(0);
    expect(combos.get('db key customer')).toBeGreaterThan(0);
    expect(combos.get('function in a VPC')).toBeGreaterThan(0);
    // A function without a policy and one granting S3 pass; anyone, or S3 without aws:SourceAccount, fail.
    for (const k of ['COMPLIANT none', 'COMPLIANT {"Service":"s3.amazonaws.com"}', 'NON_COMPLIANT "*"', 'NON_COMPLIANT {"Service":"s3.amazonaws.com"}']) expect(combos.get(`function policy ${k}`), k).toBeGreaterThan(0);
    expect(combos.get('redshift key customer')).toBeGreaterThan(0);
    expect(combos.get('ENCRYPTED_VOLUMES NOT_APPLICABLE')).toBeGreaterThan(0);
    expect(combos.get('AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED NOT_APPLICABLE')).toBeGreaterThan(0);
    expect(combos.get('MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED NOT_APPLICABLE')).toBeGreaterThan(0);
    for (const k of ['nacl default true', 'nacl default false']) expect(combos.get(k), k).toBeGreaterThan(0);
    for (const k of ['dbcluster neptune', 'dbcluster docdb', 'dbcluster aurora-mysql', 'dbcluster aurora-postgresql']) expect(combos.get(k), k).toBeGreaterThan(0);
    // ELBv2 balancers of both types: network ones out of the HTTP rules' scope, some in one zone.
    for (const k of ['elbv2 network', 'elbv2 application', 'ELB_LOGGING_ENABLED NOT_APPLICABLE', 'ALB_HTTP_DROP_INVALID_HEADER_ENABLED NOT_APPLICABLE', 'elbv2 ELB_LOGGING_ENABLED COMPLIANT', 'elbv2 ELB_LOGGING_ENABLED NON_COMPLIANT']) expect(combos.get(k), k).toBeGreaterThan(0);
    for (const k of [' no backups', ' no upgrades']) expect(combos.get(`redshift maintenance${k}`), k).toBeGreaterThan(0);
    expect(combos.get('redshift configuration kms NON_COMPLIANT logging COMPLIANT')).toBeGreaterThan(0);
    expect(combos.get('redshift configuration kms COMPLIANT logging NON_COMPLIANT')).toBeGreaterThan(0);
    for (const sid of Object.keys(ITEM_RULES).filter((x) => ['opensearch', 'elasticsearch', 'apistage', 'notebook', 'dms', 'dmsendpoint', 'dbsnapshot', 'dbcluster', 'table', 'volume', 'alarm', 'taskdef', 'codebuild', 'stream', 'efs', 'topic', 'secret', 'routetable', 'igw', 'nacl', 'statemachine', 'endpointconfig', 'tgw', 'launchconfig', 'asg', 'distribution', 'elbv2', 'hostedzone', ...PLATFORM].includes(ITEM_RULES[x]!))) for (const x of ['COMPLIANT', 'NON_COMPLIANT']) expect(combos.get(`${sid} ${x}`), `${sid} ${x}`).toBeGreaterThan(0);
    // Bucket rules added with their evaluators: the items show both verdicts.
    for (const sid of ['S3_BUCKET_ACL_PROHIBITED', 'S3_BUCKET_DEFAULT_LOCK_ENABLED', 'S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED', 'S3_LIFECYCLE_POLICY_CHECK', 'S3_BUCKET_POLICY_GRANTEE_CHECK']) for (const x of ['COMPLIANT', 'NON_COMPLIANT']) expect(combos.get(`${sid} ${x}`), `${sid} ${x}`).toBeGreaterThan(0);
  });

  it('IAM items allow a blocked KMS action exactly where the KMS rules fail, admin access included, and KMS statements alone decide nothing', () => {
    const combos = new Map<string, number>();
    for (const seed of [2, 5, 13]) {
      const org = new OrgModel({ seed, accounts: 2, resources: 400 });
      for (const day of [0, 3]) {
        for (const a of org.accounts) {
          for (const [type, kind, sid] of [
            ['AWS::IAM::Policy', 'policy', 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS'],
            ['AWS::IAM::User', 'user', 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS'],
          ] as const) {
            for (let i = 0; i < org.count(kind, a, org.first); i += 1) {
              const item = configurationItem(org, a, org.first, type, i, day) as unknown as ConfigurationItem;
              const res = org.resource(kind, a, org.first, i);
              const got = ruleEvaluator(sid)!.evaluate(item, SANDBOX_RULE_PARAMETERS[sid]).compliance;
              expect(got, `${sid} ${res.id}`).toBe(itemVerdict(org, sid, a, org.first, res, day));
              const admin = kind === 'policy' && itemVerdict(org, 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', a, org.first, res, day) === 'NON_COMPLIANT';
              const kms = decodeURIComponent(JSON.stringify(item.configuration)).includes('"kms:');
              const k = `${sid} ${got}${admin ? ' admin' : ''}${kms ? ' kms' : ''}`;
              combos.set(k, (combos.get(k) ?? 0) + 1);
            }
          }
        }
      }
    }
    for (const sid of ['IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS']) for (const x of ['COMPLIANT kms', 'NON_COMPLIANT kms', 'COMPLIANT']) expect(combos.get(`${sid} ${x}`), `${sid} ${x}`).toBeGreaterThan(0);
    expect(combos.get('IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS NON_COMPLIANT admin')).toBeGreaterThan(0);
    // Without the parameter, no verdict: an ERROR naming it.
    const org = new OrgModel({ seed: 2, accounts: 1, resources: 60 });
    const item = configurationItem(org, org.accounts[0]!, org.first, 'AWS::IAM::Policy', 0, 0) as unknown as ConfigurationItem;
    expect(() => ruleEvaluator('IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS')!.evaluate(item)).toThrow(/blockedActionsPatterns/);
  });

  it('Classic Load Balancer items pass and fail each listener rule, in every combination, over seeds', () => {
    // Seeds 2 and 13 above happen to hold no balancer failing the TLS rule, 3 and 4 none failing logging.
    const combos = new Set<string>();
    const attributes = new Set<string>();
    for (const seed of [3, 4, 9]) {
      const org = new OrgModel({ seed, accounts: 2, resources: 60 });
      for (const a of org.accounts) {
        for (const r of org.regions) {
          for (let i = 0; i < org.count('elb', a, r); i += 1) {
            const item = configurationItem(org, a, r, 'AWS::ElasticLoadBalancing::LoadBalancer', i, 0) as unknown as ConfigurationItem;
            const res = org.resource('elb', a, r, i);
            const got = ['ELB_TLS_HTTPS_LISTENERS_ONLY', 'ELB_ACM_CERTIFICATE_REQUIRED'].map((sid) => ruleEvaluator(sid)!.evaluate(item).compliance);
            expect(got, res.id).toEqual(['ELB_TLS_HTTPS_LISTENERS_ONLY', 'ELB_ACM_CERTIFICATE_REQUIRED'].map((sid) => itemVerdict(org, sid, a, r, res, 0)));
            combos.add(got.join(' '));
            // The attribute rules too; access logs go to a bucket the account-region's S3 holds, where it holds any.
            // The security-policy rule too, with the sandbox's predefined policy.
            for (const sid of ['ELB_LOGGING_ENABLED', 'ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED', 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK']) {
              expect(ruleEvaluator(sid)!.evaluate(item, SANDBOX_RULE_PARAMETERS[sid]).compliance, `${sid} ${res.id}`).toBe(itemVerdict(org, sid, a, r, res, 0));
              attributes.add(`${sid} ${ruleEvaluator(sid)!.evaluate(item, SANDBOX_RULE_PARAMETERS[sid]).compliance}`);
            }
            const log = (item.supplementaryConfiguration as { LoadBalancerAttributes: { accessLog: { s3BucketName?: string } } }).LoadBalancerAttributes.accessLog;
            const buckets = Array.from({ length: org.count('bucket', a, r) }, (_, k) => org.bucketName(a, r, k));
            if (log.s3BucketName && buckets.length > 0) expect(buckets, res.id).toContain(log.s3BucketName);
          }
        }
      }
    }
    expect([...combos].sort()).toEqual(['COMPLIANT COMPLIANT', 'COMPLIANT NON_COMPLIANT', 'NON_COMPLIANT COMPLIANT', 'NON_COMPLIANT NON_COMPLIANT']);
    expect([...attributes].sort()).toEqual(['ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED COMPLIANT', 'ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED NON_COMPLIANT', 'ELB_LOGGING_ENABLED COMPLIANT', 'ELB_LOGGING_ENABLED NON_COMPLIANT', 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK COMPLIANT', 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK NON_COMPLIANT', 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK NOT_APPLICABLE']);
  });

  it('a key pending deletion: its item fails KMS_CMK_NOT_SCHEDULED_FOR_DELETION and KMS shows the same state', async () => {
    // Seed 5 schedules signing keys for deletion; the others at this scale happen to have none.
    const sandbox = await startSandbox({ port: 0, seed: 5, day: 4, accounts: 2, resources: 60, faults: { throttling: false } });
    const clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 2 });
    try {
      const org = new OrgModel({ seed: 5, accounts: 2, resources: 60 });
      const scope = await resolveScope(clients, org.first, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, 'kms-pending');
      const states = new Map<string, number>();
      for (const { account, clients: own } of scope.accounts) {
        for (const region of org.regions) {
          for (let i = 0; i < org.count('key', account, region); i += 1) {
            const item = configurationItem(org, account, region, 'AWS::KMS::Key', i, 4) as unknown as ConfigurationItem & { configuration: { keyId: string; keyState: string; deletionDate?: string } };
            const c = item.configuration;
            states.set(c.keyState, (states.get(c.keyState) ?? 0) + 1);
            expect(ruleEvaluator('KMS_CMK_NOT_SCHEDULED_FOR_DELETION')!.evaluate(item).compliance, c.keyId).toBe(c.keyState === 'PendingDeletion' ? 'NON_COMPLIANT' : 'COMPLIANT');
            // A key pending deletion is out of the rotation rule's scope, as the oracle has it.
            if (c.keyState === 'PendingDeletion') expect(ruleEvaluator('CMK_BACKING_KEY_ROTATION_ENABLED')!.evaluate(item).compliance).toBe('NOT_APPLICABLE');
            const m = (await own.kms(region).send(new DescribeKeyCommand({ KeyId: c.keyId }))).KeyMetadata!;
            expect([m.KeyState, m.Enabled, m.DeletionDate?.toISOString()], c.keyId).toEqual([c.keyState, c.keyState === 'Enabled', c.deletionDate]);
          }
        }
      }
      expect(states.get('PendingDeletion')).toBeGreaterThan(0);
      expect(states.get('Enabled')).toBeGreaterThan(0);
    } finally {
      clients.destroy();
      await sandbox.close();
    }
  });

  it('a malformed item is an ERROR, never a verdict', () => {
    const items = { ok: true as const, key: 'k', data: { recorders: [], types: [{ resourceType: 'AWS::S3::Bucket', recorded: true as const, items: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'b', supplementaryConfiguration: {} }] }] } };
    const out = configItemsOutcome('S3_BUCKET_VERSIONING_ENABLED', [{ region: 'us-east-1', items }]);
    expect(out.outcome.kind).toBe('error');
    expect(out.outcome.kind === 'error' && out.outcome.reason).toContain('BucketVersioningConfiguration.status');
  });

  it('every evaluator of a type the sandbox records reads its items without error', async () => {
    const selected = ruleEvaluators.filter((e) => e.resourceTypes.some((t) => t in ITEM_TYPES)).map((e) => resolveCheck(`config:${e.rule}`)).filter((c): c is CheckDef => c !== undefined);
    // Every evaluator's rule is now one the items are built to reproduce (ITEM_RULES).
    expect(selected.length).toBeGreaterThanOrEqual(Object.keys(COVERED).length);
    const { results, sandbox } = await run('none', selected);
    await sandbox.close();
    const errors = results.flatMap((c) => c.targets.filter((t) => t.status === 'ERROR').map((t) => `${c.id} ${t.region}: ${t.reason}`));
    expect(errors).toEqual([]);
    // Judged from items, unless the rule needs a parameter the catalog does not set (then nothing is
    // judged, and an account-region without the type records nothing either).
    const judged = results.filter((c) => c.targets.some((t) => t.source === 'configuration-item'));
    const needs = (t: { reason?: string }): boolean => /cannot be evaluated locally: parameter \w+/.test(t.reason ?? '');
    const needParameters = results.filter((c) => c.targets.some(needs) && c.targets.every((t) => t.status === 'NO_EVIDENCE' && (needs(t) || /no \S+ is recorded$/.test(t.reason ?? ''))));
    expect(needParameters.map((c) => c.id).sort()).toEqual(['config:API_GW_ENDPOINT_TYPE_CHECK', 'config:ECS_NO_ENVIRONMENT_SECRETS', 'config:ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK', 'config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', 'config:IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS', 'config:S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED']);
    expect(judged.length + needParameters.length).toBe(selected.length);
  }, 120_000);

  it('the query subset: fields, = and IN joined by AND; anything else is rejected', () => {
    expect(parseExpression("SELECT resourceId, configuration WHERE resourceType = 'AWS::S3::Bucket' AND awsRegion IN ('us-east-1', 'global')")).toEqual({
      fields: ['resourceId', 'configuration'],
      where: [
        { field: 'resourceType', values: ['AWS::S3::Bucket'] },
        { field: 'awsRegion', values: ['us-east-1', 'global'] },
      ],
    });
    expect(() => parseExpression("SELECT resourceId WHERE resourceType LIKE 'AWS::%'")).toThrow(/unsupported condition/);
    expect(() => parseExpression('SELECT COUNT(*)')).toThrow(/unsupported field/);
  });

  it('the policy asks for SelectResourceConfig only when a selected rule has a local evaluator', () => {
    expect(readActions(checks())).toEqual(expect.arrayContaining(['config:DescribeConfigurationRecorders', 'config:SelectResourceConfig']));
    expect(readActions(checks(), { configurationItems: false })).not.toContain('config:SelectResourceConfig');
    expect(readActions([resolveCheck('cloudtrail-kms-encryption')!])).not.toContain('config:SelectResourceConfig');
  });
});
