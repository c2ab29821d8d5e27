// Tamper matrix: each kind of stored thing is tampered with, in the file store and in S3 (moto),
// and verification names it. Runs are sealed by the real finalizeRun over synthetic results, so
// the matrix is fast and independent of collection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileStore } from '../../src/store/file.ts';
import { openStore } from '../../src/store/open.ts';
import { LockedError, type EvidenceStore } from '../../src/store/store.ts';
import { chainRunIds, keys, listRuns, makeRunId, resolveRunId } from '../../src/store/manifest.ts';
import { finalizeRun, recordInterrupted, RunInterruptedError } from '../../src/run/finalize.ts';
import type { RunResults } from '../../src/domain/results.ts';
import { encodeEnvelope, generateKeyFile, type Signer } from '../../src/sign/signer.ts';
import { findOrphans, verifyAsWritten, verifyStore, type VerifyReport } from '../../src/sign/verify-run.ts';
import { tempDir } from '../helpers.ts';
import { makeBucket, startMoto, type Moto } from '../store/moto.ts';
import { EXTERNAL } from '../external.ts';


let tmp: { dir: string; cleanup: () => Promise<void> };
let signer: Signer;
let otherSigner: Signer;
let moto: Moto | undefined;
beforeAll(async () => {
  tmp = await tempDir();
  signer = await generateKeyFile(path.join(tmp.dir, 'k.key'));
  otherSigner = await generateKeyFile(path.join(tmp.dir, 'other.key'));
  if (EXTERNAL) moto = await startMoto();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  await tmp?.cleanup();
});

const ACCOUNT = '111111111111';
const ev = (name: string): string => `evidence/${ACCOUNT}/us-east-1/${name}.json`;

/** Seals one run over the given evidence bodies, then stores a signed report, as a real run does. */
async function sealRun(store: EvidenceStore, day: number, bodies: Record<string, string>, by: Signer = signer, withReport = true): Promise<string> {
  const started = new Date(Date.UTC(2026, 10, day, 3, 0, 0));
  const runId = makeRunId(started, randomBytes(3).toString('hex'));
  const evidence = [];
  for (const [name, body] of Object.entries(bodies)) {
    const put = await store.put(ev(name), Buffer.from(body), { dedupe: true });
    evidence.push({ ...put, collectedAt: started.toISOString() });
  }
  const results = {
    schema: 'run-results/v1',
    runId,
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    status: 'complete',
    toolVersion: 'test',
    scope: { accounts: [ACCOUNT], regions: ['us-east-1'] },
    frameworks: [],
    checks: [],
    coverage: { collections: [], rulesNotDeployed: [], calls: { calls: 0, byOutcome: { ok: 0, retried: 0 } } },
    evidence,
  } as unknown as RunResults;
  await finalizeRun({ store, signer: by, results, identity: `arn:aws:iam::${ACCOUNT}:role/collector`, toolVersion: 'test', configDigest: '0'.repeat(64), now: () => started });
  if (withReport) await storeReport(store, runId, by);
  return runId;
}

/** A signed report of the run, as a run stores it after its manifest. */
async function storeReport(store: EvidenceStore, runId: string, by: Signer = signer, signed: Buffer = Buffer.from(`<html>report of ${runId}</html>`)): Promise<void> {
  const report = Buffer.from(`<html>report of ${runId}</html>`);
  const rk = keys.report(runId, 'fw.html');
  await store.put(rk, report);
  await store.put(keys.signature(rk), encodeEnvelope(await by.sign(signed, 'fw.html')));
}

