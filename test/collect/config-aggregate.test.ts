// Configuration items through the organization's Config aggregator: read from the management
// account alone, they give the same verdicts as reading every account-region, with the fewest
// calls; a source whose data stopped moving is an ERROR there, never a pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startSandbox, type DeployedRules, type FaultInput, type RunningSandbox } from '../../src/sandbox/index.ts';
import { agreementWithDeployed, compareVerdicts, deployedParameters } from '../../src/evaluate/agreement.ts';
import { agreementView } from '../../src/report/agreement.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { ITEM_TYPES } from '../../src/sandbox/services/config-items.ts';
import { ruleEvaluators } from '../../src/managed-rules/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { resolveScope } from '../../src/collect/scope.ts';
import { collectEvidence } from '../../src/collect/engine.ts';
import { resolveCheck, type CheckDef } from '../../src/catalog/checks.ts';
import { CheckResultsBuilder, StreamingEvaluator } from '../../src/evaluate/index.ts';
import { readActions } from '../../src/run/policy.ts';
import type { CheckResult, CollectionRecord } from '../../src/domain/index.ts';
import { FileStore } from '../../src/store/file.ts';
import { silentLogger } from '../../src/util/log.ts';
import { UNPACED, tempDir } from '../helpers.ts';

const DAY = 2;
const SEED = 11;
const RESOURCES = 250;
const MEMBERS = 2;

let dir: string;
let cleanup: () => Promise<void>;
let n = 0;

/** Every rule with a local evaluator of a type the sandbox records. */
const selected = (): CheckDef[] =>
  ruleEvaluators
    .filter((e) => e.resourceTypes.some((t) => t in ITEM_TYPES))
    .map((e) => resolveCheck(`config:${e.rule}`))
    .filter((c): c is CheckDef => c !== undefined);

interface Stats {
  requests: Record<string, number>;
  minimumCalls: number;
  minimumCallsByOperation: Record<string, number>;
}

