// What a run forced out by the grace period tells the operator: before its manifest the run does
// not count; once the manifest is written only reports can be missing, and verify names them.
import { describe, expect, it } from 'vitest';
import { exitingAfter } from '../../src/cli/runs.ts';

describe('exitingAfter', () => {
  it('says the run does not count while no manifest is written', () => {
    for (const phase of [undefined, 'finalize', 'manifest', 'head'] as const) {
      expect(exitingAfter(phase)).toMatch(/without a manifest/);
    }
  });
  it('says reports may be missing once the manifest is written', () => {
    for (const phase of ['reports', 'reports-written'] as const) {
      const text = exitingAfter(phase);
      expect(text).toMatch(/after its manifest was written/);
      expect(text).toMatch(/evidence verify/);
    }
  });
});
