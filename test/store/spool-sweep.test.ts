// Spool folders left by killed runs are swept by later runs: only a folder whose process is gone
// and that nothing has written to for a day. A live run's folder, a young one, one still being
// written, and anything that is not a spool folder are left alone.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPOOL_PREFIXES, STALE_SPOOL_MS, sweepStaleSpools } from '../../src/util/index.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let dead: number;
const DAY = STALE_SPOOL_MS;

/** A folder (or file) `name` with one file in it, the folder's time `ageMs` ago and the file's `fileAgeMs` ago. */
async function make(name: string, ageMs: number, opts: { fileAgeMs?: number; file?: boolean } = {}): Promise<string> {
  const p = path.join(dir, name);
  const at = (ms: number): Date => new Date(Date.now() - ms);
  if (opts.file) await fs.writeFile(p, 'x');
  else {
    await fs.mkdir(p);
    await fs.writeFile(path.join(p, 'unsorted.ndjson'), '{}\n');
    const f = at(opts.fileAgeMs ?? ageMs);
    await fs.utimes(path.join(p, 'unsorted.ndjson'), f, f);
  }
  await fs.utimes(p, at(ageMs), at(ageMs));
  return p;
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('spool-sweep-'));
  // The id of a process that has exited.
  dead = spawnSync(process.execPath, ['-e', '']).pid!;
});
afterAll(() => cleanup?.());

describe('sweepStaleSpools', () => {
  it('removes day-old spools of exited processes only', async () => {
    const oldRule = await make(`${SPOOL_PREFIXES.rule}${dead}-aaa111`, DAY + 60_000);
    const oldResources = await make(`${SPOOL_PREFIXES.resources}${dead}-bbb222`, 3 * DAY);
    const kept = [
      await make(`${SPOOL_PREFIXES.resources}${dead}-ccc333`, DAY - 60_000), // young
      await make(`${SPOOL_PREFIXES.resources}${dead}-ddd444`, 3 * DAY, { fileAgeMs: 60_000 }), // its file still written to
      await make(`${SPOOL_PREFIXES.rule}${process.pid}-eee555`, 3 * DAY), // this process's
      await make(`${SPOOL_PREFIXES.rule}1-fff666`, 3 * DAY), // a running process's (init)
      await make(`${SPOOL_PREFIXES.rule}ggg777`, 3 * DAY), // no process id in the name
      await make(`evidence-store-${dead}-hhh888`, 3 * DAY), // not a spool folder
      await make(`${SPOOL_PREFIXES.rule}${dead}-iii999`, 3 * DAY, { file: true }), // a file, not a folder
    ];
    const removed = await sweepStaleSpools({ dir });
    expect(removed.sort()).toEqual([oldRule, oldResources].sort());
    expect((await fs.readdir(dir)).sort()).toEqual(kept.map((p) => path.basename(p)).sort());
    // Nothing left to sweep; a missing folder is no error.
    expect(await sweepStaleSpools({ dir })).toEqual([]);
    expect(await sweepStaleSpools({ dir: path.join(dir, 'absent') })).toEqual([]);
  });
});