async function run(
  via: 'aggregator' | 'accounts',
  faults: FaultInput = {},
  deployedRules: DeployedRules = 'none',
  ruleParameters: Record<string, Record<string, string>> = {},
): Promise<{ results: CheckResult[]; collections: CollectionRecord[]; stats: Stats; sandbox: RunningSandbox }> {
  const sandbox = await startSandbox({ port: 0, seed: SEED, day: DAY, accounts: MEMBERS, resources: RESOURCES, deployedRules, faults: { throttling: false, ...faults } });
  const clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 2, now: () => new Date(simulatedNow(DAY)) });
  const checks = selected();
  try {
    const scope = await resolveScope(clients, sandbox.regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, `agg-${via}`);
    const builder = new CheckResultsBuilder(checks);
    const out = await collectEvidence({
      store: new FileStore(path.join(dir, `store-${(n += 1)}`)),
      accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
      regions: sandbox.regions,
      checks,
      concurrency: 16,
      rateLimits: UNPACED,
      log: silentLogger(),
      now: () => new Date(),
      configurationItems: true,
      ...(via === 'aggregator' ? { configAggregator: { name: sandbox.configAggregator, account: sandbox.accountId, clients } } : {}),
      evaluator: new StreamingEvaluator(checks, (c, r) => builder.add(c, r), ruleParameters),
    });
    const sids = checks.map((c) => c.id.replace(/^config:/, '')).join(',');
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats?datasets=config-rules&rules=${sids}&items=${sids}${via === 'aggregator' ? '&aggregator=1' : ''}`)).json()) as Stats;
    return { results: builder.build(), collections: out.coverage.collections, stats, sandbox };
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

/** Each (check, account, region) → status and every resource's verdict. */
function verdicts(results: CheckResult[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of results) {
    for (const t of c.targets) out.set(`${c.id} ${t.account} ${t.region}`, `${t.status} ${t.source ?? '-'} ${t.results.map((r) => `${r.resourceId}=${r.compliance}`).join(',')}`);
  }
  return out;
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => {
  await cleanup?.();
});

describe('configuration items through the aggregator', () => {
  it('give the per-account verdicts, from the management account alone, with calls ÷ minimum ≤ 1.01', async () => {
    const agg = await run('aggregator');
    const per = await run('accounts');
    expect(agg.collections.filter((c) => c.status !== 'collected')).toEqual([]);

    // Nothing asked per account-region, and no role assumed for the items: the members' roles serve
    // their rule lists only, exactly as many as without items.
    expect(agg.stats.requests['config.SelectResourceConfig'] ?? 0).toBe(0);
    expect(agg.stats.requests['config.DescribeConfigurationRecorders'] ?? 0).toBe(0);
    expect(agg.stats.requests['sts.AssumeRole']).toBe(MEMBERS);
    const itemsCollections = agg.collections.filter((c) => c.collector.startsWith('configuration-items'));
    expect(itemsCollections.map((c) => [c.account, c.region, c.collector])).toEqual([[agg.sandbox.accountId, agg.sandbox.regions[0], 'configuration-items-aggregate']]);
    // One query per needed type, several pages for the larger ones.
    const types = new Set(selected().flatMap((c) => ruleEvaluators.find((e) => `config:${e.rule}` === c.id)!.resourceTypes));
    expect(agg.stats.requests['config.SelectAggregateResourceConfig']).toBeGreaterThan(types.size);
    for (const op of ['config.DescribeConfigurationAggregatorSourcesStatus', 'config.SelectAggregateResourceConfig']) expect(agg.stats.requests[op], op).toBe(agg.stats.minimumCallsByOperation[op]);
    const made = Object.values(agg.stats.requests).reduce((a, b) => a + b, 0);
    expect(made / agg.stats.minimumCalls).toBeLessThanOrEqual(1.01);
    // Far fewer calls for the items than asking every account-region.
    const perItems = (per.stats.requests['config.SelectResourceConfig'] ?? 0) + (per.stats.requests['config.DescribeConfigurationRecorders'] ?? 0);
    expect(agg.stats.requests['config.SelectAggregateResourceConfig']! + agg.stats.requests['config.DescribeConfigurationAggregatorSourcesStatus']!).toBeLessThan(perItems / 2);

    const a = verdicts(agg.results);
    const p = verdicts(per.results);
    expect([...a.keys()].sort()).toEqual([...p.keys()].sort());
    const differing = [...a].filter(([k, v]) => p.get(k) !== v).map(([k, v]) => `${k}: ${v.slice(0, 120)} ≠ ${p.get(k)!.slice(0, 120)}`);
    expect(differing).toEqual([]);
    const judged = [...a.values()].filter((v) => v.includes(' configuration-item '));
    expect(judged.length).toBeGreaterThan(50);
  }, 240_000);

  it('a failing source reads ERROR with its reason, never a pass; the other sources are judged', async () => {
    const probe = await startSandbox({ port: 0, seed: SEED, accounts: MEMBERS, resources: 10 });
    const member = probe.memberAccounts[0]!;
    const [first, second] = probe.regions as [string, string];
    await probe.close();
    const { results } = await run('aggregator', { failedAggregatorSources: [{ account: member, region: first }] });
    let failed = 0;
    for (const c of results) {
      for (const t of c.targets) {
        if (t.account === member && (t.region === first || t.region === 'global')) {
          expect(t.status, `${c.id} ${t.region}`).toBe('ERROR');
          expect(t.reason).toContain(`source ${member} in ${first} is FAILED`);
          failed += 1;
        }
      }
    }
    expect(failed).toBeGreaterThan(10);
    const elsewhere = results.flatMap((c) => c.targets.filter((t) => t.account === member && t.region === second));
    expect(elsewhere.some((t) => t.source === 'configuration-item' && (t.status === 'PASS' || t.status === 'FAIL'))).toBe(true);
  }, 120_000);

  it('with every rule deployed, AWS Config stays the evidence and the local verdicts agree 100 %', async () => {
    const { results } = await run('aggregator', {}, 'all');
    const withBoth = results.flatMap((c) => c.targets.filter((t) => t.agreement).map((t) => ({ id: c.id, t })));
    expect(withBoth.length).toBeGreaterThan(20);
    for (const { t } of withBoth) expect(t.source).toBe('config-rule');
    const view = agreementView(results, new Set(results.map((c) => c.id)))!;
    expect(view.differing).toEqual([]);
    expect(view.percent).toBe('100 %');
    expect(view.compared).toBeGreaterThan(500);
    // Compared across every kind of resource the sandbox records, not one rule.
    expect(new Set(withBoth.map((x) => x.id)).size).toBeGreaterThan(8);
  }, 120_000);

  it('beside a deployed rule, the local evaluator judges with that rule\'s InputParameters, not collection.ruleParameters', async () => {
    // Configured: versioning must come with MFA delete. Deployed: isMfaDeleteEnabled "false".
    const sid = 'S3_BUCKET_VERSIONING_ENABLED';
    const { results } = await run('aggregator', {}, 'all', { [sid]: { isMfaDeleteEnabled: 'true' } });
    const check = results.find((c) => c.id === `config:${sid}`)!;
    const compared = check.targets.filter((t) => t.agreement);
    expect(compared.length).toBeGreaterThan(3);
    for (const t of compared) expect(t.agreement!.differingCount, `${t.account}/${t.region}`).toBe(0);
    // The configured value is not a no-op: versioned buckets without MFA delete are many, and the
    // same evaluator with it reads them NON_COMPLIANT where AWS Config reads COMPLIANT.
    const versioned = compared.flatMap((t) => t.results.filter((r) => r.compliance === 'COMPLIANT'));
    expect(versioned.length).toBeGreaterThan(10);
    expect(deployedParameters('{"isMfaDeleteEnabled":"false"}')).toEqual({ isMfaDeleteEnabled: 'false' });
  }, 120_000);

  it('reads InputParameters as AWS Config holds them; a malformed value compares nothing', () => {
    expect(deployedParameters(undefined)).toEqual({});
    expect(deployedParameters('{}')).toEqual({});
    expect(deployedParameters(' ')).toEqual({});
    expect(deployedParameters('{"maxAccessKeyAge":90,"x":true}')).toEqual({ maxAccessKeyAge: '90', x: 'true' });
    for (const bad of ['{', '[]', '"90"', 'null', '{"a":{"b":1}}', '{"a":null}']) expect(deployedParameters(bad), bad).toBeNull();
    // Two deployments of one rule, with and without MFA delete required, compared apart.
    const bucket = (id: string, mfa: boolean) => ({
      version: '1.3', accountId: '1', awsRegion: 'r', resourceType: 'AWS::S3::Bucket', resourceId: id, configurationItemCaptureTime: '2026-12-01T00:00:00.000Z', configurationItemStatus: 'OK',
      supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: mfa } },
    });
    const items = [{ region: 'r', items: { ok: true as const, key: 'k', data: { types: [{ resourceType: 'AWS::S3::Bucket', recorded: true as const, items: [bucket('a', false), bucket('b', true)] }] } } }];
    const result = (id: string, c: string) => ({ EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: 'AWS::S3::Bucket', ResourceId: id } }, ComplianceType: c });
    const found = [{ sourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED', rules: [
      { ConfigRuleName: 'plain', InputParameters: '{}', evaluationResults: [result('a', 'COMPLIANT'), result('b', 'COMPLIANT')] },
      { ConfigRuleName: 'strict', InputParameters: '{"isMfaDeleteEnabled":"true"}', evaluationResults: [result('a', 'NON_COMPLIANT'), result('b', 'COMPLIANT')] },
      { ConfigRuleName: 'broken', InputParameters: '{"isMfaDeleteEnabled":', evaluationResults: [result('a', 'NON_COMPLIANT'), result('b', 'NON_COMPLIANT')] },
    ] }];
    expect(agreementWithDeployed('S3_BUCKET_VERSIONING_ENABLED', found as never, items as never)).toEqual({ compared: 4, differingCount: 0, differing: [] });
    // Judged with one set of parameters for both, the strict deployment would differ on bucket a.
    const flipped = [{ ...found[0]!, rules: [{ ...found[0]!.rules[1]!, InputParameters: '{}' }] }];
    expect(agreementWithDeployed('S3_BUCKET_VERSIONING_ENABLED', flipped as never, items as never)).toEqual({ compared: 2, differingCount: 1, differing: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'a', configRule: 'NON_COMPLIANT', local: 'COMPLIANT' }] });
  });

  it('a verdict that differs is counted and listed; a report never rounds it up to 100 %', () => {
    const aws = Array.from({ length: 2000 }, (_, i) => ({ resourceType: 'AWS::S3::Bucket', resourceId: `b${i}`, compliance: 'COMPLIANT' as const }));
    const local = aws.map((r, i) => ({ ...r, compliance: i === 7 ? ('NON_COMPLIANT' as const) : i === 8 ? ('NOT_APPLICABLE' as const) : r.compliance }));
    const a = compareVerdicts(aws, { kind: 'evaluated', results: local })!;
    expect(a).toEqual({ compared: 1999, differingCount: 1, differing: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'b7', configRule: 'COMPLIANT', local: 'NON_COMPLIANT' }] });
    expect(compareVerdicts(aws, { kind: 'no_evidence', reason: 'x' })).toBeUndefined();
    const view = agreementView([{ id: 'config:X', kind: 'config-rule', title: 'x', scope: 'region', targets: [{ account: '1', region: 'r', status: 'PASS', counts: { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 }, results: [], evidenceKeys: [], agreement: a }] }], new Set(['config:X']))!;
    expect(view.percent).toBe('99.9 %');
    expect(view.differing.map((d) => d.resourceId)).toEqual(['b7']);
  });

  it('the policy names the aggregator actions instead of the per-account ones', () => {
    const checks = selected();
    const actions = readActions(checks, { configAggregator: true });
    expect(actions).toEqual(expect.arrayContaining(['config:DescribeConfigurationAggregatorSourcesStatus', 'config:SelectAggregateResourceConfig']));
    expect(actions).not.toContain('config:SelectResourceConfig');
    expect(actions).not.toContain('config:DescribeConfigurationRecorders');
    const plain = readActions(checks);
    expect(actions.filter((x) => !plain.includes(x)).sort()).toEqual(['config:DescribeConfigurationAggregatorSourcesStatus', 'config:SelectAggregateResourceConfig']);
  });
});
