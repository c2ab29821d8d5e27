// Parameters a control sets on its managed rule, against the sandbox over HTTP: each set of
// parameters is a check of its own, judged from configuration items with the control's values
// (over collection.ruleParameters), and a deployed rule answers for it only with the same values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSandbox, type DeployedRules } from '../../src/sandbox/index.ts';
import { OrgModel, simulatedNow } from '../../src/sandbox/org.ts';
import { configurationItem, ITEM_TYPES } from '../../src/sandbox/services/config-items.ts';
import { ruleEvaluator, type ConfigurationItem, type RuleParameters } from '../../src/managed-rules/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { resolveScope } from '../../src/collect/scope.ts';
import { collectEvidence } from '../../src/collect/engine.ts';
import { resolveCheck, type CheckDef } from '../../src/catalog/checks.ts';
import { checksOf, loadCatalog } from '../../src/catalog/load.ts';
import { CheckResultsBuilder, StreamingEvaluator } from '../../src/evaluate/index.ts';
import type { CheckResult, CheckTargetResult } from '../../src/domain/index.ts';
import { FileStore } from '../../src/store/file.ts';
import { silentLogger } from '../../src/util/log.ts';
import { UNPACED, tempDir } from '../helpers.ts';

const DAY = 3;
const SEED = 5;
const RESOURCES = 150;
const MEMBERS = 1;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => {
  await cleanup?.();
});

async function run(
  deployedRules: DeployedRules,
  selected: CheckDef[],
  opts: { ruleParameters?: Record<string, Record<string, string>>; store: string; items?: boolean },
): Promise<{ results: CheckResult[]; regions: string[] }> {
  const sandbox = await startSandbox({ port: 0, seed: SEED, day: DAY, accounts: MEMBERS, resources: RESOURCES, deployedRules, faults: { throttling: false } });
  const clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 2, now: () => new Date(simulatedNow(DAY)) });
  try {
    const scope = await resolveScope(clients, sandbox.regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sandbox.collectorRole, durationSeconds: 3600 } }, `params-${opts.store}`);
    const builder = new CheckResultsBuilder(selected);
    await collectEvidence({
      store: new FileStore(path.join(dir, opts.store)),
      accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
      regions: sandbox.regions,
      checks: selected,
      concurrency: 16,
      rateLimits: UNPACED,
      log: silentLogger(),
      now: () => new Date(),
      configurationItems: opts.items ?? true,
      evaluator: new StreamingEvaluator(selected, (c, r) => builder.add(c, r), opts.ruleParameters),
    });
    return { results: builder.build(), regions: sandbox.regions };
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

/** What the rule's evaluator says of every item of `type` in a target, with these parameters. */
function evaluatorVerdicts(regions: string[], sid: string, type: string, t: CheckTargetResult, params: RuleParameters): Map<string, string> {
  const org = new OrgModel({ seed: SEED, regions, accounts: MEMBERS, resources: RESOURCES });
  const region = t.region === 'global' ? regions[0]! : t.region;
  const out = new Map<string, string>();
  for (let i = 0; i < org.count(ITEM_TYPES[type]!, t.account, region); i += 1) {
    const item = configurationItem(org, t.account, region, type, i, DAY) as unknown as ConfigurationItem;
    out.set(item.resourceId, ruleEvaluator(sid)!.evaluate(item, params).compliance);
  }
  return out;
}

const verdicts = (t: CheckTargetResult, type: string): Map<string, string> => new Map(t.results.filter((r) => r.resourceType === type).map((r) => [r.resourceId, r.compliance]));

const KMS = 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS';
const POLICY = 'AWS::IAM::Policy';

