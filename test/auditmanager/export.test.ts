// export-framework: our catalog as Audit Manager custom controls and a custom framework, created
// in the sandbox with the real SDK client and read back equal to the catalog; the sandbox answers
// bad inputs with AWS's ValidationException; limits are respected and cuts reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateControlCommand, ListControlsCommand, type AuditManagerClient } from '@aws-sdk/client-auditmanager';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import type { Framework } from '../../src/catalog/schema.ts';
import { resolveCheck } from '../../src/catalog/checks.ts';
import { applyExport, planExport, readBack, shapeOfPlan, TAG_CONTROL } from '../../src/auditmanager/export.ts';
import { LIMITS } from '../../src/auditmanager/limits.ts';
import { buildPolicy } from '../../src/run/policy.ts';
import { EXPORT_ACTIONS, PUSH_ACTIONS } from '../../src/auditmanager/permissions.ts';

let sb: RunningSandbox;
let clients: AwsClients;
let am: AuditManagerClient;
let catalog: Catalog;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 5, faults: { throttling: false } });
  clients = new AwsClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  am = clients.auditmanager(sb.regions[0]!);
  catalog = await loadCatalog([], undefined, { cache: null });
});
afterAll(async () => {
  clients?.destroy();
  await sb?.close();
});

/** The managed rules a control's checks use, each once (variants with parameters are one rule). */
const configRulesOf = (c: Framework['controls'][number]): string[] => [...new Set((c.pairs?.map((p) => p.check) ?? c.checks).filter((k) => k.startsWith('config:')).map((k) => k.slice('config:'.length)))];

describe('planExport', () => {
  it('maps config-rule checks to AWS_Config sources keyed by SourceIdentifier, everything else to MANUAL sources', () => {
    for (const id of ['soc2', 'aws-baseline', 'hipaa-security']) {
      const fw = catalog.byId.get(id)!;
      const plan = planExport(fw, catalog);
      expect(plan.controls).toHaveLength(fw.controls.length);
      for (const c of fw.controls) {
        const exported = plan.controls.find((x) => x.ours === c.id)!;
        const sources = exported.input.controlMappingSources;
        expect(sources.length, c.id).toBeGreaterThan(0);
        const config = configRulesOf(c);
        expect(sources.filter((s) => s.sourceType === 'AWS_Config').map((s) => s.sourceKeyword!.keywordValue)).toEqual(config);
        expect(sources.filter((s) => s.sourceType === 'AWS_Config').every((s) => s.sourceKeyword!.keywordInputType === 'SELECT_FROM_LIST')).toBe(true);
        const manual = sources.filter((s) => s.sourceType === 'MANUAL');
        expect(manual.length).toBe(c.checks.filter((k) => !k.startsWith('config:')).length + ((c.checks.length === 0 ? c.guidance : c.attestation) ? 1 : 0));
        if (c.checks.length === 0 && c.guidance!.trim().length <= LIMITS.sourceDescription) expect(manual.at(-1)!.sourceDescription).toBe(c.guidance!.trim());
        expect(exported.input.name.startsWith(`${c.id} `)).toBe(true);
        expect(exported.input.name.length).toBeLessThanOrEqual(LIMITS.controlName);
        expect(exported.input.tags![TAG_CONTROL]).toBe(c.id);
      }
      for (const s of plan.frameworkInput.controlSets) expect(s.name).toMatch(/^[^\\_]+$/);
      expect(plan.frameworkInput.controlSets.reduce((n, s) => n + s.controls.length, 0)).toBe(fw.controls.length);
    }
  });

  it('maps the variants of a rule with parameters to its managed rule keyword, once', () => {
    const ids = ['config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS(blockedActionsPatterns=kms:*)', 'config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS(blockedActionsPatterns=kms:Decrypt)', 'config:ROOT_ACCOUNT_MFA_ENABLED'];
    const fw: Framework = { id: 'variants', name: 'Variants', version: '1', controls: [{ id: 'V.1', title: 'KMS', checks: ids, manual: false }] };
    const withVariants: Catalog = { ...catalog, checks: new Map([...catalog.checks, ...ids.map((id) => [id, resolveCheck(id)!] as const)]) };
    const sources = planExport(fw, withVariants).controls[0]!.input.controlMappingSources;
    expect(sources.map((s) => s.sourceKeyword?.keywordValue)).toEqual(['IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', 'ROOT_ACCOUNT_MFA_ENABLED']);
  });

  it('cuts texts to the API limits and says what it cut', () => {
    const long = 'x'.repeat(1500);
    const fw: Framework = {
      id: 'long-one',
      name: 'A framework',
      version: '1',
      controls: [{ id: 'L.1', title: `Title ${long}`, checks: [], manual: true, guidance: long, section: 'Part_one\\two' }],
    };
    const plan = planExport(fw, catalog);
    const c = plan.controls[0]!;
    expect(c.input.name.length).toBe(LIMITS.controlName);
    expect(c.input.name.endsWith('…')).toBe(true);
    expect(c.input.controlMappingSources[0]!.sourceDescription!.length).toBe(LIMITS.sourceDescription);
    expect(plan.truncations.map((t) => [t.control, t.field, t.limit])).toEqual(
      expect.arrayContaining([
        ['L.1', 'name', LIMITS.controlName],
        ['L.1', 'description', LIMITS.controlDescription],
        ['L.1', 'actionPlanInstructions', LIMITS.actionPlanInstructions],
        ['L.1', 'attestation.sourceDescription', LIMITS.sourceDescription],
      ]),
    );
    expect(plan.frameworkInput.controlSets[0]!.name).toBe('Part one two');
  });
});

