import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EvidenceStore } from '../src/store/store.ts';
import type { RunResults } from '../src/run/results.ts';
import { readResourceLines, type ResourceLine } from '../src/run/resources.ts';

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'evidence-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The run's results with every target's full resource list, read back from its stored
 * resources.ndjson (results.json lists only the resources needing attention).
 */
export async function withFullResults(store: EvidenceStore, results: RunResults): Promise<RunResults> {
  if (!results.resources) throw new Error(`run ${results.runId} has no resources.ndjson`);
  const lines = new Map<string, ResourceLine>();
  for await (const line of readResourceLines(await store.getStream(results.resources.key, results.resources.versionId))) {
    lines.set(`${line.check}\u0000${line.account}\u0000${line.region}`, line);
  }
  const checks = results.checks.map((c) => ({
    ...c,
    targets: c.targets.map((t) => {
      const line = lines.get(`${c.id}\u0000${t.account}\u0000${t.region}`);
      if (!line) throw new Error(`resources.ndjson has no line for ${c.id} ${t.account}/${t.region}`);
      return { ...t, results: line.results };
    }),
  }));
  if (lines.size !== checks.reduce((n, c) => n + c.targets.length, 0)) throw new Error('resources.ndjson and results.json name different targets');
  return { ...results, checks };
}
