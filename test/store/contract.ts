// The evidence store contract: ONE suite, run against every backend (file-store.test.ts,
// s3-store.test.ts). A backend passes exactly the same tests, or it is not an evidence store.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import {
  ConflictError,
  LockedError,
  NotFoundError,
  StoreError,
  sha256Hex,
  sha256OfVersion,
  type EvidenceStore,
  type ObjectLockOptions,
} from '../../src/store/store.ts';

export interface ContractBackend {
  /** A fresh, empty store that passes its safety checks; with retention when asked. */
  make(opts?: { objectLock?: ObjectLockOptions }): Promise<EvidenceStore>;
  /** Whether the backend can enforce retention (file: recorded and honoured; S3: bucket with Object Lock). */
  lock: boolean;
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** A deterministic body of `size` bytes produced in 1 MiB chunks (never one buffer). */
function chunks(size: number, seed: number): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        let left = size;
        let i = 0;
        while (left > 0) {
          const n = Math.min(left, 1024 * 1024);
          yield Buffer.alloc(n, (seed + i++) % 251);
          left -= n;
        }
      })(),
    );
}
function chunksSha(size: number, seed: number): string {
  const h = createHash('sha256');
  let left = size;
  let i = 0;
  while (left > 0) {
    const n = Math.min(left, 1024 * 1024);
    h.update(Buffer.alloc(n, (seed + i++) % 251));
    left -= n;
  }
  return h.digest('hex');
}

