// The `evidence` command: thin entry points, one file per command.
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../util/index.ts';
import { CommandLineError, EvidenceError } from '../domain/index.ts';
import { EXIT_HELP, exitCodeOf } from './exit.ts';
import { COMMANDS, addCommandSummaries, type CliContext } from './commands.ts';
import { addCommonOptions } from './options.ts';
import { routeWarningsToLog } from '../util/index.ts';

// `evidence frameworks show nist-800-53-r5 | head`: a reader that stops early closes the pipe.
// That is no reason for a stack trace, nor for abandoning a run's writes: output to the closed
// stream is dropped and the command finishes as it would have.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

routeWarningsToLog();

/** The program with just the command `only`, to run it; without `only`, every command's summary. */
export async function buildProgram(only?: string, context: CliContext = {}): Promise<Command> {
  const program = new Command('evidence')
    .description('Continuous compliance evidence collector for AWS: collect, store, evaluate, sign, report.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP)
    // before the commands are added, so they inherit it: commander's own usage errors then reach
    // main() and exit with the usage code instead of commander's 1
    .exitOverride();
  if (only) (await COMMANDS.find(([name]) => name === only)![1]())(program, context);
  else addCommandSummaries(program);
  addCommonOptions(program);
  return program;
}

/** Runs the CLI; `context` carries what a caller injects (crash tests' pause points), nothing in production. */
export async function main(argv: string[], context: CliContext = {}): Promise<void> {
  // `evidence help run` is `evidence run --help`.
  const first = argv[2] === 'help' && argv[3] ? argv[3] : argv[2];
  const only = COMMANDS.some(([name]) => name === first) ? first : undefined;
  const program = await buildProgram(only, context);
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

// Run directly (`node --import tsx src/cli/main.ts`); bin/evidence.js and tests call main themselves.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv);
