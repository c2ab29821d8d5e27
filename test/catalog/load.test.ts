import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadCatalog, loadFrameworkFile, CatalogError, selectFrameworks } from '../../src/catalog/load.ts';
import { parametrizedCheckId, parseParametrizedCheckId, resolveCheck } from '../../src/catalog/checks.ts';
import { tempDir } from '../helpers.ts';
import { ruleEvaluators } from '../../src/managed-rules/index.ts';
import ruleParameterNames from '../../src/catalog/data/rule-parameters.json' with { type: 'json' };

async function withFramework(yaml: string, fn: (file: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = await tempDir();
  try {
    const file = path.join(dir, 'framework.yaml');
    await fs.writeFile(file, yaml);
    await fn(file);
  } finally {
    await cleanup();
  }
}

const good = `id: mine
name: My framework
version: 1
controls:
  - id: M.1
    title: Root MFA
    checks: [config:ROOT_ACCOUNT_MFA_ENABLED]
  - id: M.2
    title: Reviews happen
    manual: true
    guidance: attach the review minutes
`;

describe('framework loader', () => {
  it('loads a user framework beside the built-in ones', async () => {
    await withFramework(good, async (file) => {
      const fw = await loadFrameworkFile(file);
      expect(fw.version).toBe('1');
      const catalog = await loadCatalog([file]);
      expect(catalog.byId.has('mine')).toBe(true);
      expect(catalog.byId.has('aws-baseline')).toBe(true);
      expect(catalog.usedBy.get('config:ROOT_ACCOUNT_MFA_ENABLED')).toEqual(expect.arrayContaining(['mine/M.1', 'aws-baseline/BL.IAM.1']));
    });
  });

  it('names file, line and field for an unknown check', async () => {
    await withFramework(good.replace('config:ROOT_ACCOUNT_MFA_ENABLED', 'config:NOT_A_RULE'), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(new RegExp(`${file}:7:\\d+: controls.0.checks.0: unknown check "config:NOT_A_RULE"`));
    });
  });

  it('names duplicate control ids', async () => {
    await withFramework(good.replace('id: M.2', 'id: M.1'), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(/:8:\d+: controls.1.id: duplicate control id M.1/);
    });
  });

  it('requires guidance for manual controls and checks for others', async () => {
    await withFramework(good.replace('    guidance: attach the review minutes\n', ''), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(/controls.1.guidance: a manual control needs guidance/);
    });
    await withFramework(good.replace('    checks: [config:ROOT_ACCOUNT_MFA_ENABLED]\n', ''), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(/controls.0.checks: a control needs at least one check/);
    });
  });

  it('rejects unknown fields and broken YAML with a location', async () => {
    await withFramework(good.replace('version: 1', 'version: 1\nowner: me'), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(/Unrecognized key.*owner|owner/);
    });
    await withFramework('id: x\ncontrols: [\n', async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(new RegExp(`${file}:\\d+:\\d+: invalid YAML`));
    });
  });

  it('refuses a second framework with a built-in id', async () => {
    await withFramework(good.replace('id: mine', 'id: aws-baseline'), async (file) => {
      await expect(loadCatalog([file])).rejects.toThrow(/aws-baseline is already defined/);
    });
  });

  it('selects frameworks by id and names an unknown one', async () => {
    const catalog = await loadCatalog();
    expect(selectFrameworks(catalog, ['all']).length).toBe(catalog.frameworks.length);
    expect(() => selectFrameworks(catalog, ['soc3'])).toThrow(CatalogError);
  });
});

