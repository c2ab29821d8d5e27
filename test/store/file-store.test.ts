import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStore } from '../../src/store/file.ts';
import { NotFoundError, StoreError, sha256Hex } from '../../src/store/store.ts';
import { openStore } from '../../src/store/open.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  store = new FileStore(dir);
});
afterEach(() => cleanup());

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

describe('file store: versioned-bucket semantics', () => {
  it('returns a new version id per put and keeps old versions readable', async () => {
    const a = await store.put('evidence/1/us-east-1/x.json', Buffer.from('one'));
    const b = await store.put('evidence/1/us-east-1/x.json', Buffer.from('two'));
    expect(a.versionId).not.toBe(b.versionId);
    expect(a.sha256).toBe(sha256Hex('one'));
    expect(text(await store.get('evidence/1/us-east-1/x.json'))).toBe('two');
    expect(text(await store.get('evidence/1/us-east-1/x.json', a.versionId))).toBe('one');
    const versions = await store.listVersions('evidence/1/us-east-1/x.json');
    expect(versions.map((v) => v.versionId)).toEqual([a.versionId, b.versionId]);
    expect((await store.head('evidence/1/us-east-1/x.json'))?.versionId).toBe(b.versionId);
  });

  it('does not write unchanged content again when asked to dedupe', async () => {
    const a = await store.put('k/a.json', Buffer.from('same'), { dedupe: true });
    const b = await store.put('k/a.json', Buffer.from('same'), { dedupe: true });
    expect(b.reused).toBe(true);
    expect(b.versionId).toBe(a.versionId);
    expect(await store.listVersions('k/a.json')).toHaveLength(1);
    const c = await store.put('k/a.json', Buffer.from('changed'), { dedupe: true });
    expect(c.reused).toBe(false);
    expect(await store.listVersions('k/a.json')).toHaveLength(2);
  });

  it('names missing keys and versions', async () => {
    await expect(store.get('nope.json')).rejects.toBeInstanceOf(NotFoundError);
    await store.put('a.json', Buffer.from('x'));
    await expect(store.get('a.json', 'v99999999')).rejects.toThrow(/no version v99999999 of a.json/);
    expect(await store.head('nope.json')).toBeNull();
  });

  it('lists keys under a prefix, including keys nested under other keys', async () => {
    await store.put('runs/r1/manifest.json', Buffer.from('m'));
    await store.put('runs/r1/results.json', Buffer.from('r'));
    await store.put('runs/r2/manifest.json', Buffer.from('m'));
    await store.put('reports/r1/a.html', Buffer.from('h'));
    expect(await store.list('runs/')).toEqual(['runs/r1/manifest.json', 'runs/r1/results.json', 'runs/r2/manifest.json']);
    expect(await store.list('runs/r1/m')).toEqual(['runs/r1/manifest.json']);
    expect(await store.list('missing/')).toEqual([]);
  });

  it('survives concurrent writers to one key without losing a version', async () => {
    const puts = await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('c/k.json', Buffer.from(`v${i}`))));
    expect(new Set(puts.map((p) => p.versionId)).size).toBe(20);
    const bodies = await Promise.all(puts.map((p) => store.get('c/k.json', p.versionId).then(text)));
    expect(bodies.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
  });

  it('leaves no temporary files behind', async () => {
    await store.put('t/a.json', Buffer.from('x'));
    const tmp = await fs.readdir(path.join(dir, '.tmp')).catch(() => []);
    expect(tmp).toEqual([]);
  });

  it('rejects keys that could escape the store', async () => {
    for (const bad of ['../x', '/abs', 'a//b', 'a/./b', 'a/', '']) {
      await expect(store.put(bad, Buffer.from('x'))).rejects.toBeInstanceOf(StoreError);
    }
  });

  it('reports a write it cannot make as a StoreError naming the key', async () => {
    // A file where the key's folder must go fails for every user, root included.
    await fs.writeFile(path.join(dir, 'blocked'), 'file in the way');
    await expect(store.put('blocked/x.json', Buffer.from('x'))).rejects.toThrow(StoreError);
    await expect(store.put('blocked/x.json', Buffer.from('x'))).rejects.toThrow(/blocked\/x\.json/);
  });
});

describe('openStore', () => {
  it('chooses the backend by URL', () => {
    expect(openStore('file://./somewhere', '/base').url).toBe('file:///base/somewhere');
    expect(openStore('file:///abs/dir').url).toBe('file:///abs/dir');
    expect(() => openStore('ftp://x')).toThrow(/unknown scheme/);
  });
});
