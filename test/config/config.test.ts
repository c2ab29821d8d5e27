import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/config/config.ts';
import { tempDir } from '../helpers.ts';

async function withConfig(text: string | null, fn: (dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = await tempDir();
  try {
    if (text !== null) await fs.writeFile(path.join(dir, 'evidence.config.yaml'), text);
    await fn(dir);
  } finally {
    await cleanup();
  }
}

describe('config', () => {
  it('has a default for every option', async () => {
    await withConfig(null, async (dir) => {
      const { config, file } = await loadConfig(undefined, dir);
      expect(file).toBeNull();
      expect(config).toMatchObject({
        store: 'file://./evidence-store',
        frameworks: ['all'],
        collection: { concurrency: 16 },
        reports: { formats: ['html', 'pdf'] },
        aws: { maxAttempts: 3 },
      });
    });
  });

  it('reads evidence.config.yaml and fills the rest', async () => {
    await withConfig('store: file:///tmp/x\nregions: [eu-west-1]\ncollection:\n  concurrency: 4\n', async (dir) => {
      const { config, digest } = await loadConfig(undefined, dir);
      expect(config.regions).toEqual(['eu-west-1']);
      expect(config.collection.concurrency).toBe(4);
      expect(config.reports.out).toBe('./reports');
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('names the file, line and field of a bad value', async () => {
    await withConfig('store: file://./s\nregions:\n  - us-east-1\n  - moon-1\n', async (dir) => {
      await expect(loadConfig(undefined, dir)).rejects.toThrow(/evidence\.config\.yaml:4:5: regions\.1: "moon-1" is not an AWS Region this release knows/);
    });
    await withConfig('collection:\n  concurrency: 0\n', async (dir) => {
      await expect(loadConfig(undefined, dir)).rejects.toThrow(/evidence\.config\.yaml:2:16: collection\.concurrency: /);
    });
  });

  it('names an unknown field and broken YAML', async () => {
    await withConfig('stroe: file://./s\n', async (dir) => {
      await expect(loadConfig(undefined, dir)).rejects.toThrow(/stroe/);
    });
    await withConfig('store: [unclosed\n', async (dir) => {
      await expect(loadConfig(undefined, dir)).rejects.toThrow(ConfigError);
      await expect(loadConfig(undefined, dir)).rejects.toThrow(/evidence\.config\.yaml:\d+:\d+: invalid YAML/);
    });
  });

  it('requires an explicitly named config file to exist', async () => {
    await withConfig(null, async (dir) => {
      await expect(loadConfig('missing.yaml', dir)).rejects.toThrow(/missing\.yaml: cannot read config file/);
    });
  });
});
