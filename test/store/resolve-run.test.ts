// `latest`, `previous` and run ids as commands name runs: resolved from the chain and one manifest
// each, and an id that is not one path segment is no run (it could name a key elsewhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { FileStore } from '../../src/store/file.ts';
import { keys, resolveRunId } from '../../src/store/manifest.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
const A = '20261101T060000Z-aaaaaa';
const B = '20261102T060000Z-bbbbbb';

const manifest = (runId: string, previous: string | null): Uint8Array => Buffer.from(JSON.stringify({ runId, previousManifest: previous ? { runId: previous } : null }));

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  store = new FileStore(path.join(dir, 'store'));
});
afterAll(() => cleanup?.());

describe('resolveRunId', () => {
  it('says how many runs there are when there is no latest or previous one', async () => {
    await expect(resolveRunId(store, 'latest')).rejects.toThrow(/no latest run in .* \(0 run\(s\) with a manifest\)/);
    await store.put(keys.manifest(A), manifest(A, null));
    expect(await resolveRunId(store, 'latest')).toBe(A);
    await expect(resolveRunId(store, 'previous')).rejects.toThrow(/no previous run in .* \(1 run\(s\) with a manifest\)/);
  });

  it('follows the chain for latest and previous, and accepts an id with a manifest', async () => {
    await store.put(keys.manifest(B), manifest(B, A));
    expect(await resolveRunId(store, 'latest')).toBe(B);
    expect(await resolveRunId(store, 'previous')).toBe(A);
    expect(await resolveRunId(store, A)).toBe(A);
  });

  it('refuses an id without a manifest, and one that is not a single path segment', async () => {
    await store.put(`runs/${A}/other/manifest.json`, manifest(A, null));
    for (const bad of ['20261103T060000Z-cccccc', `${A}/other`, '..', '.', `..\\${A}`]) {
      await expect(resolveRunId(store, bad), bad).rejects.toThrow(`run ${bad} has no manifest`);
    }
  });
});
