// Parsing YAML is the slow part of loading the catalog (the yaml library reads roughly 2 MB/s on a
// cold process, and the built-in catalogs are about 1 MB). Every CLI command loads the catalog, so
// the parsed form of each file is kept in a per-user cache keyed by the SHA-256 of the file's
// text. The cache only replaces parsing: the result is validated exactly as a fresh parse is, and
// errors are always located by parsing the file again. Any cache failure falls back to parsing.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Bump when the cached form changes. */
const FORMAT = 'catalog-yaml-v1';

export interface YamlCache {
  get(text: string): Promise<unknown>;
  set(text: string, value: unknown): Promise<void>;
}

/** The default cache folder: AWS_EVIDENCE_CACHE_DIR ("off" disables it), else XDG_CACHE_HOME or ~/.cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.AWS_EVIDENCE_CACHE_DIR?.trim();
  if (explicit === 'off' || explicit === '0' || explicit === 'false') return null;
  if (explicit) return path.resolve(explicit);
  const base = env.XDG_CACHE_HOME?.trim() || path.join(os.homedir(), '.cache');
  return path.join(base, 'aws-evidence', 'catalog');
}

const keyOf = (text: string): string => createHash('sha256').update(FORMAT).update('\0').update(text).digest('hex');

export function fileYamlCache(dir: string): YamlCache {
  return {
    async get(text) {
      const key = keyOf(text);
      try {
        const parsed = JSON.parse(await fs.readFile(path.join(dir, `${key}.json`), 'utf8')) as { key?: string; value?: unknown };
        return parsed.key === key ? parsed.value : undefined;
      } catch {
        return undefined;
      }
    },
    async set(text, value) {
      const key = keyOf(text);
      const file = path.join(dir, `${key}.json`);
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        await fs.mkdir(dir, { recursive: true, mode: 0o700 });
        await fs.writeFile(tmp, JSON.stringify({ key, value }), { mode: 0o600 });
        await fs.rename(tmp, file);
      } catch {
        await fs.rm(tmp, { force: true }).catch(() => undefined);
      }
    },
  };
}
