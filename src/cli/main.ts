// The `evidence` command: thin entry points, one file per command.
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import type { RunHooks } from '../domain/hooks.ts';
import { TOOL_VERSION } from '../util/version.ts';
import { EXIT, EXIT_HELP } from './exit.ts';

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

/** What the caller of main gives the commands: pause points (crash tests); nothing in production. */
export interface CliContext {
  hooks?: RunHooks;
}

type Register = (program: Command, context: CliContext) => void;

// Each command's module is loaded only when it is needed: `evidence sandbox`, say, need not load
// the AWS SDK, the PDF renderer and the rest (about 100 MB of memory for a long-running process).
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['run', async () => (await import('./run.ts')).registerRun],
  ['verify', async () => (await import('./verify.ts')).registerVerify],
  ['frameworks', async () => (await import('./frameworks.ts')).registerFrameworks],
  ['sandbox', async () => (await import('./sandbox.ts')).registerSandbox],
  ['keygen', async () => (await import('./keygen.ts')).registerKeygen],
  ['policy', async () => (await import('./policy.ts')).registerPolicy],
  ['store', async () => (await import('./store.ts')).registerStore], // issue 5
  ['runs', async () => (await import('./runs.ts')).registerRuns], // issue 5
  ['report', async () => (await import('./report.ts')).registerReport], // issue 6
  ['auditmanager', async () => (await import('./auditmanager.ts')).registerAuditManager], // issue 10
  ['schedule', async () => (await import('./schedule.ts')).registerSchedule], // issue 8
  ['pack', async () => (await import('./pack.ts')).registerPack], // issue 7: monthly review pack
  ['diff', async () => (await import('./diff.ts')).registerDiff], // issue 7
  ['trend', async () => (await import('./trend.ts')).registerTrend], // issue 7
  ['merge', async () => (await import('./merge.ts')).registerMerge], // issue 8: merge shard runs
];

/** The whole program, or (with `only`) just that command, for running it. */
export async function buildProgram(only?: string, context: CliContext = {}): Promise<Command> {
  const program = new Command('evidence')
    .description('Continuous compliance evidence collector for AWS: collect, store, evaluate, sign, report.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP);
  for (const [name, load] of COMMANDS) if (!only || name === only) (await load())(program, context);
  return program;
}

export async function main(argv: string[], context: CliContext = {}): Promise<void> {
  const first = argv[2];
  const only = COMMANDS.some(([name]) => name === first) ? first : undefined;
  const program = (await buildProgram(only, context)).exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed help, version or a usage error
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.FAILED;
      return;
    }
    const e = err as Error;
    const known = ['ConfigError', 'CatalogError', 'SigningKeyError', 'StoreError', 'UnsafeStoreError', 'LockedError', 'RunFailedError', 'UsageError', 'NotFoundError', 'AcceptanceFileError', 'PdfSigningError', 'ReportSourceError', 'MergeError'].includes(e?.name); // issue 6: the three before MergeError
    process.stderr.write(`evidence: ${e?.message ?? String(err)}\n`);
    if (!known && e?.stack && process.env.DEBUG) process.stderr.write(`${e.stack}\n`);
    if (argv.includes('--json')) process.stdout.write(JSON.stringify({ status: 'failed', error: e?.message ?? String(err) }) + '\n');
    process.exitCode = EXIT.FAILED;
  }
}

// Run directly (`node --import tsx src/cli/main.ts`); bin/evidence.js and tests call main themselves.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv);
