// The `evidence` command: thin entry points, one file per command.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../util/version.ts';
import { registerRun } from './run.ts';
import { registerVerify } from './verify.ts';
import { registerFrameworks } from './frameworks.ts';
import { registerSandbox } from './sandbox.ts';
import { registerKeygen } from './keygen.ts';
import { registerPolicy } from './policy.ts';
import { registerStore } from './store.ts'; // issue 5
import { registerRuns } from './runs.ts'; // issue 5
import { registerReport } from './report.ts'; // issue 6
import { registerAuditManager } from './auditmanager.ts'; // issue 10
import { registerSchedule } from './schedule.ts'; // issue 8
import { registerPack } from './pack.ts'; // issue 7: monthly review pack
import { registerDiff } from './diff.ts'; // issue 7: diff
import { registerTrend } from './trend.ts'; // issue 7: trend
import { registerMerge } from './merge.ts'; // issue 8: merge shard runs
import { EXIT, EXIT_HELP } from './exit.ts';

// The SDK versions are pinned for Node 20 (see README); its notice about future releases needing
// Node 22 would otherwise precede every run's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export function buildProgram(): Command {
  const program = new Command('evidence')
    .description('Continuous compliance evidence collector for AWS: collect, store, evaluate, sign, report.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP);
  registerRun(program);
  registerVerify(program);
  registerFrameworks(program);
  registerSandbox(program);
  registerKeygen(program);
  registerPolicy(program);
  registerStore(program); // issue 5
  registerRuns(program); // issue 5
  registerReport(program); // issue 6
  registerAuditManager(program); // issue 10
  registerSchedule(program); // issue 8
  registerPack(program); // issue 7: monthly review pack
  registerDiff(program); // issue 7: diff
  registerTrend(program); // issue 7: trend
  registerMerge(program); // issue 8: merge shard runs
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
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

await main(process.argv);
