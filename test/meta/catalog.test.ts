// Catalog integrity: every framework loads, ids are unique, every referenced check exists and is
// collected by the engine, every api check and collector unit matches its file, and every
// mapping says where it came from.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/catalog/load.ts';
import { apiChecks } from '../../src/checks/index.ts';
import { collectors } from '../../src/collect/collectors/index.ts';
import { planDatasets } from '../../src/collect/engine.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const catalog = await loadCatalog();

describe('built-in catalogs', () => {
  it('ships aws-baseline covering the day-1 checklist', () => {
    const fw = catalog.byId.get('aws-baseline');
    expect(fw).toBeDefined();
    const checks = new Set(fw!.controls.flatMap((c) => c.checks));
    // Day-1 items of the AWS security checklist, each evidenced by at least one check.
    for (const needed of [
      'config:ROOT_ACCOUNT_MFA_ENABLED',
      'config:IAM_ROOT_ACCESS_KEY_CHECK',
      'config:MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
      'config:MULTI_REGION_CLOUD_TRAIL_ENABLED',
      'config:S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
      'config:GUARDDUTY_ENABLED_CENTRALIZED',
      'config:SECURITYHUB_ENABLED',
      'config-recorder-recording',
      'config:ACCOUNT_PART_OF_ORGANIZATIONS',
      'config:IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS',
    ]) {
      expect(checks, needed).toContain(needed);
    }
  });

  for (const fw of catalog.frameworks) {
    describe(fw.id, () => {
      it('has unique control ids', () => {
        const ids = fw.controls.map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
      });
      it('gives every control checks, or manual guidance', () => {
        for (const c of fw.controls) {
          if (c.checks.length === 0) expect(c.guidance?.trim(), c.id).toBeTruthy();
        }
      });
      it('says where every mapping comes from', () => {
        for (const c of fw.controls) expect(c.mappingSource?.trim(), c.id).toBeTruthy();
      });
      it('references only checks that resolve and that the engine collects for', () => {
        const defs = fw.controls.flatMap((c) => c.checks).map((id) => catalog.checks.get(id));
        expect(defs.every(Boolean)).toBe(true);
        const { datasets } = planDatasets(defs.filter((d) => d !== undefined));
        const produced = new Set(collectors.map((c) => c.id));
        for (const d of datasets) expect(produced, d).toContain(d);
      });
    });
  }
});

describe('units', () => {
  it('api check ids are unique and match their file names', () => {
    const files = readdirSync(path.join(root, 'src/checks')).filter((f) => !['index.ts', 'define.ts', 'trails-homed.ts'].includes(f));
    expect(apiChecks.map((c) => `${c.id}.ts`).sort()).toEqual(files.sort());
  });
  it('collector ids are unique, match their file names and declare permissions', () => {
    const files = readdirSync(path.join(root, 'src/collect/collectors')).filter((f) => f !== 'index.ts');
    expect(collectors.map((c) => `${c.id}.ts`).sort()).toEqual(files.sort());
    for (const c of collectors) {
      expect(c.permissions.length, c.id).toBeGreaterThan(0);
      for (const p of c.permissions) expect(p, c.id).toMatch(new RegExp(`^${c.service}:[A-Z][A-Za-z]+$`));
    }
  });
  // api checks that no control references yet. A new check is either mapped into the catalogs or
  // listed here on purpose; an entry that a control does use must leave the list.
  const SPARE = new Set<string>([]);
  it('every api check is used by some control, or listed as spare', () => {
    const used = new Set(catalog.frameworks.flatMap((f) => f.controls.flatMap((c) => c.checks)));
    for (const c of apiChecks) if (!SPARE.has(c.id)) expect(used, c.id).toContain(c.id);
    const known = new Set(apiChecks.map((c) => c.id));
    for (const id of SPARE) {
      expect(known, `${id} is listed as spare but is no api check`).toContain(id);
      expect(used.has(id), `${id} is used by a control: remove it from SPARE`).toBe(false);
    }
  });
});
