// Text output and logs as a person and a log collector each need them: statuses coloured only on
// a terminal with colours on, log lines pretty on a terminal and JSON elsewhere, process warnings
// (the AWS SDK's notices) through the logger, and a partial run's summary naming what failed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { paint } from '../../src/cli/color.ts';
import { failureGroups, failureLines, failureSummary } from '../../src/cli/common.ts';
import type { CollectionRecord } from '../../src/domain/results.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const saved = { NO_COLOR: process.env.NO_COLOR, TERM: process.env.TERM };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

describe('status colours', () => {
  it('colours a status on a terminal, and never with NO_COLOR or off a terminal', () => {
    delete process.env.NO_COLOR;
    process.env.TERM = 'xterm-256color';
    expect(paint('FAIL', { isTTY: true })).toBe('\u001b[31mFAIL\u001b[0m');
    expect(paint('PASS', { isTTY: true })).toBe('\u001b[32mPASS\u001b[0m');
    expect(paint('partial', { isTTY: true })).toBe('\u001b[33mpartial\u001b[0m');
    expect(paint('store', { isTTY: true })).toBe('store');
    expect(paint('FAIL', { isTTY: false })).toBe('FAIL');
    process.env.NO_COLOR = '1';
    expect(paint('FAIL', { isTTY: true })).toBe('FAIL');
  });
});

/** Runs a snippet against src/util/log.ts in a child process and returns its stderr. */
function logChild(code: string, env: Record<string, string>): string {
  const script = `import { makeLogger, routeWarningsToLog } from './src/util/log.ts';\n${code}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'info', ...env }, timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

describe('logs', () => {
  it('off a terminal: JSON lines only, SDK-style process warnings and console.warn included', () => {
    const err = logChild(`routeWarningsToLog(); const log = makeLogger(); log.info({ run: 'r1' }, 'run started'); process.emitWarning('versions after 2027 need Node 22', 'NodeVersionSupportWarning'); console.warn('multiple credential sources: %s', 'env'); await new Promise((r) => setTimeout(r, 50));`, { LOG_FORMAT: '' });
    const lines = err.trim().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // a process warning is delivered on a later tick than the console.warn after it
    expect(parsed).toHaveLength(3);
    expect(parsed).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 30, run: 'r1', msg: 'run started' }),
      expect.objectContaining({ level: 40, warning: 'NodeVersionSupportWarning', msg: 'versions after 2027 need Node 22' }),
      expect.objectContaining({ level: 40, source: 'console.warn', msg: 'multiple credential sources: env' }),
    ]));
  });

  it('pretty lines for a person (as on a terminal), without colour codes under NO_COLOR', () => {
    const err = logChild(`const log = makeLogger(); log.warn({ account: '111122223333', region: 'eu-west-1' }, 'region not enabled');`, { LOG_FORMAT: 'pretty', NO_COLOR: '1' });
    expect(err).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: region not enabled \{"account":"111122223333","region":"eu-west-1"\}$/m);
    expect(err).not.toContain('\u001b[');
    expect(() => JSON.parse(err)).toThrow();
  });
});

const failed = (account: string, region: string, op: string, reason: string): CollectionRecord => ({ account, region, collector: op.toLowerCase(), status: 'failed', calls: 1, failedCalls: 1, reason: `access denied: ${op}: ${reason}`, operation: op.split('.')[1]! });

describe('a partial run names what failed', () => {
  const collections: CollectionRecord[] = [
    ...['111111111111', '222222222222', '333333333333', '444444444444'].flatMap((a) => ['ec2.DescribeSecurityGroups', 'iam.ListUsers', 's3.ListBuckets', 'kms.ListKeys'].map((op) => failed(a, 'ap-south-1', op, 'OptInRequired: the region is not enabled'))),
    failed('555555555555', 'us-east-1', 'guardduty.ListDetectors', 'AccessDeniedException: not authorized'),
    { account: '555555555555', region: 'us-east-1', collector: 'iam-users', status: 'collected', calls: 3, failedCalls: 0 },
  ];

  it('groups failures by region and cause, with the accounts and operations of each', () => {
    expect(failureGroups(collections)).toEqual([
      { region: 'ap-south-1', reason: 'access denied: OptInRequired: the region is not enabled', accounts: ['111111111111', '222222222222', '333333333333', '444444444444'], operations: ['ec2.DescribeSecurityGroups', 'iam.ListUsers', 'kms.ListKeys', 's3.ListBuckets'], collections: 16 },
      { region: 'us-east-1', reason: 'access denied: AccessDeniedException: not authorized', accounts: ['555555555555'], operations: ['guardduty.ListDetectors'], collections: 1 },
    ]);
  });

  it('prints them under a total, capped', () => {
    const lines = failureLines(collections);
    expect(lines[0]).toBe('  not collected  17 of 18 collections failed:');
    expect(lines[1]).toBe('    ap-south-1: 4 accounts 111111111111, 222222222222, 333333333333, … (4); ec2.DescribeSecurityGroups, iam.ListUsers, kms.ListKeys, … (4): access denied: OptInRequired: the region is not enabled');
    expect(lines[2]).toBe('    us-east-1: account 555555555555; guardduty.ListDetectors: access denied: AccessDeniedException: not authorized');
    const capped = failureLines(collections, 1);
    expect(capped).toHaveLength(3);
    expect(capped[2]).toMatch(/… and 1 more cause\(s\) in 1 collection\(s\)/);
    expect(failureLines(collections.slice(-1))).toEqual([]);
    expect(failureSummary(collections, 1).failures).toMatchObject({ failedCollections: 17, groupsNotShown: 1 });
    expect(failureSummary([])).toEqual({});
  });
});
