// Temporary folders that hold a run's spooled data (Config rule answers, the resources file) until
// it is stored. A run removes its own; a run that is killed (SIGKILL, out of memory) cannot, and at
// organization scale each one can hold hundreds of megabytes. Runs sweep the ones left behind.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const SPOOL_PREFIXES = { rule: 'evidence-rule-', resources: 'evidence-resources-' } as const;

/** A folder untouched this long whose process is gone is left over: no live run owns it. */
export const STALE_SPOOL_MS = 24 * 3_600_000;

const OWNED = /^evidence-(?:rule|resources)-(\d+)-/;

/** A new spool folder in the OS temporary folder, named after this process. */
export function makeSpoolDir(kind: keyof typeof SPOOL_PREFIXES): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${SPOOL_PREFIXES[kind]}${process.pid}-`));
}

/** Whether a process with this id exists (it may belong to another user). */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The newest modification time of a folder and the files in it (appending to a file leaves the folder's own time). */
async function lastWrite(dir: string): Promise<number | null> {
  const own = await stat(dir).catch(() => null);
  if (!own) return null;
  let t = own.mtimeMs;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const s = await stat(path.join(dir, name)).catch(() => null);
    if (s) t = Math.max(t, s.mtimeMs);
  }
  return t;
}

/**
 * Removes the spool folders in `dir` whose process no longer runs and that nothing has written to
 * for `olderThanMs`; returns the paths removed. Both conditions, so that neither a process id
 * reused nor another pid namespace sharing the folder can cost a live run its spool. A folder
 * that vanishes meanwhile (another run swept it) is not an error.
 */
export async function sweepStaleSpools(opts: { dir?: string; olderThanMs?: number; now?: number } = {}): Promise<string[]> {
  const dir = opts.dir ?? os.tmpdir();
  const cutoff = (opts.now ?? Date.now()) - (opts.olderThanMs ?? STALE_SPOOL_MS);
  const removed: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const pid = e.isDirectory() ? Number(OWNED.exec(e.name)?.[1] ?? NaN) : NaN;
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processRunning(pid)) continue;
    const full = path.join(dir, e.name);
    const t = await lastWrite(full);
    if (t === null || t >= cutoff) continue;
    await rm(full, { recursive: true, force: true }).then(
      () => removed.push(full),
      () => undefined,
    );
  }
  return removed;
}
