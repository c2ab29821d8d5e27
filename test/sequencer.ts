// The order `npm test` starts its files in. A fresh clone has no vitest cache, so vitest's own
// order (larger files first) starts the crash tests, which are short files that wait on child
// processes for minutes, near the end, and the suite's tail is one of them running alone. Files
// known to be slow (test/durations.json) start first, longest first; the rest keep vitest's order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = path.resolve(import.meta.dirname, '..');
const known = (JSON.parse(readFileSync(path.join(root, 'test', 'durations.json'), 'utf8')) as { seconds: Record<string, number> }).seconds;

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const seconds = (f: TestSpecification): number => known[path.relative(root, f.moduleId).split(path.sep).join('/')] ?? 0;
    return base
      .map((file, i) => ({ file, i, s: seconds(file) }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .map((x) => x.file);
  }
}
