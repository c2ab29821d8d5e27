// `evidence schedule`: the long-running mode (a cron host, or an ECS service). Reads
// schedule.jobs from the config, checks every job before the first trigger, then runs them until
// SIGTERM/SIGINT and exits 0 once running jobs have finished their writes or been recorded.
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig, type LoadedConfig } from '../config/index.ts';
import { jobArgv, probeCommand, ScheduleConfigError, type CommandOptions } from '../schedule/index.ts';
import { Scheduler, type ScheduledJob } from '../schedule/index.ts';
import { recordKilledRun } from '../schedule/index.ts';
import { makeLogger, silentLogger, type Logger } from '../util/index.ts';
import { configuredStore } from './store.ts';
import { runSigner } from './runs.ts';
import { EXIT } from './exit.ts';

interface Flags {
  json?: boolean;
  config?: string;
  check?: boolean;
  logLevel?: string;
}

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('run the jobs of the config\'s schedule section (e.g. nightly run, monthly pack) on their cron schedules until SIGTERM/SIGINT')
    .option('-c, --config <file>', `config file (default: ./${DEFAULT_CONFIG_FILE})`)
    .option('--check', 'check the schedule, print each job\'s command and next run, and exit')
    .option('--log-level <level>', 'log level on stderr: debug, info, warn, error, silent')
    .addHelpText(
      'after',
      `
Config:
  schedule:
    timezone: Europe/Paris               # IANA name (default UTC)
    gracePeriodSeconds: 25               # on SIGTERM, how long a running job may take to finish its writes
    heartbeatSeconds: 60                 # heartbeat log line (and EVIDENCE_HEARTBEAT_FILE, if set)
    jobs:
      nightly: { cron: "0 2 * * *", command: run, options: { accounts: organization, regions: "us-east-1,eu-west-1" } }
      monthly-pack: { cron: "0 6 1 * *", command: pack }

Each trigger runs \`evidence <command> <options as --flags> --config <this file> --json\` as a child
process. A trigger while the same job still runs is logged and skipped. On SIGTERM/SIGINT no new run
starts; a running job gets SIGTERM and the grace period to record itself as interrupted, else it is
killed and the scheduler records it. Exit 0 after an orderly stop, 1 when the config is invalid.`,
    )
    .action(async (flags: Flags) => {
      process.exitCode = await scheduleCommand(flags);
    });
}

async function scheduleCommand(flags: Flags): Promise<number> {
  const log = makeLogger(flags.logLevel);
  // A signal while the jobs are still being checked: nothing has started, stop at once.
  let early: NodeJS.Signals | null = null;
  const onEarlySignal = (sig: NodeJS.Signals): void => void (early = sig);
  process.on('SIGTERM', onEarlySignal);
  process.on('SIGINT', onEarlySignal);
  try {
    return await scheduleWith(flags, log, () => early);
  } finally {
    process.off('SIGTERM', onEarlySignal);
    process.off('SIGINT', onEarlySignal);
  }
}

/**
 * What a container started with no arguments and no config (the image's default command) prints
 * before it exits 78, once: a scheduler restarting it would only print the same again.
 */
const NOTHING_CONFIGURED = (file: string): string =>
  `nothing to schedule: no ${file} in ${process.cwd()}, and no --config.
To run on a schedule, give the container a config file with schedule.jobs, e.g. mounted at
/work/${DEFAULT_CONFIG_FILE}:
    store: s3://my-evidence-bucket/evidence
    regions: [us-east-1]
    schedule:
      jobs:
        nightly: { cron: '15 3 * * *', command: run }
        monthly-pack: { cron: '0 6 1 * *', command: pack }
Or run one command instead of the scheduler: docker run … IMAGE run --store s3://… --regions us-east-1
(see README: Running nightly; a config's fields: schemas/evidence-config.schema.json).`;

