// The `evidence` command: thin entry points, one file per command.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../util/version.ts';
import { CommandLineError, EvidenceError } from '../domain/errors.ts';
import { EXIT_HELP, exitCodeOf } from './exit.ts';
import { addCommonOptions } from './options.ts';
import { routeWarningsToLog } from '../util/log.ts';

// The SDK versions are pinned for Node 20 (see README); its notice about future releases needing
// Node 22 would otherwise precede every run's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `evidence frameworks show nist-800-53-r5 | head`: a reader that stops early closes the pipe.
// That is no reason for a stack trace, nor for abandoning a run's writes: output to the closed
// stream is dropped and the command finishes as it would have.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

routeWarningsToLog();

type Register = (program: Command) => void;

// Each command's module is loaded only when it is needed: `evidence sandbox`, say, need not load
// the AWS SDK, the PDF renderer and the rest (about 100 MB of memory for a long-running process).
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
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
];

/** The whole program, or (with `only`) just that command, for running it. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('evidence')
    .description('Continuous compliance evidence collector for AWS: collect, store, evaluate, sign, report.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP)
    // before the commands are added, so they inherit it: commander's own usage errors then reach
    // main() and exit with the usage code instead of commander's 1
    .exitOverride();
  for (const [name, load] of COMMANDS) if (!only || name === only) (await load())(program);
  addCommonOptions(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const first = argv[2];
  const only = COMMANDS.some(([name]) => name === first) ? first : undefined;
  const program = await buildProgram(only);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeOf(err);
    // commander has already printed its help, version or usage error
    if (err instanceof CommanderError) return;
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`evidence: ${e.message}\n`);
    if (err instanceof CommandLineError) process.stderr.write('(run with --help for usage)\n');
    if (!(err instanceof EvidenceError) && e.stack && process.env.DEBUG) process.stderr.write(`${e.stack}\n`);
    if (jsonRequested(argv)) process.stdout.write(JSON.stringify({ status: 'failed', exitCode: process.exitCode, error: e.message }) + '\n');
  }
}

/** Whether the command line asks for JSON output (`--json`, `--output json`, `-o json` is not: -o is a path). */
function jsonRequested(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--json' || a === '--output=json' || (a === '--output' && argv[i + 1] === 'json'));
}

await main(process.argv);
