// Coverage per framework (automated / partly automated / manual, Config rules to deploy) and the
// conformance pack templates that deploy those rules.
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/catalog/load.ts';
import { configRulesFor, frameworkCoverage } from '../../src/catalog/coverage.ts';
import { conformancePackTemplates, logicalId, ruleSettings, MAX_RULES_PER_PACK } from '../../src/catalog/conformance-pack.ts';
import type { Framework } from '../../src/catalog/schema.ts';

const catalog = await loadCatalog();
const fw = (id: string): Framework => catalog.byId.get(id)!;

interface Template {
  Resources: Record<string, { Type: string; Properties: { ConfigRuleName: string; Source: { Owner: string; SourceIdentifier: string }; InputParameters?: Record<string, string>; Scope?: { ComplianceResourceTypes: string[] } } }>;
}

describe('framework coverage', () => {
  it('sorts every control into exactly one kind and lists the Config rules it needs', () => {
    for (const f of catalog.frameworks) {
      const c = frameworkCoverage(f);
      expect(c.total, f.id).toBe(f.controls.length);
      expect(new Set([...c.controls.automated, ...c.controls.partial, ...c.controls.manual]).size, f.id).toBe(f.controls.length);
      const rules = new Set(f.controls.flatMap((x) => x.pairs?.map((p) => p.check) ?? x.checks).filter((x) => x.startsWith('config:')).map((x) => x.slice(7)));
      expect([...new Set(c.configRules.map((r) => r.sourceIdentifier))].sort(), f.id).toEqual([...rules].sort());
      expect(c.configRules.map((r) => r.check).sort(), f.id).toEqual([...new Set(f.controls.flatMap((x) => x.checks).filter((x) => x.startsWith('config:')))].sort());
    }
  });

  it('names which rules are account-scoped and which controls use each rule', () => {
    const c = frameworkCoverage(fw('aws-baseline'));
    expect(c.configRules.find((r) => r.sourceIdentifier === 'ROOT_ACCOUNT_MFA_ENABLED')).toMatchObject({ ruleName: 'root-account-mfa-enabled', scope: 'account', controls: ['BL.IAM.1'] });
    expect(c.configRules.find((r) => r.sourceIdentifier === 'VPC_FLOW_LOGS_ENABLED')?.scope).toBe('region');
    expect(frameworkCoverage(fw('soc2')).configRules.find((r) => r.sourceIdentifier === 'SECURITY_ACCOUNT_INFORMATION_PROVIDED')?.scope).toBe('account');
    expect(c.apiChecks.map((a) => a.id)).toContain('config-recorder-recording');
    expect(c.counts).toEqual({ automated: 23, partial: 1, manual: 8 });
  });

  it('narrows NIST coverage to a baseline', () => {
    const low = frameworkCoverage(fw('nist-800-53-r5'), 'low');
    expect(low.total).toBe(149);
    expect(low.total).toBeLessThan(frameworkCoverage(fw('nist-800-53-r5'), 'high').total);
  });

  it('merges the rules of several frameworks, naming framework/control users', () => {
    const rules = configRulesFor([fw('aws-baseline'), fw('hipaa-security')]);
    const mfa = rules.find((r) => r.sourceIdentifier === 'ROOT_ACCOUNT_MFA_ENABLED')!;
    expect(mfa.controls).toContain('aws-baseline/BL.IAM.1');
    expect(mfa.controls.some((c) => c.startsWith('hipaa-security/'))).toBe(true);
    expect(new Set(rules.map((r) => r.sourceIdentifier)).size).toBe(rules.length);
  });
});

