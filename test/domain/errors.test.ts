// Every error class the tool throws shares one base, and its exit code is the one its kind of
// failure documents; a class that forgot the base would exit 1 with a stack trace under DEBUG.
import { CommanderError } from 'commander';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CommandLineError, ConfigurationError, EvidenceError, EXIT } from '../../src/domain/errors.ts';
import { exitCodeOf, UsageError } from '../../src/cli/exit.ts';
import { CatalogError } from '../../src/catalog/load.ts';
import { ConfigError } from '../../src/config/config.ts';
import { SigningKeyError } from '../../src/sign/signer.ts';
import { FaultSpecError } from '../../src/sandbox/faults.ts';
import { SandboxOptionError } from '../../src/sandbox/index.ts';
import { AwsError } from '../../src/sandbox/errors.ts';
import { RestError } from '../../src/sandbox/rest.ts';
import { AcceptanceFileError } from '../../src/evaluate/yaml-source.ts';
import { PackInputError } from '../../src/history/pack-month.ts';
import { AsOfError } from '../../src/history/asof.ts';
import { HistorySourceError } from '../../src/history/load.ts';
import { PdfSigningError } from '../../src/report/pades.ts';
import { ScopeError } from '../../src/collect/scope.ts';
import { CollectCallError } from '../../src/collect/calls.ts';
import { ScheduleConfigError } from '../../src/schedule/args.ts';
import { ConflictError, LockedError, NotFoundError, StoreError, UnsafeStoreError } from '../../src/store/store.ts';
import { AuditManagerEvidenceError } from '../../src/auditmanager/run-compare.ts';
import { PushError } from '../../src/auditmanager/push.ts';
import { MappingError } from '../../src/auditmanager/mapping.ts';
import { LedgerError } from '../../src/auditmanager/ledger.ts';
import { RunFailedError } from '../../src/run/run.ts';
import { RunInterruptedError } from '../../src/run/finalize.ts';
import { MergeError } from '../../src/run/merge.ts';
import { ShardSpecError } from '../../src/domain/shard.ts';
import { ReportSourceError } from '../../src/cli/report.ts';
import { BaselineNotApplicableError } from '../../src/report/view-model.ts';
import { NotifyError } from '../../src/notify/deliver.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

