// Exit codes and the usage error of the command files; the codes themselves live with the error base.
import { CommanderError } from 'commander';
import { CommandLineError, EvidenceError, EXIT } from '../domain/index.ts';

export { EXIT };

export const EXIT_HELP = `
Exit codes:
  0   complete
  2   complete with errors in coverage (some evidence could not be collected: ERROR)
  1   failed (no access, a run or verification failed)
  64  usage error (unknown command or option, missing or bad value)
  78  configuration error (config, framework, mapping or acceptance file; nothing configured)`;

/** A bad command line: printed as one clear line (no stack), exit 64. */
export class UsageError extends CommandLineError {
  override readonly name = 'UsageError';
}

/** The exit code an error that ended a command stands for. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version exit 0; everything else commander reports is a bad command line
    return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (err instanceof EvidenceError) return err.exitCode;
  return EXIT.FAILED;
}

/** Runs a flag's parser; what it rejects is a usage error (exit 64), whatever class it threw. */
export function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof CommandLineError) throw err;
    throw new UsageError((err as Error).message, { cause: err });
  }
}
