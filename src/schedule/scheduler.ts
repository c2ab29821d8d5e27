// When things run: node-cron triggers each configured job in its time zone, never two runs of the
// same job at once, with a readiness line, a heartbeat, and an orderly stop on SIGTERM/SIGINT.
// What a job does is src/schedule/job.ts; recording a killed run is the caller's (onKilled).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTask, type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { spawnJob, type JobResult, type RunningJob, type SpawnOptions } from './job.ts';

export interface ScheduledJob {
  name: string;
  cron: string;
  timezone: string;
  /** argv after `evidence`: the command, its flags, --json. */
  argv: string[];
}

export interface SchedulerOptions {
  jobs: ScheduledJob[];
  graceMs: number;
  heartbeatMs: number;
  /** Rewritten at readiness and with each heartbeat (a container health check reads its age). */
  heartbeatFile?: string;
  log: Logger;
  /** A job ended without finishing and without its own record (killed, or died): record it. */
  onUnfinished?: (job: ScheduledJob, result: JobResult, startedAt: Date, reason: string) => Promise<void>;
  spawn?: (argv: string[], opts: SpawnOptions) => RunningJob;
  /** Extra environment for every job (e.g. the scheduler's --log-level as LOG_LEVEL). */
  jobEnv?: NodeJS.ProcessEnv;
}

interface Active {
  job: RunningJob;
  /** Resolves once the job's outcome is logged and, if needed, recorded. */
  settled: Promise<void>;
}

/** node-cron's messages through our logger; its overlap warning is ours to log (with the job name). */
function cronLogger(log: Logger): CronLogger {
  return {
    info: (m) => log.debug({ component: 'node-cron' }, m),
    warn: (m) => (m.includes('overlap') ? log.debug({ component: 'node-cron' }, m) : log.warn({ component: 'node-cron' }, m)),
    error: (m, err) => log.error({ component: 'node-cron', err: err ?? m }, typeof m === 'string' ? m : m.message),
    debug: (m) => log.debug({ component: 'node-cron' }, typeof m === 'string' ? m : m.message),
  };
}

