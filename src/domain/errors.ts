// The one base class of this tool's errors. The CLI turns an error into an exit code by
// `instanceof`, so a new error class only has to extend the right base to exit correctly.

/** Exit codes a scheduler (ECS, cron, CI) can act on. */
export const EXIT = {
  /** The run is complete (or the command succeeded). */
  OK: 0,
  /** The run failed, or the command could not do its work (no access, verification failed). */
  FAILED: 1,
  /** The run completed but some evidence could not be collected (controls read ERROR). */
  PARTIAL: 2,
  /** Bad configuration: the config file, a framework or mapping file, nothing configured at all. */
  CONFIG: 78,
  /** The command line is wrong: unknown option or command, missing or bad value (sysexits EX_USAGE). */
  USAGE: 64,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Base of every error this tool throws on purpose: a clear one-line message and an exit code. */
export class EvidenceError extends Error {
  /** What the CLI exits with when this error ends a command. */
  readonly exitCode: ExitCode = EXIT.FAILED;

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // Subclasses that declare no name of their own still read as themselves in logs.
    this.name = new.target.name;
  }
}

/** Bad input in a file the user wrote (config, framework, mapping, acceptance file). */
export class ConfigurationError extends EvidenceError {
  override readonly exitCode: ExitCode = EXIT.CONFIG;
}

/** A bad command line: the CLI prints the message and `(run with --help for usage)`. */
export class CommandLineError extends EvidenceError {
  override readonly exitCode: ExitCode = EXIT.USAGE;
}