describe('check resolution', () => {
  it('treats IAM and account-level rules as account-scoped and the rest as regional', () => {
    expect(resolveCheck('config:IAM_USER_MFA_ENABLED')).toMatchObject({ kind: 'config-rule', scope: 'account' });
    expect(resolveCheck('config:ROOT_ACCOUNT_MFA_ENABLED')).toMatchObject({ scope: 'account' });
    expect(resolveCheck('config:GUARDDUTY_ENABLED_CENTRALIZED')).toMatchObject({ scope: 'region' });
    expect(resolveCheck('config:S3_BUCKET_VERSIONING_ENABLED')).toMatchObject({ scope: 'region' });
    expect(resolveCheck('cloudtrail-kms-encryption')).toMatchObject({ kind: 'api' });
    expect(resolveCheck('nope')).toBeUndefined();
  });

  const withParameters = (check: string, parameters: string): string =>
    good.replace('    checks: [config:ROOT_ACCOUNT_MFA_ENABLED]\n', `    checks:\n      - check: ${check}\n        parameters: ${parameters}\n        source: test\n        rationale: test\n`);

  it('loads parameters of a managed rule as a check of its own, names sorted', async () => {
    await withFramework(withParameters('config:REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', '{ preferredMaintenanceWindow: "sat:16:30-sat:17:00", automatedSnapshotRetentionPeriod: 7 }'), async (file) => {
      const fw = await loadFrameworkFile(file);
      const id = 'config:REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK(automatedSnapshotRetentionPeriod=7; preferredMaintenanceWindow=sat:16:30-sat:17:00)';
      expect(fw.controls[0]!.checks).toEqual([id]);
      expect(fw.controls[0]!.pairs![0]!.parameters).toEqual({ preferredMaintenanceWindow: 'sat:16:30-sat:17:00', automatedSnapshotRetentionPeriod: '7' });
      const catalog = await loadCatalog([file]);
      expect(catalog.checks.get(id)).toMatchObject({ kind: 'config-rule', sourceIdentifier: 'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', parameters: { automatedSnapshotRetentionPeriod: '7' } });
      expect(parametrizedCheckId('config:X', fw.controls[0]!.pairs![0]!.parameters)).toBe(id.replace('REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', 'X'));
      expect(parseParametrizedCheckId(id)).toEqual({ check: 'config:REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', parameters: { automatedSnapshotRetentionPeriod: '7', preferredMaintenanceWindow: 'sat:16:30-sat:17:00' } });
      // an id read back from results resolves to the same rule and values
      expect(resolveCheck(id)).toMatchObject({ sourceIdentifier: 'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', parameters: { preferredMaintenanceWindow: 'sat:16:30-sat:17:00' } });
    });
    // a value holding "; " parses back whole
    expect(parseParametrizedCheckId(parametrizedCheckId('config:R', { a: 'x; y', b: 'z' }))).toEqual({ check: 'config:R', parameters: { a: 'x; y', b: 'z' } });
    expect(parametrizedCheckId('config:R', {})).toBe('config:R');
  });

  it('knows the parameters each local evaluator declares (data/rule-parameters.json)', () => {
    const declared = Object.fromEntries(ruleEvaluators.filter((e) => Object.keys(e.parameters).length > 0).map((e) => [e.rule, Object.keys(e.parameters)]));
    expect(ruleParameterNames.rules).toEqual(declared);
  });

  it('names file, control and parameter for parameters a rule does not take', async () => {
    await withFramework(withParameters('config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', '{ blockedActionPatterns: "kms:Decrypt" }'), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(new RegExp(`${file}:\\d+:\\d+: controls.0.checks.0.parameters: control M.1: unknown parameter "blockedActionPatterns" of Config rule IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS \\(its parameters: blockedActionsPatterns, excludePermissionBoundaryPolicy\\)`));
    });
    // a rule without a local evaluator (ACCESS_KEYS_ROTATED), or whose evaluator takes none
    for (const rule of ['config:ACCESS_KEYS_ROTATED', 'config:ROOT_ACCOUNT_MFA_ENABLED']) {
      await withFramework(withParameters(rule, '{ maxAccessKeyAge: "90" }'), async (file) => {
        await expect(loadFrameworkFile(file)).rejects.toThrow(new RegExp(`${file}:\\d+:\\d+: controls.0.checks.0.parameters: control M.1: parameters maxAccessKeyAge: Config rule ${rule.slice(7)} has no local evaluator that declares parameters`));
      });
    }
    await withFramework(withParameters('cloudtrail-kms-encryption', '{ x: "1" }'), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(/:\d+:\d+: controls.0.checks.0.parameters: parameters are for config: checks .*cloudtrail-kms-encryption is an api check/);
    });
    await withFramework(withParameters('config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', '{}'), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(/controls.0.checks.0.parameters: parameters is empty/);
    });
    await withFramework(withParameters('config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', '{ "bad name": "x" }'), async (file) => {
      await expect(loadFrameworkFile(file)).rejects.toThrow(/not a parameter name/);
    });
  });
});