describe('verification started when the manifest is stored', () => {
  const newStore = (): EvidenceStore => new FileStore(path.join(tmp.dir, `store-${randomBytes(4).toString('hex')}`));

  it('checks the evidence and the chain at once, and the reports once they are written', async () => {
    const store = newStore();
    const a = await sealRun(store, 1, { trails: '{"t":1}' });
    const b = await sealRun(store, 2, { trails: '{"t":2}' }, signer, false);
    let written: () => void = () => undefined;
    const reportsWritten = new Promise<void>((resolve) => (written = resolve));
    let settled = false;
    const verifying = verifyStore(store, b, { publicKeyPem: signer.publicKeyPem(), reportsWritten }).finally(() => (settled = true));
    // Give the early part every chance to finish: it must still wait for the reports.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await storeReport(store, b);
    written();
    const r = await verifying;
    expect(kinds(r)).toEqual([]);
    expect(r.runs.map((x) => [x.runId, x.objectsChecked, x.reportsChecked])).toEqual([
      [b, 3, 1],
      [a, 0, 0],
    ]);
  });

  it('verifyAsWritten: started with the manifest, finished with the reports; without a start it verifies everything then', async () => {
    const store = newStore();
    const b = await sealRun(store, 2, { trails: '{"t":2}' }, signer, false);
    const v = verifyAsWritten(store, { publicKeyPem: signer.publicKeyPem() });
    v.start(b);
    await storeReport(store, b);
    const r = await v.finish(b);
    expect(kinds(r)).toEqual([]);
    expect(r.runs[0]).toMatchObject({ runId: b, objectsChecked: 3, reportsChecked: 1 });
    const c = await sealRun(store, 3, { trails: '{"t":3}' });
    const later = await verifyAsWritten(store, { publicKeyPem: signer.publicKeyPem() }).finish(c);
    expect(later.runs.map((x) => [x.runId, x.reportsChecked])).toEqual([
      [c, 1],
      [b, 0],
    ]);
  });

  it('still finds a report whose signature does not match, written after the verification started', async () => {
    const store = newStore();
    const b = await sealRun(store, 2, { trails: '{"t":2}' }, signer, false);
    let written: () => void = () => undefined;
    const reportsWritten = new Promise<void>((resolve) => (written = resolve));
    const verifying = verifyStore(store, b, { publicKeyPem: signer.publicKeyPem(), reportsWritten });
    await storeReport(store, b, signer, Buffer.from('other bytes'));
    written();
    const r = await verifying;
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([`bad-signature ${keys.report(b, 'fw.html')}`]);
  });
});

/** Three runs: A, B, C. B changes one object; C reuses everything (pins B's versions). */
async function threeRuns(store: EvidenceStore): Promise<{ a: string; b: string; c: string }> {
  const a = await sealRun(store, 1, { trails: '{"t":1}', recorders: '{"r":1}' });
  const b = await sealRun(store, 2, { trails: '{"t":2}', recorders: '{"r":1}' });
  const c = await sealRun(store, 3, { trails: '{"t":2}', recorders: '{"r":1}' });
  return { a, b, c };
}

const kinds = (r: VerifyReport): string[] => r.runs.flatMap((x) => x.problems.map((p) => `${p.kind} ${p.key}`));

interface Backend {
  name: string;
  make(lock?: boolean): Promise<EvidenceStore>;
  /** Overwrites a version's bytes in place (possible on a disk; an S3 version is immutable). */
  overwrite?: (store: EvidenceStore, key: string, versionId: string, fn: (b: Buffer) => Buffer) => Promise<void>;
}

const backends: Backend[] = [
  {
    name: 'file',
    make: async () => new FileStore(path.join(tmp.dir, `store-${randomBytes(4).toString('hex')}`)),
    overwrite: async (store, key, versionId, fn) => {
      const file = path.join((store as FileStore).root, ...key.split('/'), `~${versionId}`);
      await fs.writeFile(file, fn(await fs.readFile(file)));
    },
  },
  {
    name: 's3 (moto)',
    make: async (lock = false) => {
      const bucket = await makeBucket(moto!.s3, { objectLock: lock });
      return openStore(`s3://${bucket}/evidence`, process.cwd(), { ...(lock ? { objectLock: { mode: 'COMPLIANCE' as const, days: 1 } } : {}), s3: { client: moto!.s3 } });
    },
  },
];