export class Scheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly active = new Map<string, Active>();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | null = null;
  readonly counts = { started: 0, finished: 0, skipped: 0, unfinished: 0 };

  constructor(private readonly opts: SchedulerOptions) {}

  async start(): Promise<void> {
    const { log } = this.opts;
    for (const job of this.opts.jobs) {
      const task = createTask(job.cron, () => this.trigger(job), { name: job.name, timezone: job.timezone, noOverlap: true, logger: cronLogger(log) });
      task.on('execution:overlap', () => {
        this.counts.skipped += 1;
        const running = this.active.get(job.name)?.job;
        log.warn({ job: job.name, childPid: running?.pid, run: running?.runId() ?? undefined, runningForMs: running ? Date.now() - running.startedAt.getTime() : undefined }, 'trigger skipped: the previous run of this job is still running');
      });
      task.on('execution:missed', (ctx) => log.warn({ job: job.name, at: ctx.date.toISOString() }, 'trigger missed (the process was busy or asleep)'));
      await task.start();
      this.tasks.set(job.name, task);
    }
    // The heartbeat file exists before readiness is announced: a health check may read it at once.
    await this.beat();
    log.info({ jobs: this.describe(), graceSeconds: this.opts.graceMs / 1000, heartbeatSeconds: this.opts.heartbeatMs / 1000 }, 'scheduler ready');
    this.heartbeat = setInterval(() => {
      log.info({ running: this.running(), next: Object.fromEntries(this.describe().map((j) => [j.name, j.next])), ...this.counts }, 'scheduler heartbeat');
      void this.beat();
    }, this.opts.heartbeatMs);
  }

  describe(): { name: string; cron: string; timezone: string; command: string; next: string | null }[] {
    return this.opts.jobs.map((j) => ({ name: j.name, cron: j.cron, timezone: j.timezone, command: j.argv[0] ?? '', next: this.tasks.get(j.name)?.getNextRun()?.toISOString() ?? null }));
  }

  running(): { job: string; childPid: number; run: string | null; forMs: number }[] {
    return [...this.active].map(([name, a]) => ({ job: name, childPid: a.job.pid, run: a.job.runId(), forMs: Date.now() - a.job.startedAt.getTime() }));
  }

  /** Runs one job now; node-cron awaits it, which is how a second trigger is refused (noOverlap). */
  private async trigger(job: ScheduledJob): Promise<void> {
    if (this.stopping) return;
    const { log } = this.opts;
    const running = (this.opts.spawn ?? spawnJob)(job.argv, { graceMs: this.opts.graceMs, ...(this.opts.jobEnv ? { env: this.opts.jobEnv } : {}) });
    this.counts.started += 1;
    log.info({ job: job.name, childPid: running.pid, argv: job.argv }, 'job started');
    let settle!: () => void;
    this.active.set(job.name, { job: running, settled: new Promise<void>((r) => (settle = r)) });
    try {
      const result = await running.done;
      await this.finished(job, running, result);
    } finally {
      this.active.delete(job.name);
      settle();
    }
  }

  private async finished(job: ScheduledJob, running: RunningJob, result: JobResult): Promise<void> {
    const { log } = this.opts;
    const status = typeof result.summary?.status === 'string' ? result.summary.status : null;
    const fields = { job: job.name, childPid: running.pid, run: result.runId ?? undefined, exitCode: result.exitCode, signal: result.signal ?? undefined, status, durationMs: result.durationMs, summary: result.summary ?? undefined };
    this.counts.finished += 1;
    if (result.exitCode === 0) log.info(fields, 'job finished');
    else if (result.exitCode === 2) log.warn(fields, 'job finished with gaps in coverage (partial)');
    else log.error(fields, status === 'interrupted' ? 'job interrupted (recorded as interrupted, no manifest)' : 'job failed');
    // A run that printed its summary recorded its own outcome; one that did not was killed or died.
    if (result.summary === null && this.opts.onUnfinished) {
      this.counts.unfinished += 1;
      const reason = result.killed
        ? `killed by the scheduler: it did not stop within ${this.opts.graceMs / 1000} s of SIGTERM`
        : `the process ended without finishing (${result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`})`;
      try {
        await this.opts.onUnfinished(job, result, running.startedAt, reason);
      } catch (err) {
        log.error({ job: job.name, run: result.runId ?? undefined, err }, 'could not record the unfinished run as interrupted: it has no manifest and lists as incomplete');
      }
    }
  }

  private async beat(): Promise<void> {
    const file = this.opts.heartbeatFile;
    if (!file) return;
    const body = JSON.stringify({ at: new Date().toISOString(), pid: process.pid, heartbeatSeconds: this.opts.heartbeatMs / 1000, running: this.running() });
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(`${file}.tmp`, body + '\n');
      await fs.rename(`${file}.tmp`, file);
    } catch (err) {
      this.opts.log.warn({ file, err }, 'cannot write the heartbeat file');
    }
  }

  /**
   * No new triggers; each running job gets SIGTERM and the grace period to finish its writes
   * (it then records itself as interrupted), else SIGKILL and the scheduler records it.
   * `now` (a second signal) kills running jobs at once.
   */
  stop(signal: string, now = false): Promise<void> {
    const { log } = this.opts;
    if (this.stopping) {
      if (now) {
        log.warn({ signal }, 'second signal: killing running jobs now');
        for (const a of this.active.values()) void a.job.stop(0);
      }
      return this.stopping;
    }
    this.stopping = (async () => {
      clearInterval(this.heartbeat);
      for (const t of this.tasks.values()) await t.destroy();
      const running = this.running();
      log.warn({ signal, running, graceSeconds: this.opts.graceMs / 1000 }, running.length ? 'scheduler stopping: no new runs; running jobs get SIGTERM and the grace period to finish their writes' : 'scheduler stopping: no job running');
      const settled = [...this.active.values()].map(async (a) => {
        await a.job.stop(this.opts.graceMs);
        await a.settled;
      });
      await Promise.all(settled);
      if (this.opts.heartbeatFile) await fs.rm(this.opts.heartbeatFile, { force: true });
      log.info({ ...this.counts }, 'scheduler stopped');
    })();
    return this.stopping;
  }
}
