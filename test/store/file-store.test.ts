import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStore } from '../../src/store/file.ts';
import { NotFoundError, StoreError, UnsafeStoreError, ensureStoreReady, sha256Hex } from '../../src/store/store.ts';
import { openStore } from '../../src/store/open.ts';
import { tempDir } from '../helpers.ts';
import { registerReopen, storeContract } from './contract.ts';

// The same contract suite as the S3 backend (s3-store.test.ts).
const contractDirs: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of contractDirs) await c();
});
storeContract('file', () => ({
  lock: true,
  make: async (opts = {}) => {
    const t = await tempDir('evidence-contract-');
    contractDirs.push(t.cleanup);
    const root = path.join(t.dir, 'store');
    return registerReopen(new FileStore(root, opts), (objectLock) => new FileStore(root, { objectLock }));
  },
}));

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

  it('lists a tree of several hundred directories whole and sorted, letting timers run while it reads', async () => {
    // 150 runs × 2 keys: over 450 directories, so the listing yields to the event loop several times.
    const expected: string[] = [];
    for (let i = 0; i < 150; i++) {
      const id = `2026${String(i).padStart(4, '0')}`;
      for (const f of ['manifest.json', 'summary.json']) {
        await store.put(`runs/${id}/${f}`, Buffer.from(f));
        expected.push(`runs/${id}/${f}`);
      }
    }
    await store.put('runs/20260007/manifest.json/nested.json', Buffer.from('n'));
    expected.push('runs/20260007/manifest.json/nested.json');
    await store.put('reports/20260001/a.html', Buffer.from('h'));
    // Queued before the listing starts: it runs during the listing only if the listing yields.
    let ranDuring = false;
    setImmediate(() => (ranDuring = true));
    const listed = await store.list('runs/');
    const yielded = ranDuring;
    expect(listed).toEqual(expected.sort());
    expect(yielded).toBe(true);
    expect(await store.list('runs/2026000')).toEqual(expected.filter((k) => k.startsWith('runs/2026000')));
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

describe('file store: crash safety and checks', () => {
  it('reads a version that lost its attributes file (a kill between the two writes) by hashing it', async () => {
    const a = await store.put('e/x.json', Buffer.from('body'));
    await fs.rm(path.join(dir, 'e', 'x.json', `~${a.versionId}.meta`));
    expect((await store.head('e/x.json'))?.sha256).toBe(sha256Hex('body'));
    expect((await store.put('e/x.json', Buffer.from('body'), { dedupe: true })).reused).toBe(true);
  });

  it('skips a version number whose attributes a killed writer claimed', async () => {
    await store.put('e/y.json', Buffer.from('1'));
    await fs.writeFile(path.join(dir, 'e', 'y.json', '~v00000002.meta'), '{"sha256":"00","size":1}');
    const b = await store.put('e/y.json', Buffer.from('2'));
    expect(b.versionId).toBe('v00000003');
    expect(Buffer.from(await store.get('e/y.json')).toString()).toBe('2');
  });

  it('removes temporary files of dead processes when checked, and keeps live ones', async () => {
    await fs.mkdir(path.join(dir, '.tmp'), { recursive: true });
    await fs.writeFile(path.join(dir, '.tmp', '999999999-deadbeef0000'), 'partial');
    await fs.writeFile(path.join(dir, '.tmp', `${process.pid}-live00000000`), 'in flight');
    const report = await store.check();
    expect(report.ok).toBe(true);
    expect(report.findings.find((f) => f.check === 'versioning')?.detail).toMatch(/removed 1 temporary file/);
    expect(await fs.readdir(path.join(dir, '.tmp'))).toEqual([`${process.pid}-live00000000`]);
  });

  it('refuses a folder every user can write to, and one it cannot write', async () => {
    await fs.chmod(dir, 0o777);
    const report = await store.check();
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.check === 'public-access')).toMatchObject({ ok: false, detail: expect.stringMatching(/writable by every user/) });
    await expect(ensureStoreReady(store)).rejects.toBeInstanceOf(UnsafeStoreError);
    await fs.chmod(dir, 0o700);
    const blocked = path.join(dir, 'file-not-dir');
    await fs.writeFile(blocked, 'x');
    const bad = await new FileStore(blocked).check();
    expect(bad.findings.find((f) => f.check === 'write')).toMatchObject({ ok: false });
  });
});

describe('openStore', () => {
  it('chooses the backend by URL', () => {
    expect(openStore('file://./somewhere', '/base').url).toBe('file:///base/somewhere');
    expect(openStore('file:///abs/dir').url).toBe('file:///abs/dir');
    expect(() => openStore('ftp://x')).toThrow(/unknown scheme/);
    expect(openStore('s3://my-bucket/some/prefix/').url).toBe('s3://my-bucket/some/prefix');
    expect(openStore('s3://my-bucket').url).toBe('s3://my-bucket');
    expect(() => openStore('s3://Bad_Bucket/x')).toThrow(/not a valid bucket name/);
    expect(() => openStore('s3://bucket/../x')).toThrow(StoreError);
  });
});