describe('conformance pack templates', () => {
  it('deploys each rule as AWS::Config::ConfigRule with Source Owner AWS and its SourceIdentifier', () => {
    const rules = frameworkCoverage(fw('aws-baseline')).configRules;
    const [pack] = conformancePackTemplates(rules, { title: 'AWS security baseline' });
    const t = parse(pack!.yaml) as Template;
    expect(Object.keys(t)).toEqual(['Resources']);
    const resources = Object.values(t.Resources);
    expect(resources).toHaveLength(rules.length);
    for (const r of resources) {
      expect(r.Type).toBe('AWS::Config::ConfigRule');
      expect(r.Properties.Source.Owner).toBe('AWS');
    }
    expect(resources.map((r) => r.Properties.Source.SourceIdentifier).sort()).toEqual(rules.map((r) => r.sourceIdentifier).sort());
    expect(t.Resources.AccessKeysRotated?.Properties.InputParameters).toEqual({ maxAccessKeyAge: '90' });
    expect(t.Resources.S3BucketVersioningEnabled?.Properties.Scope?.ComplianceResourceTypes).toEqual(['AWS::S3::Bucket']);
    expect(pack!.yaml).toMatch(/^# AWS Config conformance pack for AWS security baseline/);
  });

  it('deploys the parameters the config sets for local evaluation, over the sample packs\' ones', () => {
    const rules = frameworkCoverage(fw('aws-baseline')).configRules;
    const [pack] = conformancePackTemplates(rules, { title: 'x', ruleParameters: { ACCESS_KEYS_ROTATED: { maxAccessKeyAge: '45' }, INCOMING_SSH_DISABLED: {} } });
    const t = parse(pack!.yaml) as Template;
    expect(t.Resources.AccessKeysRotated?.Properties.InputParameters).toEqual({ maxAccessKeyAge: '45' });
    expect(t.Resources.RestrictedSsh).toBeDefined();
    expect(t.Resources.RestrictedSsh!.Properties.InputParameters).toBeUndefined();
  });

  it('deploys a rule once per set of parameters controls need, under distinct names, the control\'s values over the config\'s', () => {
    const KMS = 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS';
    const kms = (patterns?: string): Framework['controls'][number] => {
      const check = patterns ? `config:${KMS}(blockedActionsPatterns=${patterns})` : `config:${KMS}`;
      return { id: patterns ?? 'plain', title: 't', checks: [check], manual: false };
    };
    const mine: Framework = { id: 'mine', name: 'Mine', version: '1', controls: [kms('kms:Decrypt'), kms('kms:*'), kms(), { ...kms('kms:Decrypt'), id: 'again' }] };
    const rules = frameworkCoverage(mine).configRules;
    expect(rules.map((r) => [r.check, r.controls])).toEqual([
      [`config:${KMS}`, ['plain']],
      [`config:${KMS}(blockedActionsPatterns=kms:*)`, ['kms:*']],
      [`config:${KMS}(blockedActionsPatterns=kms:Decrypt)`, ['kms:Decrypt', 'again']],
    ]);
    const [pack] = conformancePackTemplates(rules, { title: 'x', ruleParameters: { [KMS]: { blockedActionsPatterns: 'kms:Encrypt', excludePermissionBoundaryPolicy: 'true' } } });
    const t = parse(pack!.yaml) as Template;
    const deployed = Object.values(t.Resources).map((r) => [r.Properties.ConfigRuleName, r.Properties.InputParameters]);
    expect(deployed).toEqual([
      ['iam-customer-policy-blocked-kms-actions', { blockedActionsPatterns: 'kms:Encrypt', excludePermissionBoundaryPolicy: 'true' }],
      [expect.stringMatching(/^iam-customer-policy-blocked-kms-actions-[0-9a-f]{8}$/), { blockedActionsPatterns: 'kms:*', excludePermissionBoundaryPolicy: 'true' }],
      [expect.stringMatching(/^iam-customer-policy-blocked-kms-actions-[0-9a-f]{8}$/), { blockedActionsPatterns: 'kms:Decrypt', excludePermissionBoundaryPolicy: 'true' }],
    ]);
    expect(new Set(deployed.map(([name]) => name)).size).toBe(3);
    expect(Object.keys(t.Resources)).toHaveLength(3);
    expect(pack!.rules).toEqual([KMS, KMS, KMS]);
    expect(pack!.yaml).not.toMatch(/[&*]a\d/);
    // variants that deploy the same InputParameters are one rule
    const same = conformancePackTemplates(rules, { title: 'x', ruleParameters: { [KMS]: { blockedActionsPatterns: 'kms:Decrypt' } } });
    expect(same[0]!.rules).toEqual([KMS, KMS]);
  });

  it('splits more than 130 rules into even parts and can leave account-scoped rules out', () => {
    const rules = configRulesFor(catalog.frameworks);
    expect(rules.length).toBeGreaterThan(MAX_RULES_PER_PACK);
    const parts = conformancePackTemplates(rules, { title: 'all' });
    expect(parts.length).toBe(Math.ceil(rules.length / MAX_RULES_PER_PACK));
    for (const p of parts) {
      expect(p.rules.length).toBeLessThanOrEqual(MAX_RULES_PER_PACK);
      expect(Buffer.byteLength(p.yaml), 'put-conformance-pack --template-body takes at most 51,200 bytes').toBeLessThan(51_200);
    }
    // one Config rule per distinct set of InputParameters: here one per use
    expect(parts.flatMap((p) => p.rules).sort()).toEqual(rules.map((r) => r.sourceIdentifier).sort());
    const regional = conformancePackTemplates(rules, { title: 'all', excludeGlobal: true }).flatMap((p) => p.rules);
    expect(regional).not.toContain('ROOT_ACCOUNT_MFA_ENABLED');
    expect(regional).toContain('VPC_FLOW_LOGS_ENABLED');
  });

  it('takes rule settings from the framework pack first, then the most common across packs', () => {
    expect(ruleSettings('IAM_PASSWORD_POLICY')?.inputParameters?.MinimumPasswordLength).toBeDefined();
    expect(ruleSettings('NOT_A_RULE')).toBeUndefined();
    expect(logicalId('s3-bucket-ssl-requests-only')).toBe('S3BucketSslRequestsOnly');
    expect(logicalId('2fa-rule')).toBe('Rule2faRule');
  });
});

describe('evidence frameworks (CLI)', () => {
  const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
  const run = (args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [BIN, 'frameworks', ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 60_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  it('lists frameworks with automated, partly automated and manual counts', () => {
    const r = run(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^id\s+version\s+controls\s+automated\s+partly automated\s+manual\s+name$/);
    expect(r.stdout).toMatch(/^nist-800-53-r5\s+5\.1\.1\s+1011\s+\d+\s+\d+\s+\d+\s+NIST/m);
    expect(r.stdout).toMatch(/^soc2\s+.*\s61\s/m);
  });

  it('shows a NIST baseline, one control in full, and refuses baselines elsewhere', () => {
    const low = run(['show', 'nist-800-53-r5', '--baseline', 'low']);
    expect(low.code).toBe(0);
    expect(low.stdout.split('\n')[0]).toMatch(/149 controls in the low baseline/);
    expect(low.stdout).toMatch(/^AC-2\s+partly automated\s+Account Management/m);
    expect(low.stdout).not.toMatch(/^AC-2\(1\)\s/m);
    const json = JSON.parse(run(['show', 'nist-800-53-r5', '--baseline', 'high', '--json']).stdout) as { controls: { baselines: string[] }[] };
    expect(json.controls.length).toBe(370);
    expect(json.controls.every((c) => c.baselines.includes('high'))).toBe(true);
    const one = run(['show', 'hipaa-security', '--control', '164.312(a)(2)(iv)']);
    expect(one.stdout).toMatch(/^kind: automated$/m);
    expect(one.stdout).toMatch(/^requirement: addressable$/m);
    expect(one.stdout).toMatch(/config:RDS_STORAGE_ENCRYPTED/);
    expect(one.stdout).toMatch(/^mapping source: /m);
    const bad = run(['show', 'soc2', '--baseline', 'low']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/framework soc2 has no baselines/);
    expect(run(['show', 'soc2', '--control', 'CC99.1']).stderr).toMatch(/soc2 has no control "CC99.1"/);
  });

  it('reports coverage and prints a conformance pack for the rules to deploy', () => {
    const cov = JSON.parse(run(['coverage', '--framework', 'pci-dss-4.0', '--json']).stdout) as { frameworks: { id: string; counts: Record<string, number> }[]; configRules: unknown[] };
    expect(cov.frameworks.map((f) => f.id)).toEqual(['pci-dss-4.0']);
    const counts = cov.frameworks[0]!.counts as { automated: number; partial: number; manual: number };
    expect(counts.automated + counts.partial + counts.manual).toBe(fw('pci-dss-4.0').controls.length);
    expect(cov.configRules.length).toBeGreaterThanOrEqual(120);
    const text = run(['coverage']);
    expect(text.stdout).toMatch(/^soc2 .*: 61 controls: \d+ automated, \d+ partly automated, \d+ manual$/m);
    expect(text.stdout).toMatch(/Config rules to deploy \(\d+\):/);
    // more rules than one pack holds: stdout refuses, -o writes one template per pack
    const refused = run(['coverage', '--framework', 'hipaa-security', '--conformance-pack']);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/-o DIR/);
    const packDir = path.join(os.tmpdir(), `evidence-cp-${process.pid}`);
    const pack = run(['coverage', '--framework', 'hipaa-security', '--conformance-pack', '-o', packDir]);
    expect(pack.code).toBe(0);
    const files = readdirSync(packDir).map((f) => path.join(packDir, f));
    const docs = files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as Template));
    rmSync(packDir, { recursive: true, force: true });
    const ids = docs.flatMap((d) => Object.values(d.Resources).map((r) => r.Properties.Source.SourceIdentifier));
    expect(ids).toContain('ROOT_ACCOUNT_MFA_ENABLED');
    expect(new Set(ids).size).toBe(frameworkCoverage(fw('hipaa-security')).configRules.length);
  });
});