async function scheduleWith(flags: Flags, log: Logger, early: () => NodeJS.Signals | null): Promise<number> {
  const loaded = await loadConfig(flags.config);
  const shown = loaded.file ? path.relative(process.cwd(), loaded.file) || loaded.file : DEFAULT_CONFIG_FILE;
  const schedule = loaded.config.schedule;
  if (!schedule && !loaded.file) throw new ConfigError(NOTHING_CONFIGURED(shown));
  if (!schedule) throw new ConfigError(`${shown}: no schedule section: add schedule.jobs.<name> with cron and command (see evidence schedule --help)`);
  const names = Object.keys(schedule.jobs);
  if (names.length === 0) throw new ConfigError(`${shown}: schedule.jobs: no jobs configured`);

  const probed = new Map<string, CommandOptions>();
  const jobs: ScheduledJob[] = [];
  for (const name of names) {
    const job = schedule.jobs[name]!;
    try {
      if (!probed.has(job.command)) probed.set(job.command, probeCommand(job.command));
      jobs.push({ name, cron: job.cron, timezone: job.timezone ?? schedule.timezone, argv: jobArgv(name, job, probed.get(job.command)!, loaded.file) });
    } catch (err) {
      if (err instanceof ScheduleConfigError) throw new ConfigError(`${shown}: schedule.jobs.${name}: ${err.message.replace(`schedule.jobs.${name}.`, '')}`, { cause: err });
      throw err;
    }
  }

  const heartbeatFile = schedule.heartbeatFile ?? (process.env.EVIDENCE_HEARTBEAT_FILE || undefined);
  const scheduler = new Scheduler({
    jobs,
    graceMs: schedule.gracePeriodSeconds * 1000,
    heartbeatMs: schedule.heartbeatSeconds * 1000,
    ...(heartbeatFile ? { heartbeatFile: path.resolve(heartbeatFile) } : {}),
    log: flags.check ? silentLogger() : log,
    ...(flags.logLevel ? { jobEnv: { LOG_LEVEL: flags.logLevel } } : {}),
    onUnfinished: (job, result, startedAt, reason) => recordUnfinished(loaded, schedule.jobs[job.name]!.options, { runId: result.runId, startedAt, reason }, job.argv[0] ?? '', log),
  });

  if (flags.check) {
    await scheduler.start();
    const described = scheduler.describe();
    await scheduler.stop('check');
    const out = described.map((d, i) => `${d.name}  ${d.cron} (${d.timezone})  next ${d.next}\n  evidence ${jobs[i]!.argv.map(shellQuote).join(' ')}`);
    if (flags.json) process.stdout.write(JSON.stringify({ config: shown, jobs: described.map((d, i) => ({ ...d, argv: jobs[i]!.argv })) }) + '\n');
    else process.stdout.write(`${shown}: ${jobs.length} job(s) ok\n${out.join('\n')}\n`);
    return EXIT.OK;
  }

  if (early()) {
    log.warn({ signal: early() }, 'stopped before the first trigger');
    return EXIT.OK;
  }
  let stopped!: () => void;
  const done = new Promise<void>((r) => (stopped = r));
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals += 1;
    void scheduler.stop(sig, signals > 1).then(stopped);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await scheduler.start();
  await done;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  // Anything still holding the event loop (an SDK socket) must not keep a stopped task alive.
  setTimeout(() => process.exit(EXIT.OK), 2000).unref();
  return EXIT.OK;
}

/** Records a run job that ended without its own record, with the store and key that job uses. */
async function recordUnfinished(loaded: LoadedConfig, options: Record<string, unknown>, run: Parameters<typeof recordKilledRun>[0], command: string, log: Logger): Promise<void> {
  if (command !== 'run') return;
  const str = (k: string): string | undefined => (typeof options[k] === 'string' ? (options[k] as string) : undefined);
  const config = str('config') ?? loaded.file ?? undefined;
  const { loaded: cfg, store } = await configuredStore({ ...(config ? { config } : {}), ...(str('store') ? { store: str('store') } : {}) });
  const signer = await runSigner({ ...(str('key') ? { key: str('key') } : {}), ...(str('kmsKey') ? { kmsKey: str('kmsKey') } : {}), ...(str('profile') ? { profile: str('profile') } : {}) }, cfg.config, log);
  const key = await recordKilledRun(run, { store, signer, configDigest: cfg.digest, log });
  if (key) log.warn({ run: run.runId ?? undefined, record: key, reason: run.reason }, 'recorded the unfinished run as interrupted (no manifest)');
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
