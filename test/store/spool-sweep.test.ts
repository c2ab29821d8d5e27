// Spool folders left by killed runs are swept by later runs once they are a day old; anything
// younger (a run still going), and anything not a spool folder, is left alone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPOOL_PREFIXES, STALE_SPOOL_MS, sweepStaleSpools } from '../../src/util/index.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
const NOW = Date.parse('2026-12-06T12:00:00Z');

async function folder(name: string, ageMs: number, file = false): Promise<string> {
  const p = path.join(dir, name);
  if (file) await fs.writeFile(p, 'x');
  else {
    await fs.mkdir(p);
    await fs.writeFile(path.join(p, 'resources.ndjson'), '{}\n');
  }
  const t = new Date(NOW - ageMs);
  await fs.utimes(p, t, t);
  return p;
}

beforeAll(async () => ({ dir, cleanup } = await tempDir('spool-sweep-')));
afterAll(() => cleanup?.());

describe('sweepStaleSpools', () => {
  it('removes day-old rule and resources spools, keeps younger ones and everything else', async () => {
    const oldRule = await folder(`${SPOOL_PREFIXES.rule}aaa111`, STALE_SPOOL_MS + 60_000);
    const oldResources = await folder(`${SPOOL_PREFIXES.resources}bbb222`, 3 * STALE_SPOOL_MS);
    const young = await folder(`${SPOOL_PREFIXES.resources}ccc333`, STALE_SPOOL_MS - 60_000);
    const other = await folder('evidence-store-ddd444', 3 * STALE_SPOOL_MS);
    const plainFile = await folder(`${SPOOL_PREFIXES.rule}eee555`, 3 * STALE_SPOOL_MS, true);

    const removed = await sweepStaleSpools({ dir, now: NOW });
    expect(removed.sort()).toEqual([oldRule, oldResources].sort());
    const left = await fs.readdir(dir);
    expect(left.sort()).toEqual([young, other, plainFile].map((p) => path.basename(p)).sort());
    // Nothing left to sweep; a missing folder is no error.
    expect(await sweepStaleSpools({ dir, now: NOW })).toEqual([]);
    expect(await sweepStaleSpools({ dir: path.join(dir, 'absent'), now: NOW })).toEqual([]);
  });
});