for (const backend of backends) {
  // The S3 backends run on moto, in the external suite.
  describe.skipIf(backend.name !== 'file' && !EXTERNAL)(`verify names each tampering: ${backend.name} store`, () => {
    it('passes an untouched store: every object, the chain of three, the reports, no orphans', async () => {
      const store = await backend.make();
      const { a, b, c } = await threeRuns(store);
      const r = await verifyStore(store, c, { all: true, publicKeyPem: signer.publicKeyPem() });
      expect(kinds(r)).toEqual([]);
      expect(r.chainLength).toBe(3);
      expect(r.runs.map((x) => x.runId)).toEqual([c, b, a]);
      expect(r.runs.every((x) => x.objectsChecked === 4 && x.reportsChecked === 1)).toBe(true); // two evidence objects, results.json, summary.json
      expect((await findOrphans(store)).orphans).toEqual([]);
      expect((await listRuns(store)).map((x) => [x.runId, x.status, x.signer?.keyId])).toEqual([a, b, c].map((id) => [id, 'complete', signer.keyId]));
    });

    it('changed object: bytes of a pinned version differ from the manifest', async () => {
      const store = await backend.make();
      const { c } = await threeRuns(store);
      const pinned = (await store.listVersions(ev('trails'))).at(-1)!;
      if (backend.overwrite) {
        await backend.overwrite(store, ev('trails'), pinned.versionId, (b) => Buffer.from(b.toString().replace('2', '3')));
        const r = await verifyStore(store, c, { all: true });
        expect(kinds(r)).toContain(`changed-object ${ev('trails')}`);
      } else {
        // S3 versions are immutable: "changing" an object adds a version; the pinned one still verifies.
        await store.put(ev('trails'), Buffer.from('{"t":"forged"}'));
        expect((await verifyStore(store, c, { all: true })).ok).toBe(true);
      }
    });

    it('deleted version: a version a manifest pins is gone', async () => {
      const store = await backend.make();
      const { a, c } = await threeRuns(store);
      const first = (await store.listVersions(ev('trails')))[0]!; // pinned by run A only
      await store.deleteVersion(ev('trails'), first.versionId);
      const latestOnly = await verifyStore(store, c);
      expect(latestOnly.ok).toBe(true); // C does not pin it
      const r = await verifyStore(store, c, { all: true });
      expect(kinds(r)).toEqual([`deleted-version ${ev('trails')}`]);
      expect(r.runs.find((x) => x.runId === a)?.problems[0]?.message).toMatch(new RegExp(`version ${first.versionId} named by run ${a} is missing`));
    });

    it('edited manifest: a new version of a manifest', async () => {
      const store = await backend.make();
      const { b, c } = await threeRuns(store);
      for (const id of [b, c]) {
        const key = keys.manifest(id);
        const orig = Buffer.from(await store.get(key)).toString();
        await store.put(key, Buffer.from(orig.replace('"status": "complete"', '"status": "complete" ')));
      }
      const r = await verifyStore(store, c, { all: true });
      // The chain pins B's original version (still intact): the extra version is named. C is read
      // at its latest version, whose signature no longer matches and whose sha256 is not the one
      // the chain head recorded, nor the one C's statement pins.
      expect(kinds(r).sort()).toEqual(
        [`bad-signature ${keys.manifest(c)}`, `broken-chain ${keys.chainHead}`, `edited-manifest ${keys.manifest(b)}`, `edited-manifest ${keys.manifest(c)}`, `statement-mismatch ${keys.statement(c)}`].sort(),
      );
      expect(r.runs[1]!.problems[0]!.message).toMatch(/has 2 versions; a manifest is written once \(the chain pins version .+; the latest is .+\)/);
      if (backend.overwrite) {
        // In place, without a new version: the signature and the chain still catch it.
        const store2 = await backend.make();
        const runs = await threeRuns(store2);
        const k2 = keys.manifest(runs.b);
        const v = (await store2.listVersions(k2))[0]!;
        await backend.overwrite(store2, k2, v.versionId, (buf) => Buffer.from(buf.toString().replace('"status": "complete"', '"status": "partial"')));
        const r2 = await verifyStore(store2, runs.c, { all: true });
        expect(kinds(r2)).toEqual(expect.arrayContaining([`broken-chain ${k2}`, `bad-signature ${k2}`]));
      }
    });

    it('bad signature: a report replaced, and a manifest signature from another key', async () => {
      const store = await backend.make();
      const { b, c } = await threeRuns(store);
      const rk = keys.report(c, 'fw.html');
      await store.put(rk, Buffer.from('<html>forged</html>'));
      const mk = keys.manifest(b);
      await store.put(keys.signature(mk), encodeEnvelope(await otherSigner.sign(await store.get(mk), 'manifest.json')));
      const r = await verifyStore(store, c, { all: true });
      expect(kinds(r)).toEqual(expect.arrayContaining([`bad-signature ${rk}`, `unknown-key ${mk}`]));
    });

    it('unknown key: the signer public key missing, replaced, or not the pinned one', async () => {
      const store = await backend.make();
      const { c } = await threeRuns(store);
      const kk = keys.publicKey(signer.keyId);
      // pinned to another key
      const pinned = await verifyStore(store, c, { publicKeyPem: otherSigner.publicKeyPem() });
      expect(kinds(pinned)).toContain(`unknown-key ${keys.manifest(c)}`);
      expect(pinned.runs[0]!.problems[0]!.message).toMatch(/not by the trusted key/);
      // replaced in the store by another key
      await store.put(kk, Buffer.from(otherSigner.publicKeyPem()));
      const replaced = await verifyStore(store, c);
      expect(kinds(replaced)).toContain(`unknown-key ${kk}`);
      expect(replaced.runs[0]!.problems[0]!.message).toMatch(new RegExp(`holds key ${otherSigner.keyId.replace(':', '.')}, not the signer`));
      // gone from the store
      for (const v of await store.listVersions(kk)) await store.deleteVersion(kk, v.versionId);
      const gone = await verifyStore(store, c);
      expect(kinds(gone)).toContain(`unknown-key ${kk}`);
      expect(gone.runs[0]!.problems[0]!.message).toMatch(/is not in the store/);
    });

    it('chain order is finishing order: a run that started earlier but finished later follows the other', async () => {
      const store = await backend.make();
      const { c } = await threeRuns(store);
      const later = await sealRun(store, 9, { trails: '{"t":9}' });
      const earlier = await sealRun(store, 8, { trails: '{"t":8}' }); // an earlier id, sealed last
      expect(earlier < later).toBe(true);
      expect(await resolveRunId(store, 'latest')).toBe(earlier);
      expect(await resolveRunId(store, 'previous')).toBe(later);
      const r = await verifyStore(store, earlier, { all: true });
      expect(kinds(r)).toEqual([]);
      expect(r.runs.map((x) => x.runId).slice(0, 3)).toEqual([earlier, later, c]);
      expect(await chainRunIds(store)).toEqual([...r.runs.map((x) => x.runId)].reverse());
    });

    it('off-chain: a finished run no later manifest links to is named', async () => {
      const store = await backend.make();
      const { b, c } = await threeRuns(store);
      // The head rolled back to B's claim (as if C had never claimed it): the next run forks off B.
      const versions = await store.listVersions(keys.chainHead);
      await store.deleteVersion(keys.chainHead, versions.at(-1)!.versionId);
      const d = await sealRun(store, 4, { trails: '{"t":4}' });
      const r = await verifyStore(store, d, { all: true });
      expect(kinds(r)).toEqual([`off-chain ${keys.manifest(c)}`]);
      expect(r.runs.map((x) => x.runId)).toEqual(expect.arrayContaining([d, b]));
      // Verifying C alone still holds: its own links are intact.
      expect((await verifyStore(store, c)).ok).toBe(true);
    });

    it('missing signature: a manifest signature deleted', async () => {
      const store = await backend.make();
      const { c } = await threeRuns(store);
      const sk = keys.signature(keys.manifest(c));
      for (const v of await store.listVersions(sk)) await store.deleteVersion(sk, v.versionId);
      expect(kinds(await verifyStore(store, c))).toEqual([`missing-signature ${keys.manifest(c)}`]);
    });

    it('broken chain: the middle manifest deleted', async () => {
      const store = await backend.make();
      const { a, b, c } = await threeRuns(store);
      const mk = keys.manifest(b);
      for (const v of await store.listVersions(mk)) await store.deleteVersion(mk, v.versionId);
      const r = await verifyStore(store, c, { all: true });
      expect(r.ok).toBe(false);
      expect(kinds(r)).toEqual([`broken-chain ${mk}`]);
      expect(r.runs.map((x) => x.runId)).toEqual([c, b]);
      expect(r.runs[1]!.problems[0]!.message).toMatch(new RegExp(`is missing \\(deleted\\) \\(named by run ${c}\\)`));
      expect(a).toBeTruthy();
      // What B left behind is now named by no manifest.
      const orphans = await findOrphans(store);
      expect(orphans.orphans.map((o) => o.key)).toEqual(expect.arrayContaining([keys.results(b), keys.report(b, 'fw.html')]));
    });

    it('orphans: what a killed run wrote is listed, verification still passes, the next run reuses its evidence', async () => {
      const store = await backend.make();
      const { c } = await threeRuns(store);
      // A run killed after writing some evidence, its results and its manifest's signature.
      const killed = makeRunId(new Date(Date.UTC(2026, 10, 4)), 'dead00');
      const newEv = await store.put(ev('trails'), Buffer.from('{"t":4}'), { dedupe: true });
      await store.put(keys.results(killed), Buffer.from('{}'));
      await store.put(keys.signature(keys.manifest(killed)), Buffer.from('{}'));
      expect((await verifyStore(store, c, { all: true })).ok).toBe(true);
      const o = await findOrphans(store);
      expect(o.orphans.map((x) => [x.key, x.note])).toEqual(
        expect.arrayContaining([
          [ev('trails'), expect.stringMatching(/latest version of its key, named by no manifest/)],
          [keys.results(killed), `belongs to run ${killed}, which has no manifest (killed or interrupted)`],
          [keys.signature(keys.manifest(killed)), `belongs to run ${killed}, which has no manifest (killed or interrupted)`],
        ]),
      );
      expect(o.orphans).toHaveLength(3);
      expect((await listRuns(store)).at(-1)).toMatchObject({ runId: killed, status: 'incomplete' });
      // The next run reuses the killed run's evidence version and chains to C, not to the killed run.
      const d = await sealRun(store, 5, { trails: '{"t":4}', recorders: '{"r":1}' });
      const r = await verifyStore(store, d, { all: true });
      expect(r.ok).toBe(true);
      expect(r.runs.map((x) => x.runId).slice(0, 2)).toEqual([d, c]);
      expect((await findOrphans(store)).orphans.map((x) => x.key).sort()).toEqual([keys.results(killed), keys.signature(keys.manifest(killed))].sort());
      expect((await store.listVersions(ev('trails'))).at(-1)?.versionId).toBe(newEv.versionId);
    });

    it('interrupted run: recorded without a manifest; the chain is unaffected', async () => {
      const store = await backend.make();
      const { c } = await threeRuns(store);
      const stopped = makeRunId(new Date(Date.UTC(2026, 10, 4)), 'term00');
      const written = await store.put(ev('recorders'), Buffer.from('{"r":2}'), { dedupe: true });
      await expect(
        recordInterrupted({
          store,
          signer,
          runId: stopped,
          startedAt: new Date(Date.UTC(2026, 10, 4)).toISOString(),
          phase: 'collect',
          reason: 'received SIGTERM',
          toolVersion: 'test',
          configDigest: '0'.repeat(64),
          scope: { accounts: [ACCOUNT], regions: ['us-east-1'] },
          objects: [written],
          now: () => new Date(),
        }),
      ).rejects.toBeInstanceOf(RunInterruptedError);
      expect(await store.head(keys.manifest(stopped))).toBeNull();
      expect((await listRuns(store)).at(-1)).toMatchObject({ runId: stopped, status: 'interrupted', problem: 'stopped during collect: received SIGTERM' });
      const o = await findOrphans(store);
      expect(o.interruptedRuns).toEqual([stopped]);
      expect(o.orphans.map((x) => [x.key, x.note])).toEqual([[ev('recorders'), `written by run ${stopped}, which was interrupted`]]);
      const d = await sealRun(store, 5, { trails: '{"t":2}', recorders: '{"r":3}' });
      const r = await verifyStore(store, d, { all: true });
      expect(r.ok).toBe(true);
      expect(r.runs[1]!.runId).toBe(c);
    });

    it.skipIf(backend.overwrite !== undefined)('with Object Lock (COMPLIANCE), a manifest and its evidence cannot be deleted at all', async () => {
      const store = await backend.make(true);
      const { b, c } = await threeRuns(store);
      const mk = keys.manifest(b);
      for (const v of await store.listVersions(mk)) await expect(store.deleteVersion(mk, v.versionId, { bypassGovernance: true })).rejects.toBeInstanceOf(LockedError);
      for (const v of await store.listVersions(ev('trails'))) await expect(store.deleteVersion(ev('trails'), v.versionId)).rejects.toBeInstanceOf(LockedError);
      expect((await verifyStore(store, c, { all: true })).ok).toBe(true);
    });
  });
}
