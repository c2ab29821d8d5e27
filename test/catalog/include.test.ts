// Frameworks split over several files (framework.yaml + include), the fields added for the
// standards' own structure, and the parsed-YAML cache: same validation, errors naming file,
// line and field.
import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, loadFrameworkFile } from '../../src/catalog/load.ts';
import { controlKind } from '../../src/catalog/schema.ts';
import { fileYamlCache, defaultCacheDir } from '../../src/catalog/yaml-cache.ts';
import { tempDir } from '../helpers.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/frameworks/', import.meta.url));
const noCache = { cache: null };

async function withFiles(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = await tempDir();
  try {
    for (const [name, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), text);
    }
    await fn(dir);
  } finally {
    await cleanup();
  }
}

const head = 'id: t\nname: T\nversion: 1\n';

describe('included control files', () => {
  it('appends the controls of each included file in order, after framework.yaml own controls', async () => {
    const fw = await loadFrameworkFile(path.join(FIXTURES, 'split', 'framework.yaml'), noCache);
    expect(fw.controls.map((c) => c.id)).toEqual(['ACME.0', 'ACME.1', 'ACME.1.1', 'ACME.2']);
    expect(fw).not.toHaveProperty('include');
    expect(fw.version).toBe('3');
    expect(fw.controls.map(controlKind)).toEqual(['manual', 'automated', 'partial', 'automated']);
  });

  it('loads a user folder given in customFrameworks, beside the built-in frameworks', async () => {
    const catalog = await loadCatalog([path.join(FIXTURES, 'split')], undefined, noCache);
    expect(catalog.byId.get('acme-split')?.controls).toHaveLength(4);
    expect(catalog.usedBy.get('cloudtrail-multi-region-logging')).toContain('acme-split/ACME.2');
    expect(catalog.byId.has('nist-800-53-r5')).toBe(true);
  });

  it('names the included file, line and field of a schema error', async () => {
    const file = path.join(FIXTURES, 'split-broken', 'controls', 'bad.yaml');
    await expect(loadFrameworkFile(path.join(FIXTURES, 'split-broken', 'framework.yaml'), noCache)).rejects.toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:18: controls\\.0\\.requirement: `),
    );
  });

  it('names both files of a duplicate id, and unknown checks and parents with their file and line', async () => {
    await withFiles(
      {
        'framework.yaml': `${head}include: [a.yaml, b.yaml]\n`,
        'a.yaml': 'controls:\n  - id: X.1\n    title: one\n    checks: [config:ROOT_ACCOUNT_MFA_ENABLED]\n',
        'b.yaml': 'controls:\n  - id: X.2\n    title: two\n    parent: X.9\n    checks: [config:NOT_A_RULE]\n  - id: X.1\n    title: again\n    manual: true\n    guidance: attach it\n',
      },
      async (dir) => {
        const err = await loadFrameworkFile(path.join(dir, 'framework.yaml'), noCache).catch((e: Error) => e);
        expect(err).toBeInstanceOf(Error);
        const msg = (err as Error).message;
        expect(msg).toContain(`${path.join(dir, 'b.yaml')}:6:9: controls.1.id: duplicate control id X.1 (first at ${path.join(dir, 'a.yaml')}:2:9)`);
        expect(msg).toContain(`${path.join(dir, 'b.yaml')}:5:14: controls.0.checks.0: unknown check "config:NOT_A_RULE"`);
        expect(msg).toContain(`${path.join(dir, 'b.yaml')}:4:13: controls.0.parent: unknown parent control "X.9"`);
      },
    );
  });

  it('names a missing included file and refuses to include framework.yaml itself', async () => {
    await withFiles({ 'framework.yaml': `${head}include: [nope.yaml]\n` }, async (dir) => {
      await expect(loadFrameworkFile(path.join(dir, 'framework.yaml'), noCache)).rejects.toThrow(`${path.join(dir, 'nope.yaml')}: cannot read included controls file`);
    });
    await withFiles({ 'framework.yaml': `${head}include: [./framework.yaml]\n` }, async (dir) => {
      await expect(loadFrameworkFile(path.join(dir, 'framework.yaml'), noCache)).rejects.toThrow(/framework\.yaml:4:\d+: include\.0: ".\/framework\.yaml" must be another file/);
    });
  });

  it('rejects a framework with no controls at all, and extra keys in an included file', async () => {
    await withFiles({ 'framework.yaml': head }, async (dir) => {
      await expect(loadFrameworkFile(path.join(dir, 'framework.yaml'), noCache)).rejects.toThrow(/controls: a framework needs at least one control/);
    });
    await withFiles(
      { 'framework.yaml': `${head}include: [a.yaml]\n`, 'a.yaml': 'name: nope\ncontrols:\n  - id: A\n    title: a\n    checks: [config:IAM_PASSWORD_POLICY]\n' },
      async (dir) => {
        await expect(loadFrameworkFile(path.join(dir, 'framework.yaml'), noCache)).rejects.toThrow(/a\.yaml:1:1: \(root\): Unrecognized key: "name"/);
      },
    );
  });
});

describe('fields for the standards own structure', () => {
  const one = (extra: string): string => `${head}controls:\n  - id: A\n    title: a\n    checks: [config:IAM_PASSWORD_POLICY]\n${extra}`;
  const load = async (yaml: string): Promise<unknown> => {
    let out: unknown;
    await withFiles({ 'framework.yaml': yaml }, async (dir) => {
      out = await loadFrameworkFile(path.join(dir, 'framework.yaml'), noCache).catch((e: Error) => e);
    });
    return out;
  };

  it('accepts family, baselines, requirement, theme, category, parent and attestation', async () => {
    const fw = (await load(
      one('    family: AC\n    baselines: [low, moderate]\n    requirement: addressable\n    theme: Technological\n    category: Availability\n    attestation: attach the review\n'),
    )) as { controls: { baselines: string[]; requirement: string }[] };
    expect(fw.controls[0]).toMatchObject({ family: 'AC', baselines: ['low', 'moderate'], requirement: 'addressable', theme: 'Technological', category: 'Availability', attestation: 'attach the review' });
  });

  it('rejects unknown baselines and requirement values with their line', async () => {
    expect(String(await load(one('    baselines: [low, extreme]\n')))).toMatch(/framework\.yaml:8:\d+: controls\.0\.baselines\.1: /);
    expect(String(await load(one('    requirement: optional\n')))).toMatch(/framework\.yaml:8:\d+: controls\.0\.requirement: /);
  });

  it('keeps attestation for controls with checks: a manual control uses guidance', async () => {
    const err = await load(`${head}controls:\n  - id: A\n    title: a\n    manual: true\n    guidance: attach x\n    attestation: attach y\n`);
    expect(String(err)).toMatch(/controls\.0\.attestation: attestation is for controls with checks/);
  });

  it('classifies controls: automated, partly automated (attestation, or manual with checks), manual', () => {
    expect(controlKind({ checks: ['x'], manual: false })).toBe('automated');
    expect(controlKind({ checks: ['x'], manual: false, attestation: 'a' })).toBe('partial');
    expect(controlKind({ checks: ['x'], manual: true })).toBe('partial');
    expect(controlKind({ checks: [], manual: true })).toBe('manual');
  });
});

describe('parsed-YAML cache', () => {
  it('gives the same catalog as parsing, and is ignored when an entry is unreadable', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const cache = fileYamlCache(dir);
      const parsed = await loadFrameworkFile(path.join(FIXTURES, 'split', 'framework.yaml'), noCache);
      const first = await loadFrameworkFile(path.join(FIXTURES, 'split', 'framework.yaml'), { cache });
      const entries = await fs.readdir(dir);
      expect(entries.length).toBe(3);
      const second = await loadFrameworkFile(path.join(FIXTURES, 'split', 'framework.yaml'), { cache });
      expect(first).toEqual(parsed);
      expect(second).toEqual(parsed);
      for (const e of entries) await fs.writeFile(path.join(dir, e), '{not json');
      expect(await loadFrameworkFile(path.join(FIXTURES, 'split', 'framework.yaml'), { cache })).toEqual(parsed);
    } finally {
      await cleanup();
    }
  });

  it('still validates cached content and locates errors by parsing again', async () => {
    const { dir: cacheDir, cleanup } = await tempDir();
    try {
      const cache = fileYamlCache(cacheDir);
      const yaml = `${head}controls:\n  - id: A\n    title: a\n    checks: [config:NOT_A_RULE]\n`;
      await withFiles({ 'framework.yaml': yaml }, async (dir) => {
        const file = path.join(dir, 'framework.yaml');
        await expect(loadFrameworkFile(file, { cache })).rejects.toThrow(`${file}:7:14: controls.0.checks.0: unknown check`);
        await expect(loadFrameworkFile(file, { cache })).rejects.toThrow(`${file}:7:14: controls.0.checks.0: unknown check`);
      });
    } finally {
      await cleanup();
    }
  });

  it('lives in AWS_EVIDENCE_CACHE_DIR, XDG_CACHE_HOME or ~/.cache, and can be turned off', () => {
    expect(defaultCacheDir({ AWS_EVIDENCE_CACHE_DIR: 'off' })).toBeNull();
    expect(defaultCacheDir({ AWS_EVIDENCE_CACHE_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/aws-evidence/catalog');
    expect(defaultCacheDir({})).toMatch(/\.cache\/aws-evidence\/catalog$/);
  });
});
