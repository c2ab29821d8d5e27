// A job's `options` become the command's flags. The command's own --help says which flags exist
// and which take a value, so a misspelt option fails `evidence schedule` at start, naming the job.
import { spawnSync } from 'node:child_process';
import { BIN } from './job.ts';
import type { JobConfig } from './schema.ts';
import { ConfigurationError } from '../domain/index.ts';

export class ScheduleConfigError extends ConfigurationError {
  override readonly name = 'ScheduleConfigError';
}

/** Long option name → whether it takes a value, as `evidence <command> --help` lists them. */
export type CommandOptions = Map<string, { takesValue: boolean }>;

export function parseHelpOptions(help: string): CommandOptions {
  const out: CommandOptions = new Map();
  for (const m of help.matchAll(/^ {2}(?:-\w, )?--([a-z0-9][a-z0-9-]*)( [<[])?/gm)) out.set(m[1]!, { takesValue: m[2] !== undefined });
  return out;
}

export function probeCommand(command: string): CommandOptions {
  const r = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'silent' } });
  // commander answers `<unknown> --help` with the program's own help, exit 0: look for the usage line.
  if (r.status !== 0 || !r.stdout.startsWith(`Usage: evidence ${command} `)) {
    const why = r.status !== 0 ? (r.stderr || r.error?.message || '').trim().split('\n')[0] : 'no such command';
    throw new ScheduleConfigError(`evidence ${command} is not available in this version (${why})`);
  }
  return parseHelpOptions(r.stdout);
}

export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The argv for one job: the command, its options as flags, the scheduler's config file (unless the
 * job names its own) and --json, so every job ends with a summary line.
 */
export function jobArgv(jobName: string, job: JobConfig, known: CommandOptions, configFile: string | null): string[] {
  const where = (key: string): string => `schedule.jobs.${jobName}.options.${key}`;
  const argv: string[] = [job.command];
  for (const [key, value] of Object.entries(job.options)) {
    const flag = kebab(key);
    const spec = known.get(flag);
    if (!spec) throw new ScheduleConfigError(`${where(key)}: evidence ${job.command} has no --${flag} option`);
    if (typeof value === 'boolean') {
      if (spec.takesValue) throw new ScheduleConfigError(`${where(key)}: --${flag} takes a value, got ${value}`);
      if (value) argv.push(`--${flag}`);
      else if (known.has(`no-${flag}`)) argv.push(`--no-${flag}`);
      continue;
    }
    if (!spec.takesValue) throw new ScheduleConfigError(`${where(key)}: --${flag} is a switch: use true or false, got ${JSON.stringify(value)}`);
    argv.push(`--${flag}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  if (configFile && !('config' in job.options) && known.has('config')) argv.push('--config', configFile);
  if (known.has('json')) argv.push('--json');
  return argv;
}
