// The commands of `evidence`, each loaded only when it runs, and their one-line summaries for the
// top-level help: listing every command by loading every module (the AWS SDK, the PDF renderer
// and the rest) took seconds. test/cli/commands.test.ts checks the summaries against the commands.
import { Help, type Command } from 'commander';
import type { RunHooks } from '../domain/index.ts';

/** What the caller of main gives the commands: pause points (crash tests); nothing in production. */
export interface CliContext {
  hooks?: RunHooks;
}

export type Register = (program: Command, context: CliContext) => void;

// Each command's module is loaded only when it is needed: `evidence sandbox`, say, need not load
// the AWS SDK, the PDF renderer and the rest (about 100 MB of memory for a long-running process).
export const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['run', async () => (await import('./run.ts')).registerRun],
  ['verify', async () => (await import('./verify.ts')).registerVerify],
  ['frameworks', async () => (await import('./frameworks.ts')).registerFrameworks],
  ['sandbox', async () => (await import('./sandbox.ts')).registerSandbox],
  ['keygen', async () => (await import('./keygen.ts')).registerKeygen],
  ['policy', async () => (await import('./policy.ts')).registerPolicy],
  ['store', async () => (await import('./store.ts')).registerStore],
  ['runs', async () => (await import('./runs.ts')).registerRuns],
  ['report', async () => (await import('./report.ts')).registerReport],
  ['auditmanager', async () => (await import('./auditmanager.ts')).registerAuditManager],
  ['schedule', async () => (await import('./schedule.ts')).registerSchedule],
  ['pack', async () => (await import('./pack.ts')).registerPack],
  ['diff', async () => (await import('./diff.ts')).registerDiff],
  ['trend', async () => (await import('./trend.ts')).registerTrend],
  ['merge', async () => (await import('./merge.ts')).registerMerge],
  ['notify', async () => (await import('./notify.ts')).registerNotify],
];

/** Each command's term in the help list (name, options, arguments) and its summary. */
export const COMMAND_SUMMARIES: Readonly<Record<string, readonly [term: string, summary: string]>> = {
  run: ['run [options]', 'collect evidence, evaluate every control, store the run and write signed reports'],
  verify: ['verify [options] [run]', "re-hash a run's evidence against its manifest, check the manifest chain and every signature"],
  frameworks: ['frameworks', 'list and show the framework catalogs (controls → checks) and what they need deployed'],
  sandbox: ['sandbox [options]', 'serve the built-in synthetic AWS account on loopback over the real AWS wire protocols'],
  keygen: ['keygen [options]', 'create an Ed25519 signing key (mode 0600) and write its public key beside it'],
  policy: ['policy [options]', "print the least-privilege IAM policy (JSON) the selected frameworks need, from the collectors' declared actions"],
  store: ['store', 'the evidence store: safety checks'],
  runs: ['runs', 'the runs kept in the evidence store'],
  report: ['report [options]', 'write signed reports (HTML, PDF, CSV, JSON) from a stored run, without calling AWS'],
  auditmanager: ['auditmanager', "AWS Audit Manager: push a run's evidence into an assessment, export a framework as custom controls"],
  schedule: ['schedule [options]', "run the jobs of the config's schedule section (e.g. nightly run, monthly pack) on their cron schedules until SIGTERM/SIGINT"],
  pack: ['pack [options]', 'write the monthly review pack: one signed zip with the summary, reports, manifests, evidence index and keys'],
  diff: ['diff [options] <runA> <runB>', 'what changed between two stored runs: controls (regressions first), resources, coverage, lapsed exceptions and attestations'],
  trend: ['trend [options]', 'per framework and day: controls by status and pass rate, from the signed run manifests'],
  merge: ['merge [options] [runs...]', 'combine the shard runs of one scope into one signed run whose manifest names its shards'],
  notify: ['notify [options]', "send a stored run's notification again to the configured targets, or a sample to one"],
};

/** Lists every command in `program`'s help without loading any command's module. */
export function addCommandSummaries(program: Command): void {
  for (const [name] of COMMANDS) {
    const [, summary] = COMMAND_SUMMARIES[name] ?? ['', ''];
    program.command(name).description(summary);
  }
  const help = new Help();
  program.configureHelp({ ...program.configureHelp(), subcommandTerm: (cmd) => COMMAND_SUMMARIES[cmd.name()]?.[0] ?? help.subcommandTerm(cmd) });
}
