// resources.ndjson: lines spooled in any order come out sorted by (check, account, region), and
// the index made while writing the sorted file reads each check's lines as a fresh scan does.
import { describe, expect, it } from 'vitest';
import { ResourceIndex, ResourceLog, type ResourceLine } from '../../src/store/resources.ts';
import type { CheckTargetResult } from '../../src/domain/results.ts';

const target = (account: string, region: string, n: number): CheckTargetResult => ({
  account,
  region,
  status: n % 2 ? 'FAIL' : 'PASS',
  counts: { COMPLIANT: n, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 },
  results: Array.from({ length: n }, (_, i) => ({ resourceType: 'AWS::S3::Bucket', resourceId: `b-${account}-${region}-${i}`, compliance: 'COMPLIANT' as const })),
  evidenceKeys: [],
});

async function collect(it: AsyncIterable<ResourceLine>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(`${l.check} ${l.account} ${l.region} ${l.results.length}`);
  return out;
}

describe('ResourceLog', () => {
  it('sorts spooled lines and indexes each check while writing, as a scan of the file would', async () => {
    const log = await ResourceLog.create();
    try {
      const checks = ['config:B', 'api-a', 'config:A'];
      let n = 0;
      for (const region of ['us-east-1', 'eu-west-1']) for (const account of ['222222222222', '111111111111']) for (const c of checks) log.write(c, target(account, region, (n += 1)));
      const spooled = await log.finish();
      expect(spooled.lines).toBe(12);
      const written = ResourceIndex.ofSpooled(spooled);
      const scanned = await ResourceIndex.fromFile(spooled.path);
      for (const c of [...checks, 'absent']) {
        const a = await collect(written.lines(c));
        expect(a).toEqual(await collect(scanned.lines(c)));
        expect(a).toEqual([...a].sort());
        expect(a.length).toBe(c === 'absent' ? 0 : 4);
      }
    } finally {
      await log.discard();
    }
  });
});
