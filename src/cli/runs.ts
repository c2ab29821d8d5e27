// `evidence runs list`: every run the store holds (finished, interrupted, killed), from the store
// alone. Also the run command's helpers: choosing the signer (local key or AWS KMS),
// stopping on SIGTERM/SIGINT, and reporting an interrupted run.
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { RunPhase } from '../domain/index.ts';
import { listRuns } from '../store/index.ts';
import { loadOrCreateKey, type Signer } from '../sign/index.ts';
import { openKmsSigner } from '../sign/index.ts';
import type { RunInterruptedError } from '../run/index.ts';
import { publicKeyFileOf, resolvePath } from './common.ts';
import { EXIT } from './exit.ts';
import { configuredStore, type StoreFlags } from './store.ts';
import { paint } from './color.ts';
import { deliverySummary, readNotifications } from '../notify/index.ts';

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('the runs kept in the evidence store');
  runs
    .command('list')
    .description('list every run in the store, oldest first: id, time, scope, status, notifications, signer')
    .option('-c, --config <file>', 'config file')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('--json', 'print one JSON object: {"runs": [...]}')
    .addHelpText(
      'after',
      `
Status: complete, partial (some evidence could not be collected), failed (a manifest, but nothing
collected), interrupted (stopped by SIGTERM/SIGINT: runs/<id>/interrupted.json, no manifest),
incomplete (killed: neither a manifest nor an interrupted record).
CHAIN is the run's place on the hash chain: the order runs finished, which can differ from the
order of their ids when runs overlap ("-": a shard, or a run without a manifest).
NOTIFY: the run's notifications (runs/<id>/notifications.json): "2/2 sent", "1/2 sent, 1 failed",
"none matched" (no target's filter matched), "-" (none configured).`,
    )
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      const { store } = await configuredStore(flags);
      const list = await listRuns(store);
      // runs/<id>/notifications.json, where the run sent its notifications ("-": none configured)
      const notify = await Promise.all(list.map(async (r) => deliverySummary(await readNotifications(store, r.runId).catch(() => null))));
      if (flags.json) {
        process.stdout.write(JSON.stringify({ store: store.url, runs: list.map((r, i) => ({ ...r, notifications: notify[i] })) }) + '\n');
        return;
      }
      const rows = list.map((r) => [
        r.chain === null ? '-' : String(r.chain),
        r.runId,
        r.startedAt,
        r.status,
        r.scope ? `${r.scope.accounts.length} account(s) ${r.scope.accounts.slice(0, 3).join(',')}${r.scope.accounts.length > 3 ? ',…' : ''}; ${r.scope.regions.join(',')}` : '-',
        notify[list.indexOf(r)]!,
        r.signer ? r.signer.keyId : '-',
      ]);
      const head = ['CHAIN', 'RUN', 'STARTED', 'STATUS', 'SCOPE', 'NOTIFY', 'SIGNER'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      // padded before it is painted: the colour codes take no room on screen
      const status = head.indexOf('STATUS');
      const fmt = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : i === status ? paint(c.padEnd(widths[i]!)) : c.padEnd(widths[i]!))).join('  ');
      const out = [`store ${store.url}: ${list.length} run(s)`, fmt(head), ...rows.map(fmt)];
      for (const r of list) if (r.problem && r.status !== 'complete') out.push(`  ${r.runId}: ${r.problem}`);
      process.stdout.write(out.join('\n') + '\n');
    });
}

/** The run's signer: AWS KMS when --kms-key or signing.kms.keyId is set, else the local Ed25519 key file. */
export async function runSigner(flags: { key?: string; createKey?: boolean; kmsKey?: string; profile?: string }, config: Config, log: Logger): Promise<Signer> {
  const kmsKeyId = flags.kmsKey ?? config.signing.kms?.keyId;
  if (kmsKeyId) {
    const profile = flags.profile ?? config.aws.profile;
    const region = config.regions?.[0];
    const signer = await openKmsSigner(kmsKeyId, { ...(profile ? { profile } : {}), ...(region ? { region } : {}) });
    log.info({ kmsKey: signer.kmsKeyArn, keyId: signer.keyId }, 'signing with AWS KMS');
    return signer;
  }
  const keyFile = resolvePath(flags.key ?? config.signing.key);
  const { signer, created } = await loadOrCreateKey(keyFile, flags.createKey === true);
  if (created) {
    // as keygen does: the public key beside the private one, where verify --public-key finds it
    const pub = publicKeyFileOf(keyFile);
    await fs.writeFile(pub, signer.publicKeyPem());
    log.warn({ key: keyFile, publicKey: pub, keyId: signer.keyId }, 'created a new signing key');
  }
  return signer;
}

/** What a run forced to exit leaves behind, by the last phase it reached. */
export function exitingAfter(phase: RunPhase | undefined): string {
  if (phase === 'reports' || phase === 'reports-written') {
    return 'exiting after its manifest was written: some reports may be missing, and `evidence verify` names them';
  }
  return 'exiting without a manifest (the run does not count as complete)';
}

/** How long a stopping run may take to finish its in-flight writes (ECS allows 30 s before SIGKILL). */
export const STOP_GRACE_MS = Number(process.env.EVIDENCE_STOP_GRACE_MS ?? 25_000);

/**
 * SIGTERM/SIGINT abort the returned signal: the run launches no new calls, lets in-flight writes
 * finish and records itself as interrupted. A second signal, or the grace period running out, ends
 * the process at once (safe: a run without a manifest never counts as complete).
 */
export function stopOnSignals(log: Logger): { signal: AbortSignal; dispose: () => void; reached: (phase: RunPhase) => void } {
  const controller = new AbortController();
  let phase: RunPhase | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    log.warn({ signal: sig, graceMs: STOP_GRACE_MS }, 'stopping: no new calls; in-flight writes finish; the run is recorded as interrupted (signal again to end at once)');
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    setTimeout(() => {
      process.stderr.write(`evidence: the run did not stop within ${STOP_GRACE_MS} ms of ${sig}; ${exitingAfter(phase)}\n`);
      process.exit(1);
    }, STOP_GRACE_MS).unref();
    controller.abort(new Error(`received ${sig}`));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    reached: (p) => {
      phase = p;
    },
    dispose: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

/** Prints an interrupted run's outcome (a line, or the --json summary) and returns its exit code. */
export function reportInterrupted(err: RunInterruptedError, flags: { json?: boolean }, storeUrl: string): number {
  process.stderr.write(`evidence: ${err.message}\n`);
  if (flags.json) process.stdout.write(JSON.stringify({ runId: err.runId, status: 'interrupted', phase: err.phase, store: storeUrl, record: err.recordKey }) + '\n');
  else process.stdout.write(`Run ${err.runId}: interrupted during ${err.phase}\n  store      ${storeUrl}\n  record     ${err.recordKey} (no manifest)\n`);
  return EXIT.FAILED;
}
