// `evidence schedule` as ECS or a cron host runs it: a per-second job collecting from the sandbox,
// runs landing complete in the store, no overlapping runs, then SIGTERM in the middle of a run:
// exit 0, and the stopped run is recorded as interrupted, never with a manifest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { openStore } from '../../src/store/open.ts';
import { keys, listRuns, type InterruptedRecord } from '../../src/store/manifest.ts';
import { tempDir } from '../helpers.ts';
import { evidence, startSchedule, writeConfig, type LogLine, type Scheduled } from './helpers.ts';

const HEALTHCHECK = fileURLToPath(new URL('../../deploy/healthcheck.mjs', import.meta.url));
let root: string;
let cleanup: () => Promise<void>;
const sandboxes: RunningSandbox[] = [];
const schedulers: Scheduled[] = [];

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir('evidence-schedule-'));
});
afterAll(async () => {
  for (const s of schedulers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const sb of sandboxes) await sb.close();
  await cleanup?.();
});

async function scenario(name: string, latencyMs = 0): Promise<{ dir: string; sandbox: RunningSandbox }> {
  const dir = path.join(root, name);
  await fs.mkdir(dir);
  const sandbox = await startSandbox({ accounts: 1, resources: 20, regions: ['us-east-1'], faults: { latencyMs } });
  sandboxes.push(sandbox);
  return { dir, sandbox };
}