export function storeContract(name: string, backend: () => ContractBackend): void {
  describe(`evidence store contract: ${name}`, () => {
    it('returns a new version id per put and keeps old versions readable', async () => {
      const store = await backend().make();
      const key = 'evidence/111111111111/us-east-1/x.json';
      const a = await store.put(key, Buffer.from('one'));
      const b = await store.put(key, Buffer.from('two'));
      expect(a.versionId).not.toBe(b.versionId);
      expect(a).toMatchObject({ key, sha256: sha256Hex('one'), size: 3, reused: false });
      expect(text(await store.get(key))).toBe('two');
      expect(text(await store.get(key, a.versionId))).toBe('one');
      expect((await store.listVersions(key)).map((v) => v.versionId)).toEqual([a.versionId, b.versionId]);
      const head = await store.head(key);
      expect(head).toMatchObject({ key, versionId: b.versionId, size: 3, sha256: sha256Hex('two') });
    });

    it('writes conditionally: only the first of two writers holding the same read wins', async () => {
      const store = await backend().make();
      const key = 'chain/head.json';
      expect(await store.readGuarded(key)).toBeNull();
      const first = await store.putIfUnchanged(key, Buffer.from('a'), null);
      // A second "create only if absent" loses: the key has a version now.
      await expect(store.putIfUnchanged(key, Buffer.from('b'), null)).rejects.toBeInstanceOf(ConflictError);
      const read = (await store.readGuarded(key))!;
      expect(text(read.bytes)).toBe('a');
      // Two writers that read the same version: one wins, the other is told and writes nothing.
      const outcomes = await Promise.allSettled([store.putIfUnchanged(key, Buffer.from('c'), read.token), store.putIfUnchanged(key, Buffer.from('d'), read.token)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(ConflictError);
      const versions = await store.listVersions(key);
      expect(versions.map((v) => v.versionId)[0]).toBe(first.versionId);
      expect(versions).toHaveLength(2);
      const latest = (await store.readGuarded(key))!;
      expect(['c', 'd']).toContain(text(latest.bytes));
      expect(latest.token).not.toBe(read.token);
      // A stale token (the version before the latest) loses too; the current one wins.
      await expect(store.putIfUnchanged(key, Buffer.from('e'), read.token)).rejects.toBeInstanceOf(ConflictError);
      const won = await store.putIfUnchanged(key, Buffer.from('f'), latest.token);
      expect(won).toMatchObject({ key, sha256: sha256Hex('f'), size: 1, reused: false });
      expect(text(await store.get(key))).toBe('f');
    });

    it('does not write unchanged content again (dedupe against the latest version only)', async () => {
      const store = await backend().make();
      const a = await store.put('k/a.json', Buffer.from('same'), { dedupe: true });
      const b = await store.put('k/a.json', Buffer.from('same'), { dedupe: true });
      expect(b).toMatchObject({ reused: true, versionId: a.versionId, sha256: a.sha256, size: 4 });
      expect(await store.listVersions('k/a.json')).toHaveLength(1);
      const c = await store.put('k/a.json', Buffer.from('changed'), { dedupe: true });
      expect(c.reused).toBe(false);
      // Back to the first content: it is not the latest version, so a new version records the change.
      const d = await store.put('k/a.json', Buffer.from('same'), { dedupe: true });
      expect(d.reused).toBe(false);
      expect(d.versionId).not.toBe(a.versionId);
      expect(await store.listVersions('k/a.json')).toHaveLength(3);
      // Without dedupe every put is a version.
      await store.put('k/a.json', Buffer.from('same'));
      expect(await store.listVersions('k/a.json')).toHaveLength(4);
    });

    it('names missing keys and versions', async () => {
      const store = await backend().make();
      await expect(store.get('nope.json')).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.getStream('nope.json')).rejects.toBeInstanceOf(NotFoundError);
      const a = await store.put('a.json', Buffer.from('x'));
      const other = await store.put('b.json', Buffer.from('y'));
      await expect(store.get('a.json', other.versionId === a.versionId ? 'v99999999' : other.versionId)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.get('a.json', 'no-such-version')).rejects.toThrow(/no version no-such-version of a\.json/);
      expect(await store.head('nope.json')).toBeNull();
      expect(await store.listVersions('nope.json')).toEqual([]);
    });

    it('lists keys under a prefix, including keys nested under other keys', async () => {
      const store = await backend().make();
      await store.put('runs/r1/manifest.json', Buffer.from('m'));
      await store.put('runs/r1/results.json', Buffer.from('r'));
      await store.put('runs/r2/manifest.json', Buffer.from('m'));
      await store.put('runs/r2/manifest.json/nested.json', Buffer.from('n'));
      await store.put('reports/r1/a.html', Buffer.from('h'));
      expect(await store.list('runs/')).toEqual(['runs/r1/manifest.json', 'runs/r1/results.json', 'runs/r2/manifest.json', 'runs/r2/manifest.json/nested.json']);
      expect(await store.list('runs/r1/m')).toEqual(['runs/r1/manifest.json']);
      expect(await store.list('missing/')).toEqual([]);
    });

    it('lists every version of every key for orphan detection', async () => {
      const store = await backend().make();
      const a1 = await store.put('evidence/a.json', Buffer.from('1'));
      const a2 = await store.put('evidence/a.json', Buffer.from('2'));
      const b1 = await store.put('evidence/b.json', Buffer.from('3'));
      await store.put('runs/x/results.json', Buffer.from('4'));
      const all = await store.listAllVersions('evidence/');
      expect(all.map((v) => [v.key, v.versionId])).toEqual([
        ['evidence/a.json', a1.versionId],
        ['evidence/a.json', a2.versionId],
        ['evidence/b.json', b1.versionId],
      ]);
      expect(await store.listAllVersions('')).toHaveLength(4);
    });

    it('streams large bodies in and out without holding them whole, with dedupe', async () => {
      const store = await backend().make();
      const size = 12 * 1024 * 1024 + 12345; // more than one 8 MiB part
      const sha = chunksSha(size, 7);
      const put = await store.putStream('reports/r/big.pdf', chunks(size, 7), { contentType: 'application/pdf', dedupe: true });
      expect(put).toMatchObject({ sha256: sha, size, reused: false });
      expect(await sha256OfVersion(store, 'reports/r/big.pdf', put.versionId)).toEqual({ sha256: sha, size });
      expect((await store.head('reports/r/big.pdf'))?.sha256).toBe(sha);
      const again = await store.putStream('reports/r/big.pdf', chunks(size, 7), { dedupe: true });
      expect(again).toMatchObject({ reused: true, versionId: put.versionId });
      // A caller that knows the hash saves the hashing pass; a wrong one is refused or caught.
      const small = await store.putStream('k/s.json', () => Readable.from([Buffer.from('abc')]), { sha256: sha256Hex('abc') });
      expect(text(await store.get('k/s.json', small.versionId))).toBe('abc');
      await expect(store.putStream('k/t.json', () => Readable.from([Buffer.from('abc')]), { sha256: sha256Hex('abd') })).rejects.toBeInstanceOf(StoreError);
      expect(await store.listVersions('k/t.json')).toEqual([]);
    }, 120_000);

    it('keeps a big in-memory body intact (multipart on S3)', async () => {
      const store = await backend().make();
      const body = Buffer.alloc(9 * 1024 * 1024, 3);
      body[body.length - 1] = 9;
      const put = await store.put('evidence/big.json', body, { dedupe: true });
      expect(put.sha256).toBe(sha256Hex(body));
      expect(sha256Hex(await store.get('evidence/big.json', put.versionId))).toBe(put.sha256);
      expect((await store.put('evidence/big.json', body, { dedupe: true })).reused).toBe(true);
    }, 120_000);

    it('survives concurrent writers to one key without losing a version', async () => {
      const store = await backend().make();
      const puts = await Promise.all(Array.from({ length: 12 }, (_, i) => store.put('c/k.json', Buffer.from(`v${i}`))));
      expect(new Set(puts.map((p) => p.versionId)).size).toBe(12);
      const bodies = await Promise.all(puts.map((p) => store.get('c/k.json', p.versionId).then(text)));
      expect(bodies.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `v${i}`).sort());
      expect(await store.listVersions('c/k.json')).toHaveLength(12);
    });

    it('deletes one version of an unlocked store; the previous one becomes the latest', async () => {
      const store = await backend().make();
      const a = await store.put('d/k.json', Buffer.from('a'));
      const b = await store.put('d/k.json', Buffer.from('b'));
      await store.deleteVersion('d/k.json', b.versionId);
      await expect(store.get('d/k.json', b.versionId)).rejects.toBeInstanceOf(NotFoundError);
      expect((await store.head('d/k.json'))?.versionId).toBe(a.versionId);
      await expect(store.deleteVersion('d/k.json', b.versionId)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('rejects keys that could escape the store', async () => {
      const store = await backend().make();
      for (const bad of ['../x', '/abs', 'a//b', 'a/./b', 'a/', '', 'a/~v00000001']) {
        await expect(store.put(bad, Buffer.from('x'))).rejects.toBeInstanceOf(StoreError);
      }
    });

    it('passes its own safety checks when set up as required', async () => {
      const store = await backend().make();
      const report = await store.check();
      expect(report.findings.filter((f) => !f.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.findings.map((f) => f.check)).toEqual(expect.arrayContaining(['write', 'public-access', 'versioning', 'object-lock', 'encryption']));
    });

    describe('retention (Object Lock)', () => {
      it('records retention on every version; a GOVERNANCE-locked version cannot be deleted without bypass', async () => {
        if (!backend().lock) return;
        const store = await backend().make({ objectLock: { mode: 'GOVERNANCE', days: 1 } });
        const a = await store.put('evidence/l.json', Buffer.from('locked'));
        const head = await store.head('evidence/l.json');
        expect(head?.retention?.mode).toBe('GOVERNANCE');
        const until = new Date(head!.retention!.until).getTime();
        expect(until).toBeGreaterThan(Date.now() + 23 * 3600_000);
        expect(until).toBeLessThan(Date.now() + 25 * 3600_000);
        await expect(store.deleteVersion('evidence/l.json', a.versionId)).rejects.toBeInstanceOf(LockedError);
        expect(text(await store.get('evidence/l.json', a.versionId))).toBe('locked');
        await store.deleteVersion('evidence/l.json', a.versionId, { bypassGovernance: true });
        await expect(store.get('evidence/l.json', a.versionId)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('a COMPLIANCE-locked version cannot be deleted by anyone', async () => {
        if (!backend().lock) return;
        const store = await backend().make({ objectLock: { mode: 'COMPLIANCE', days: 1 } });
        const a = await store.put('runs/r/manifest.json', Buffer.from('{"m":1}'));
        await expect(store.deleteVersion('runs/r/manifest.json', a.versionId)).rejects.toBeInstanceOf(LockedError);
        await expect(store.deleteVersion('runs/r/manifest.json', a.versionId, { bypassGovernance: true })).rejects.toBeInstanceOf(LockedError);
        expect(text(await store.get('runs/r/manifest.json', a.versionId))).toBe('{"m":1}');
      });

      it('extends the retention of a reused version to the newest run that pins it', async () => {
        if (!backend().lock) return;
        const b = backend();
        const short = await b.make({ objectLock: { mode: 'GOVERNANCE', days: 1 } });
        const a = await short.put('evidence/e.json', Buffer.from('evidence'), { dedupe: true });
        // The same store (same place) opened later with a longer retention reuses and extends.
        const longer = await reopen(short, { mode: 'GOVERNANCE', days: 3 });
        const r = await longer.put('evidence/e.json', Buffer.from('evidence'), { dedupe: true });
        expect(r).toMatchObject({ reused: true, versionId: a.versionId });
        const until = new Date((await longer.head('evidence/e.json'))!.retention!.until).getTime();
        expect(until).toBeGreaterThan(Date.now() + 71 * 3600_000);
      });
    });
  });
}

/** Backends register how to open the same location with other retention options. */
const reopeners = new WeakMap<EvidenceStore, (lock: ObjectLockOptions) => EvidenceStore>();
export function registerReopen(store: EvidenceStore, fn: (lock: ObjectLockOptions) => EvidenceStore): EvidenceStore {
  reopeners.set(store, fn);
  return store;
}
async function reopen(store: EvidenceStore, lock: ObjectLockOptions): Promise<EvidenceStore> {
  const fn = reopeners.get(store);
  if (!fn) throw new Error('backend did not register a reopen function');
  return fn(lock);
}
