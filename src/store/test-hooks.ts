// Test-only pause points, so crash tests can kill a run at a known phase. Inert unless
// EVIDENCE_TEST_PAUSE_AT names a phase:
//   put:N      before the Nth write to the store (evidence objects are written during collection)
//   finalize   collection and evaluation done, before results.json is written
//   manifest   results and the manifest's signature written, before the manifest itself
//   reports    manifest written, before the reports
// At the phase the process prints "EVIDENCE_TEST_PAUSED <phase>" on stderr and waits
// EVIDENCE_TEST_PAUSE_MS (default 30 s), or until SIGTERM / the run's abort signal, then goes on.
import type { Readable } from 'node:stream';
import type { EvidenceStore, OpenBody, PutOptions, PutResult, PutStreamOptions } from './store.ts';

export const PAUSE_ENV = 'EVIDENCE_TEST_PAUSE_AT';

export async function testPause(phase: string, signal?: AbortSignal): Promise<void> {
  if (process.env[PAUSE_ENV] !== phase) return;
  process.stderr.write(`EVIDENCE_TEST_PAUSED ${phase} pid=${process.pid}\n`);
  const ms = Number(process.env.EVIDENCE_TEST_PAUSE_MS ?? 30_000);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      process.off('SIGTERM', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    process.on('SIGTERM', done);
  });
}

/** Wraps a store so that its Nth write pauses (only when EVIDENCE_TEST_PAUSE_AT=put:N). */
export function withTestPauses(store: EvidenceStore): EvidenceStore {
  if (!process.env[PAUSE_ENV]?.startsWith('put:')) return store;
  let writes = 0;
  const before = async (): Promise<void> => {
    writes += 1;
    await testPause(`put:${writes}`);
  };
  return {
    get url() {
      return store.url;
    },
    put: async (key: string, body: Uint8Array, opts?: PutOptions): Promise<PutResult> => {
      await before();
      return store.put(key, body, opts);
    },
    putStream: async (key: string, open: OpenBody, opts?: PutStreamOptions): Promise<PutResult> => {
      await before();
      return store.putStream(key, open, opts);
    },
    get: (key, versionId) => store.get(key, versionId),
    getStream: (key, versionId): Promise<Readable> => store.getStream(key, versionId),
    head: (key) => store.head(key),
    listVersions: (key) => store.listVersions(key),
    list: (prefix) => store.list(prefix),
    listAllVersions: (prefix) => store.listAllVersions(prefix),
    deleteVersion: (key, versionId, opts) => store.deleteVersion(key, versionId, opts),
    check: () => store.check(),
  };
}