const collectJob = { cron: '*/2 * * * * *', command: 'run', options: { accounts: 'organization', createKey: true } };
const byMsg = (msg: string) => (l: LogLine) => l.msg === msg;

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string, s: Scheduled): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr:\n${s.stderr().slice(-4000)}`);
    if (s.child.exitCode !== null) throw new Error(`evidence schedule exited (${s.child.exitCode}) waiting for ${what}:\n${s.stderr().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('evidence schedule', () => {
  it('runs a per-second job to completion again and again, never two at once, and stops cleanly on SIGTERM mid-run', async () => {
    const { dir, sandbox } = await scenario('orderly');
    const config = await writeConfig(dir, 'evidence.config.yaml', sandbox.url, { timezone: 'Europe/Paris', heartbeatSeconds: 1, gracePeriodSeconds: 20, jobs: { collect: collectJob } });
    const heartbeat = path.join(dir, 'hb', 'heartbeat');
    const s = startSchedule(config, dir, { EVIDENCE_HEARTBEAT_FILE: heartbeat });
    schedulers.push(s);

    const ready = await s.waitFor(byMsg('scheduler ready'), 60_000, 'the readiness line');
    const [job] = ready.jobs as { name: string; cron: string; timezone: string; command: string; next: string }[];
    expect(job).toMatchObject({ name: 'collect', cron: '*/2 * * * * *', timezone: 'Europe/Paris', command: 'run' });
    expect(Date.parse(job!.next) - Date.now()).toBeLessThan(3000);
    // The container health check reads the heartbeat file the scheduler keeps fresh.
    expect(JSON.parse(await fs.readFile(heartbeat, 'utf8'))).toMatchObject({ heartbeatSeconds: 1, running: [] });
    const health = spawnSync(process.execPath, [HEALTHCHECK], { encoding: 'utf8', env: { ...process.env, EVIDENCE_HEARTBEAT_FILE: heartbeat } });
    expect(health.status, health.stdout).toBe(0);
    expect(health.stdout).toMatch(/^scheduler heartbeat \d+ s ago/);

    // At least two complete runs in the store, written by the job's runs.
    const store = openStore(`file://${path.join(dir, 'store')}`);
    await until(() => s.lines.filter(byMsg('job finished')).length >= 2, 150_000, 'two finished jobs', s);
    expect((await listRuns(store)).filter((r) => r.status === 'complete').length).toBeGreaterThanOrEqual(2);
    const finished = s.lines.filter(byMsg('job finished'));
    expect(finished.length).toBeGreaterThanOrEqual(2);
    for (const f of finished) expect(f).toMatchObject({ job: 'collect', exitCode: 0, status: 'complete' });
    const completeIds = (await listRuns(store)).filter((r) => r.status === 'complete').map((r) => r.runId);
    expect(completeIds).toEqual(expect.arrayContaining(finished.map((f) => f.run as string)));

    // Make the next run slow (every AWS answer takes 1.5 s), and stop the task while it collects.
    sandbox.setFaults({ latencyMs: 1500 });
    const started = await s.waitFor(byMsg('job started'), 60_000, 'the next run to start');
    const runStarted = await s.waitFor((l) => l.msg === 'run started' && l.pid === started.childPid, 60_000, 'the run to start collecting', true);
    const runId = runStarted.run as string;
    await new Promise((r) => setTimeout(r, 2000));
    s.child.kill('SIGTERM');
    const exit = await s.exited;
    expect(exit, s.stderr().slice(-3000)).toEqual({ code: 0, signal: null });

    const stopping = s.lines.find(byMsg('scheduler stopping: no new runs; running jobs get SIGTERM and the grace period to finish their writes'));
    expect(stopping).toMatchObject({ signal: 'SIGTERM', running: [expect.objectContaining({ job: 'collect', run: runId })] });
    const interrupted = s.lines.find((l) => l.run === runId && l.job === 'collect' && typeof l.exitCode === 'number');
    expect(interrupted).toMatchObject({ exitCode: 1, status: 'interrupted', msg: 'job interrupted (recorded as interrupted, no manifest)' });
    expect(s.lines.at(-1)).toMatchObject({ msg: 'scheduler stopped' });
    await expect(fs.access(heartbeat)).rejects.toThrow(); // removed on an orderly stop

    // The store: the stopped run is interrupted (its own signed record), and has no manifest.
    const runs = await listRuns(store);
    const stopped = runs.find((r) => r.runId === runId);
    expect(stopped).toMatchObject({ status: 'interrupted' });
    expect(await store.head(keys.manifest(runId))).toBeNull();
    const record = JSON.parse(Buffer.from(await store.get(keys.interrupted(runId))).toString()) as InterruptedRecord;
    expect(record.reason).toBe('received SIGTERM');
    expect(runs.filter((r) => r.runId !== runId).every((r) => r.status === 'complete')).toBe(true);

    // Never two runs of the job at once: starts and ends alternate, and busy triggers were skipped.
    const events = s.lines.filter((l) => l.job === 'collect' && (l.msg === 'job started' || typeof l.exitCode === 'number')).map((l) => (l.msg === 'job started' ? 'start' : 'end'));
    expect(events.join(' ')).toMatch(/^(start end ?)+$/);
    expect(s.lines.filter(byMsg('trigger skipped: the previous run of this job is still running')).length).toBeGreaterThan(0);
    expect(s.lines.filter(byMsg('scheduler heartbeat')).length).toBeGreaterThan(0);

    // The chain of manifests is intact and the interrupted run is accounted for.
    const v = evidence(['verify', 'latest', '--store', `file://${path.join(dir, 'store')}`, '--all', '--orphans', '--json'], dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const report = JSON.parse(v.stdout.trim().split('\n').at(-1)!) as { orphans: { interruptedRuns: string[] } };
    expect(report.orphans.interruptedRuns).toEqual([runId]);
  }, 300_000);

  it('records a run that cannot finish its writes within the grace period as interrupted, and still exits 0', async () => {
    // Every AWS answer takes 8 s and the grace period is 1 s: the run cannot stop in time.
    const { dir, sandbox } = await scenario('grace', 8000);
    const config = await writeConfig(dir, 'evidence.config.yaml', sandbox.url, { heartbeatSeconds: 5, gracePeriodSeconds: 1, jobs: { collect: collectJob } });
    const s = startSchedule(config, dir);
    schedulers.push(s);
    const started = await s.waitFor(byMsg('job started'), 60_000, 'the first run to start');
    const runStarted = await s.waitFor((l) => l.msg === 'run started' && l.pid === started.childPid, 60_000, 'the run to start collecting', true);
    const runId = runStarted.run as string;
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(15_000);

    const recorded = s.lines.find(byMsg('recorded the unfinished run as interrupted (no manifest)'));
    expect(recorded, s.stderr().slice(-3000)).toMatchObject({ record: `runs/${runId}/interrupted.json` });
    const store = openStore(`file://${path.join(dir, 'store')}`);
    expect(await store.head(keys.manifest(runId))).toBeNull();
    const [listed] = await listRuns(store);
    expect(listed).toMatchObject({ runId, status: 'interrupted' });
    const record = JSON.parse(Buffer.from(await store.get(keys.interrupted(runId))).toString()) as InterruptedRecord;
    expect(record.reason).toMatch(/did not stop within 1 s of SIGTERM|ended without finishing/);
    expect(await store.head(keys.signature(keys.interrupted(runId)))).not.toBeNull();
  }, 180_000);

  it('rejects a bad cron expression, time zone or option at start, naming the job', async () => {
    const dir = path.join(root, 'bad');
    await fs.mkdir(dir);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['cron', { jobs: { nightly: { cron: '61 2 * * *', command: 'run' } } }, /schedule\.jobs\.nightly\.cron: invalid cron expression "61 2 \* \* \*": 61 is a invalid expression for minute/],
      ['job-tz', { jobs: { monthly: { cron: '0 6 1 * *', command: 'run', timezone: 'Mars/Olympus_Mons' } } }, /schedule\.jobs\.monthly\.timezone: unknown time zone "Mars\/Olympus_Mons"/],
      ['tz', { timezone: 'Europe/Pariss', jobs: { nightly: { cron: '0 2 * * *', command: 'run' } } }, /schedule\.timezone: unknown time zone "Europe\/Pariss"/],
      ['command', { jobs: { nightly: { cron: '0 2 * * *', command: 'collect' } } }, /schedule\.jobs\.nightly\.command: /],
      ['option', { jobs: { nightly: { cron: '0 2 * * *', command: 'run', options: { regoins: 'us-east-1' } } } }, /schedule\.jobs\.nightly: options\.regoins: evidence run has no --regoins option/],
      ['switch', { jobs: { nightly: { cron: '0 2 * * *', command: 'run', options: { verify: 'yes' } } } }, /schedule\.jobs\.nightly: options\.verify: --verify is a switch/],
    ];
    for (const [name, schedule, message] of cases) {
      const file = await writeConfig(dir, `${name}.yaml`, 'http://127.0.0.1:9', schedule);
      const r = evidence(['schedule', '--config', file], dir);
      expect(r.code, `${name}: ${r.stderr}`).toBe(78);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).toContain(`${name}.yaml`);
    }
    const none = await writeConfig(dir, 'none.yaml', 'http://127.0.0.1:9', {});
    await fs.writeFile(none, (await fs.readFile(none, 'utf8')).replace(/^schedule:.*$/m, ''));
    const r = evidence(['schedule', '--config', none], dir);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/none\.yaml: no schedule section/);
  }, 180_000);

  it('--check prints each job\'s command line and next run in its time zone', async () => {
    const dir = path.join(root, 'check');
    await fs.mkdir(dir);
    const file = await writeConfig(dir, 'evidence.config.yaml', 'http://127.0.0.1:9', {
      timezone: 'America/New_York',
      jobs: {
        nightly: { cron: '0 2 * * *', command: 'run', options: { accounts: 'organization', framework: ['soc2', 'aws-baseline'], verify: true } },
        'monthly-pack': { cron: '0 6 1 * *', command: 'pack', timezone: 'UTC', options: { out: './packs' } },
      },
    });
    const r = evidence(['schedule', '--config', file, '--check'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`evidence run --accounts organization --framework soc2,aws-baseline --verify --config ${file} --json`);
    expect(r.stdout).toContain(`monthly-pack  0 6 1 * * (UTC)  next `);
    expect(r.stdout).toContain(`evidence pack --out ./packs --config ${file} --json`);
    const packNext = new Date(/monthly-pack .* next (\S+)/.exec(r.stdout)![1]!);
    expect([packNext.getUTCDate(), packNext.getUTCHours()]).toEqual([1, 6]);
    const next = /next (\S+)/.exec(r.stdout)![1]!;
    // 02:00 in New York is 06:00 or 07:00 UTC, depending on daylight saving time.
    expect(new Date(next).getUTCHours()).toBeOneOf([6, 7]);
    expect(new Date(next).getUTCMinutes()).toBe(0);
  }, 60_000);
});