const CLASSES: Record<string, { cls: abstract new (...args: never[]) => Error; exit: number }> = {
  CatalogError: { cls: CatalogError, exit: EXIT.CONFIG },
  ConfigError: { cls: ConfigError, exit: EXIT.CONFIG },
  FaultSpecError: { cls: FaultSpecError, exit: EXIT.CONFIG },
  AcceptanceFileError: { cls: AcceptanceFileError, exit: EXIT.CONFIG },
  ScheduleConfigError: { cls: ScheduleConfigError, exit: EXIT.CONFIG },
  MappingError: { cls: MappingError, exit: EXIT.CONFIG },
  UsageError: { cls: UsageError, exit: EXIT.USAGE },
  SandboxOptionError: { cls: SandboxOptionError, exit: EXIT.USAGE },
  ShardSpecError: { cls: ShardSpecError, exit: EXIT.USAGE },
  BaselineNotApplicableError: { cls: BaselineNotApplicableError, exit: EXIT.USAGE },
  SigningKeyError: { cls: SigningKeyError, exit: EXIT.FAILED },
  AwsError: { cls: AwsError, exit: EXIT.FAILED },
  RestError: { cls: RestError, exit: EXIT.FAILED },
  PackInputError: { cls: PackInputError, exit: EXIT.FAILED },
  AsOfError: { cls: AsOfError, exit: EXIT.FAILED },
  HistorySourceError: { cls: HistorySourceError, exit: EXIT.FAILED },
  PdfSigningError: { cls: PdfSigningError, exit: EXIT.FAILED },
  ScopeError: { cls: ScopeError, exit: EXIT.FAILED },
  CollectCallError: { cls: CollectCallError, exit: EXIT.FAILED },
  NotFoundError: { cls: NotFoundError, exit: EXIT.FAILED },
  StoreError: { cls: StoreError, exit: EXIT.FAILED },
  LockedError: { cls: LockedError, exit: EXIT.FAILED },
  ConflictError: { cls: ConflictError, exit: EXIT.FAILED },
  UnsafeStoreError: { cls: UnsafeStoreError, exit: EXIT.FAILED },
  AuditManagerEvidenceError: { cls: AuditManagerEvidenceError, exit: EXIT.FAILED },
  PushError: { cls: PushError, exit: EXIT.FAILED },
  LedgerError: { cls: LedgerError, exit: EXIT.FAILED },
  RunFailedError: { cls: RunFailedError, exit: EXIT.FAILED },
  RunInterruptedError: { cls: RunInterruptedError, exit: EXIT.FAILED },
  MergeError: { cls: MergeError, exit: EXIT.FAILED },
  ReportSourceError: { cls: ReportSourceError, exit: EXIT.FAILED },
  NotifyError: { cls: NotifyError, exit: EXIT.FAILED },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('error classes', () => {
  it('lists every error class declared in src/ (so the checks below cover them all)', () => {
    // The managed-rule evaluators import nothing of the project: their errors never reach the CLI,
    // the evaluation turns them into ERROR verdicts.
    const evaluators = path.join(SRC, 'managed-rules');
    const declared = sourceFiles(SRC).filter((f) => !f.startsWith(evaluators)).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^export class (\w+) extends (\w+)/gm)].filter((m) => /Error$/.test(m[2]!)).map((m) => m[1]!));
    const bases = ['EvidenceError', 'ConfigurationError', 'CommandLineError'];
    expect(declared.filter((n) => !bases.includes(n)).sort()).toEqual(Object.keys(CLASSES).sort());
    // nothing in src/ extends Error directly except the base
    const direct = sourceFiles(SRC).filter((f) => !f.startsWith(evaluators)).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/class (\w+) extends Error\b/g)].map((m) => m[1]!));
    expect(direct).toEqual(['EvidenceError']);
  });

  it.each(Object.entries(CLASSES))('%s extends EvidenceError with its documented exit code', (_name, { cls, exit }) => {
    expect(cls.prototype).toBeInstanceOf(EvidenceError);
    const base = exit === EXIT.CONFIG ? ConfigurationError : exit === EXIT.USAGE ? CommandLineError : EvidenceError;
    expect(cls.prototype).toBeInstanceOf(base);
  });

  it('constructed errors keep their name, message, cause and exit code', () => {
    const cause = new Error('disk full');
    const e = new ConfigError('evidence.config.yaml:3: bad', { cause });
    expect(e).toMatchObject({ name: 'ConfigError', message: 'evidence.config.yaml:3: bad', cause, exitCode: EXIT.CONFIG });
    expect(new AwsError('AccessDenied', 'no', 403)).toMatchObject({ name: 'AwsError', code: 'AccessDenied', status: 403, exitCode: EXIT.FAILED });
    expect(new ShardSpecError('--shard 3/2')).toMatchObject({ name: 'ShardSpecError', exitCode: EXIT.USAGE });
    expect(new UnsafeStoreError({ url: 'file:///x', ok: false, findings: [{ check: 'versioning', ok: false, detail: 'off' }] } as never).exitCode).toBe(EXIT.FAILED);
  });

  it('maps errors to exit codes by class, commander usage errors included', () => {
    expect(exitCodeOf(new UsageError('--regions: empty'))).toBe(EXIT.USAGE);
    expect(exitCodeOf(new MappingError('m.yaml: bad'))).toBe(EXIT.CONFIG);
    expect(exitCodeOf(new RunFailedError('no account'))).toBe(EXIT.FAILED);
    expect(exitCodeOf(new TypeError('bug'))).toBe(EXIT.FAILED);
    expect(exitCodeOf(new CommanderError(1, 'commander.unknownOption', "unknown option '--x'"))).toBe(EXIT.USAGE);
    expect(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(EXIT.OK);
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
  });
});
