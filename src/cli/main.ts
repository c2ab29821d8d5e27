// The `evidence` command: thin entry points, one file per command.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../util/index.ts';
import { EXIT, EXIT_HELP } from './exit.ts';
import { COMMANDS, addCommandSummaries } from './commands.ts';

// `evidence frameworks show nist-800-53-r5 | head`: a reader that stops early closes the pipe.
// That is no reason for a stack trace, nor for abandoning a run's writes: output to the closed
// stream is dropped and the command finishes as it would have.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

/** The program with just the command `only`, to run it; without `only`, every command's summary. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('evidence')
    .description('Continuous compliance evidence collector for AWS: collect, store, evaluate, sign, report.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP);
  if (only) (await COMMANDS.find(([name]) => name === only)![1]())(program);
  else addCommandSummaries(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `evidence help run` is `evidence run --help`.
  const first = argv[2] === 'help' && argv[3] ? argv[3] : argv[2];
  const only = COMMANDS.some(([name]) => name === first) ? first : undefined;
  const program = (await buildProgram(only)).exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed help, version or a usage error
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.FAILED;
      return;
    }
    const e = err as Error;
    const known = ['ConfigError', 'CatalogError', 'SigningKeyError', 'StoreError', 'UnsafeStoreError', 'LockedError', 'RunFailedError', 'UsageError', 'NotFoundError', 'AcceptanceFileError', 'PdfSigningError', 'ReportSourceError', 'MergeError'].includes(e?.name);
    process.stderr.write(`evidence: ${e?.message ?? String(err)}\n`);
    if (!known && e?.stack && process.env.DEBUG) process.stderr.write(`${e.stack}\n`);
    if (argv.includes('--json')) process.stdout.write(JSON.stringify({ status: 'failed', error: e?.message ?? String(err) }) + '\n');
    process.exitCode = EXIT.FAILED;
  }
}

await main(process.argv);
