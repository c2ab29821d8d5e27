// Temporary folders that hold a run's spooled data (Config rule answers, the resources file) until
// it is stored. A run removes its own; a run that is killed (SIGKILL, out of memory) cannot, and at
// organization scale each one can hold hundreds of megabytes. Runs sweep the ones left behind.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const SPOOL_PREFIXES = { rule: 'evidence-rule-', resources: 'evidence-resources-' } as const;

/** Longer than any run lasts: a folder this old belongs to no live run. */
export const STALE_SPOOL_MS = 24 * 3_600_000;

/** A new spool folder in the OS temporary folder. */
export function makeSpoolDir(kind: keyof typeof SPOOL_PREFIXES): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), SPOOL_PREFIXES[kind]));
}

/**
 * Removes spool folders in `dir` last modified more than `olderThanMs` ago; returns the paths
 * removed. A folder that vanishes meanwhile (another run swept it) is not an error.
 */
export async function sweepStaleSpools(opts: { dir?: string; olderThanMs?: number; now?: number } = {}): Promise<string[]> {
  const dir = opts.dir ?? os.tmpdir();
  const cutoff = (opts.now ?? Date.now()) - (opts.olderThanMs ?? STALE_SPOOL_MS);
  const prefixes = Object.values(SPOOL_PREFIXES);
  const removed: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory() || !prefixes.some((p) => e.name.startsWith(p))) continue;
    const full = path.join(dir, e.name);
    const s = await stat(full).catch(() => null);
    if (!s || s.mtimeMs >= cutoff) continue;
    await rm(full, { recursive: true, force: true }).then(
      () => removed.push(full),
      () => undefined,
    );
  }
  return removed;
}