describe('export-framework --apply against the sandbox', () => {
  it('creates the controls then the framework; reading it back gives the catalog again; a second apply creates nothing', async () => {
    const fw = catalog.byId.get('soc2')!;
    const plan = planExport(fw, catalog);
    const applied = await applyExport(am, plan);
    expect(applied).toMatchObject({ frameworkCreated: true, controlsCreated: fw.controls.length, controlsReused: 0 });
    const back = await readBack(am, applied.frameworkId);
    expect(back).toEqual(shapeOfPlan(plan));
    // and, independently of the plan, against the catalog itself
    const flat = back.controlSets.flatMap((s) => s.controls.map((c) => ({ ...c, set: s.name })));
    expect(flat.map((c) => c.ours).sort()).toEqual(fw.controls.map((c) => c.id).sort());
    for (const c of fw.controls) {
      const got = flat.find((x) => x.ours === c.id)!;
      expect(got.configRules).toEqual(configRulesOf(c));
      expect(got.set).toBe(c.section);
      if (c.checks.length === 0) expect(got.manualSources.at(-1)).toBe(`Attestation: ${c.guidance!.trim()}`);
    }
    const oracle = (await (await fetch(`${sb.url}/_sandbox/auditmanager`)).json()) as { customControls: number; customFrameworks: number };
    expect(oracle).toMatchObject({ customControls: fw.controls.length, customFrameworks: 1 });

    const again = await applyExport(am, plan);
    expect(again).toMatchObject({ frameworkId: applied.frameworkId, frameworkCreated: false, controlsCreated: 0, controlsReused: fw.controls.length });
    expect((await (await fetch(`${sb.url}/_sandbox/auditmanager`)).json()) as object).toMatchObject({ customControls: fw.controls.length, customFrameworks: 1 });
    // ListControls pages at most 100
    const first = await am.send(new ListControlsCommand({ controlType: 'Custom', maxResults: 10 }));
    expect(first.controlMetadataList).toHaveLength(10);
    expect(first.nextToken).toBeTruthy();
  });

  it('answers inputs past the limits with ValidationException, as Audit Manager does', async () => {
    const base = { name: 'ok', controlMappingSources: [{ sourceName: 'Attestation', sourceType: 'MANUAL' as const }] };
    const cases = [
      { ...base, name: 'x'.repeat(301) },
      { ...base, controlMappingSources: [{ sourceName: 'y'.repeat(101), sourceType: 'MANUAL' as const }] },
      { ...base, controlMappingSources: [{ sourceName: 'Config', sourceType: 'AWS_Config' as const }] },
      { ...base, controlMappingSources: [{ sourceName: 'Config', sourceType: 'AWS_Config' as const, sourceKeyword: { keywordInputType: 'SELECT_FROM_LIST' as const, keywordValue: 'BAD;VALUE' } }] },
      { ...base, controlMappingSources: [] },
    ];
    for (const input of cases) {
      const err = await am.send(new CreateControlCommand(input)).catch((e: Error) => e);
      expect((err as Error).name, JSON.stringify(input).slice(0, 80)).toBe('ValidationException');
    }
  });
});

describe('evidence policy --auditmanager-write', () => {
  it('adds the push and export actions only when asked', () => {
    const plain = buildPolicy([]);
    expect(JSON.stringify(plain)).not.toMatch(/auditmanager:(BatchImport|Create)/);
    const write = buildPolicy([], { auditManagerWrite: true });
    const st = write.Statement.find((s) => s.Sid === 'AuditManagerPushAndExport')!;
    for (const a of [...PUSH_ACTIONS, ...EXPORT_ACTIONS]) expect(st.Action).toContain(a);
  });
});
