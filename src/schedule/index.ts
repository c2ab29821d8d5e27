// The public surface of src/schedule/: what the other layers import from it.
export { type CommandOptions, jobArgv, probeCommand, ScheduleConfigError } from './args.ts';
export { recordKilledRun } from './record.ts';
export { type ScheduledJob, Scheduler } from './scheduler.ts';
export { ScheduleSchema } from './schema.ts';