describe('parameters a control sets on its managed rule', () => {
  it('two controls with different values get two checks, each judged with its own values over collection.ruleParameters', async () => {
    const fwDir = path.join(dir, 'fw');
    await mkdir(path.join(dir, 'builtin'), { recursive: true });
    await mkdir(fwDir, { recursive: true });
    const pair = (patterns: string): string => `      - check: config:${KMS}\n        parameters: { blockedActionsPatterns: "${patterns}" }\n        source: test\n        rationale: test\n`;
    await writeFile(
      path.join(fwDir, 'framework.yaml'),
      'id: params-test\nname: Parameters\nversion: 1\ncontrols:\n' +
        `  - id: A\n    title: decrypt and re-encrypt\n    checks:\n${pair('kms:Decrypt,kms:ReEncryptFrom')}` +
        `  - id: B\n    title: decrypt only\n    checks:\n${pair('kms:Decrypt')}` +
        `  - id: C\n    title: the same as A\n    checks:\n${pair('kms:Decrypt,kms:ReEncryptFrom')}` +
        `  - id: D\n    title: the rule as the run sets it\n    checks: [config:${KMS}]\n`,
    );
    const catalog = await loadCatalog([fwDir], path.join(dir, 'builtin'), { cache: null });
    const selected = checksOf(catalog, catalog.frameworks);
    const a = `config:${KMS}(blockedActionsPatterns=kms:Decrypt,kms:ReEncryptFrom)`;
    const b = `config:${KMS}(blockedActionsPatterns=kms:Decrypt)`;
    expect(selected.map((c) => c.id)).toEqual([`config:${KMS}`, b, a]);
    expect(catalog.usedBy.get(a)).toEqual(['params-test/A', 'params-test/C']);
    expect(selected[2]).toMatchObject({ kind: 'config-rule', sourceIdentifier: KMS, parameters: { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' } });

    // the run sets a third value: it reaches only the control that sets none
    const runValue = 'kms:GenerateDataKey*';
    const { results, regions } = await run('none', selected, { store: 'two-controls', ruleParameters: { [KMS]: { blockedActionsPatterns: runValue } } });
    const byId = new Map(results.map((c) => [c.id, c]));
    expect(byId.get(a)!.parameters).toEqual({ blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' });
    expect(byId.get(`config:${KMS}`)!.parameters).toBeUndefined();
    const judged = new Map<string, Map<string, string>>();
    for (const [id, patterns] of [[a, 'kms:Decrypt,kms:ReEncryptFrom'], [b, 'kms:Decrypt'], [`config:${KMS}`, runValue]] as const) {
      const targets = byId.get(id)!.targets;
      expect(new Set(targets.map((t) => t.region))).toEqual(new Set(['global']));
      const got = new Map<string, string>();
      for (const t of targets) {
        expect(t.source, `${id} ${t.status} ${t.reason}`).toBe('configuration-item');
        const v = verdicts(t, POLICY);
        expect(v, id).toEqual(evaluatorVerdicts(regions, KMS, POLICY, t, { blockedActionsPatterns: patterns }));
        for (const [r, c] of v) got.set(`${t.account}/${r}`, c);
      }
      expect(got.size).toBeGreaterThan(0);
      judged.set(id, got);
    }
    // the values change verdicts: re-encrypting policies fail A only, data-key policies the run's only
    const differ = (x: string, y: string): number => [...judged.get(x)!].filter(([r, v]) => judged.get(y)!.get(r) !== v).length;
    expect(differ(a, b)).toBeGreaterThan(0);
    expect(differ(a, `config:${KMS}`)).toBeGreaterThan(0);
  }, 120_000);

  it('a deployed rule answers only for the control with its values; the other is judged from items with the control’s', async () => {
    const sid = 'S3_BUCKET_VERSIONING_ENABLED';
    const BUCKET = 'AWS::S3::Bucket';
    // the sandbox deploys the rule with isMfaDeleteEnabled "false"
    const same = resolveCheck(`config:${sid}`, { isMfaDeleteEnabled: 'false' })!;
    const other = resolveCheck(`config:${sid}`, { isMfaDeleteEnabled: 'true' })!;
    const { results, regions } = await run('all', [same, other], { store: 'deployed' });
    const [first] = regions as [string];
    const sameT = results.find((c) => c.id === same.id)!.targets.find((t) => t.region === first)!;
    const otherT = results.find((c) => c.id === other.id)!.targets.find((t) => t.region === first)!;
    expect(sameT.source).toBe('config-rule');
    expect(otherT.source, `${otherT.status} ${otherT.reason}`).toBe('configuration-item');
    expect(verdicts(otherT, BUCKET)).toEqual(evaluatorVerdicts(regions, sid, BUCKET, otherT, { isMfaDeleteEnabled: 'true' }));
    // AWS Config's verdicts for "false" are not the control's for "true"
    expect(new Set(otherT.results.map((r) => r.compliance))).toEqual(new Set(['NON_COMPLIANT']));
    expect(sameT.results.some((r) => r.compliance === 'COMPLIANT')).toBe(true);

    // without configuration items there is nothing to judge with the control's values
    const { results: none } = await run('all', [other], { store: 'deployed-no-items', items: false });
    const t = none[0]!.targets.find((x) => x.region === first)!;
    expect(t.status).toBe('NO_EVIDENCE');
    expect(t.results).toEqual([]);
    expect(t.reason).toContain('prod-bucket-versioning has isMfaDeleteEnabled "false", the control sets "true"');
  }, 120_000);
});
