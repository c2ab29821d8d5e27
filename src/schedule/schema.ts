// The `schedule` section of evidence.config.yaml: which commands run when. Cron expressions and
// time zones are checked at load, so a typo fails `evidence schedule` at start (naming the job),
// not silently at 2 a.m.
import { validateDetailed } from 'node-cron';
import { z } from 'zod';

export const JOB_COMMANDS = ['run', 'pack'] as const;

/** True when the runtime's ICU knows the IANA time zone (e.g. Europe/Paris, UTC). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isTimeZone, { error: (i) => `unknown time zone ${JSON.stringify(i.input)} (an IANA name such as UTC or Europe/Paris)` });

const cron = z.string().superRefine((expr, ctx) => {
  const v = validateDetailed(expr);
  if (!v.valid) {
    const why = v.errors.map((e) => e.message).join('; ');
    ctx.addIssue({ code: 'custom', message: `invalid cron expression ${JSON.stringify(expr)}: ${why} (5 fields, or 6 with seconds first)` });
  }
});

/** A job's options become the command's flags: {framework: [soc2], createKey: true} → --framework soc2 --create-key. */
const optionValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
const optionName = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'an option name in camelCase, as the command\'s flag without dashes (e.g. createKey for --create-key)');

export const JobSchema = z
  .object({
    cron,
    command: z.enum(JOB_COMMANDS),
    options: z
      .record(optionName, optionValue)
      .refine((o) => !('json' in o), { error: 'json is set by the scheduler (every job prints its summary line)' })
      .default({}),
    /** Overrides schedule.timezone for this job. */
    timezone: timeZone.optional(),
  })
  .strict();

export const ScheduleSchema = z
  .object({
    /** IANA time zone the cron expressions are read in (default UTC). */
    timezone: timeZone.default('UTC'),
    jobs: z.record(z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'a job name of letters, digits, ".", "_" or "-"'), JobSchema),
    /** How long a stopping job may take to finish its writes before it is killed (ECS allows 30 s by default). */
    gracePeriodSeconds: z.number().positive().max(3600).default(25),
    /** Seconds between heartbeat log lines. */
    heartbeatSeconds: z.number().positive().max(86_400).default(60),
    /** File touched with each heartbeat, for a container health check (default: EVIDENCE_HEARTBEAT_FILE, else none). */
    heartbeatFile: z.string().min(1).optional(),
  })
  .strict();

export type JobConfig = z.infer<typeof JobSchema>;
export type ScheduleConfig = z.infer<typeof ScheduleSchema>;
