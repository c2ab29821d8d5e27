// The job runner: options → flags checked against the command's real --help, the summary line,
// and SIGKILL for a child that ignores SIGTERM past the grace period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { childGraceMs, lastJsonLine, spawnJob } from '../../src/schedule/job.ts';
import { jobArgv, kebab, probeCommand, ScheduleConfigError, type CommandOptions } from '../../src/schedule/args.ts';
import { JobSchema } from '../../src/schedule/schema.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let runOptions: CommandOptions;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('evidence-job-'));
  runOptions = probeCommand('run');
}, 60_000);
afterAll(() => cleanup?.());

describe('job arguments', () => {
  it('reads the run command\'s flags from its --help', () => {
    expect(runOptions.get('store')).toEqual({ takesValue: true });
    expect(runOptions.get('framework')).toEqual({ takesValue: true });
    expect(runOptions.get('create-key')).toEqual({ takesValue: false });
    expect(runOptions.get('json')).toEqual({ takesValue: false });
    expect(runOptions.has('config')).toBe(true);
  });

  it('maps options to flags and always asks for the JSON summary', () => {
    const job = JobSchema.parse({ cron: '0 2 * * *', command: 'run', options: { accounts: 'organization', framework: ['soc2', 'hipaa-security'], createKey: true, verify: false, sandboxAccounts: 2 } });
    expect(jobArgv('nightly', job, runOptions, '/etc/evidence.yaml')).toEqual(['run', '--accounts', 'organization', '--framework', 'soc2,hipaa-security', '--create-key', '--sandbox-accounts', '2', '--config', '/etc/evidence.yaml', '--json']);
    expect(kebab('kmsKey')).toBe('kms-key');
  });

  it('names the job and option for a flag the command does not have, or the wrong kind of value', () => {
    const bad = (options: Record<string, unknown>): string => {
      try {
        jobArgv('nightly', JobSchema.parse({ cron: '0 2 * * *', command: 'run', options }), runOptions, null);
      } catch (err) {
        expect(err).toBeInstanceOf(ScheduleConfigError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad({ colour: 'red' })).toBe('schedule.jobs.nightly.options.colour: evidence run has no --colour option');
    expect(bad({ store: true })).toBe('schedule.jobs.nightly.options.store: --store takes a value, got true');
    expect(bad({ createKey: 'yes' })).toBe('schedule.jobs.nightly.options.createKey: --create-key is a switch: use true or false, got "yes"');
    expect(() => JobSchema.parse({ cron: '0 2 * * *', command: 'run', options: { json: true } })).toThrow(/json is set by the scheduler/);
  });

  it('reports a command this version does not have', () => {
    expect(() => probeCommand('no-such-command')).toThrow(/evidence no-such-command is not available/);
  }, 60_000);
});

describe('spawnJob', () => {
  it('reads the summary from the last stdout line and the run id from the logs', async () => {
    const script = path.join(dir, 'ok.mjs');
    await fs.writeFile(script, `process.stderr.write('{"level":30,"run":"20261129T031500Z-3fa2c1","msg":"run started"}\\n'); console.log('noise'); console.log(JSON.stringify({ status: 'partial', runId: '20261129T031500Z-3fa2c1' })); process.exitCode = 2;`);
    const seen: string[] = [];
    const r = await spawnJob([], { graceMs: 1000, script, stderr: (c) => seen.push(c.toString()) }).done;
    expect(r).toMatchObject({ exitCode: 2, signal: null, killed: false, runId: '20261129T031500Z-3fa2c1', summary: { status: 'partial' } });
    expect(seen.join('')).toContain('run started');
  });

  it('kills a job that ignores SIGTERM once the grace period is over', async () => {
    const script = path.join(dir, 'stubborn.mjs');
    await fs.writeFile(script, `process.on('SIGTERM', () => process.stderr.write('ignoring SIGTERM\\n')); process.stderr.write('grace ' + process.env.EVIDENCE_STOP_GRACE_MS + '\\n'); setInterval(() => {}, 1000);`);
    let err = '';
    const job = spawnJob([], { graceMs: 1500, script, stderr: (c) => (err += c.toString()) });
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    const r = await job.stop(1500);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    expect(r).toMatchObject({ killed: true, signal: 'SIGKILL', summary: null });
    expect(err).toContain('ignoring SIGTERM');
    // The child's own deadline is shorter than the scheduler's, so it can record itself first.
    expect(err).toContain(`grace ${childGraceMs(1500)}`);
    expect(childGraceMs(25_000)).toBe(20_000);
    expect(childGraceMs(110_000)).toBe(105_000);
  });

  it('parses only a JSON object as the summary', () => {
    expect(lastJsonLine('a\n{"status":"complete"}\n')).toEqual({ status: 'complete' });
    expect(lastJsonLine('{"status":"complete"}\nplain text')).toBeNull();
    expect(lastJsonLine('[1]')).toBeNull();
    expect(lastJsonLine('')).toBeNull();
  });
});
