// `evidence run`: collect, evaluate, store, report and sign, with the sandbox when asked.
import cliProgress from 'cli-progress';
const { SingleBar, Presets } = cliProgress;
import { AwsClients } from '../collect/index.ts';
import type { RunningSandbox } from '../sandbox/index.ts';
import { DEFAULT_ACCOUNTS_IN_FLIGHT, defaultRegions, homeRegion } from '../config/index.ts';
import { loadCatalog } from '../catalog/index.ts';
import { executeRun, parseReportFormats, REPORT_FORMATS, RunInterruptedError, type ReportFormat } from '../run/index.ts';
import { reportInterrupted, runSigner, stopOnSignals } from './runs.ts';
import { parseRegionsFlag } from './options.ts';
import { configuredStore } from './store.ts';
import type { CliContext } from './commands.ts';
import { verifyAsWritten, type VerifyReport } from '../sign/index.ts';
import { CONTROL_STATUSES, ConfigurationError, type ControlStatus, unknownRegionProblem } from '../domain/index.ts';
import { makeLogger } from '../util/index.ts';
import { TOOL_VERSION } from '../util/index.ts';
import { chosenFrameworks, failureLines, failureSummary, outcomeLines, parseIntFlag, resolvePath, splitList } from './common.ts';
import { EXIT, UsageError } from './exit.ts';
import { loadAcceptance } from '../evaluate/index.ts';
import { parseShard } from '../domain/index.ts';
import { AUDIT_MANAGER_DATASET, loadCompareMapping } from '../auditmanager/index.ts';
import { paint } from './color.ts';
import { parseDetail, parseReportBaseline } from './report-options.ts';
import { notifyLine, notifySection } from './notify.ts';
import type { RunFlags } from './run.ts';

export async function runCommand(flags: RunFlags, context: CliContext): Promise<number> {
  const log = makeLogger(flags.logLevel);
  const shard = flags.shard === undefined ? undefined : parseShardFlag(flags.shard); // before anything is opened
  const regionsFlag = flags.regions === undefined ? undefined : parseRegionsFlag(flags.regions);
  if (flags.sandboxFaults !== undefined && !flags.sandbox) throw new UsageError('--sandbox-faults applies to the built-in sandbox: add --sandbox');
  const sandboxFaults = flags.sandboxFaults === undefined ? undefined : await (await import('./sandbox.ts')).readFaultsFile(flags.sandboxFaults, '--sandbox-faults');
  const { loaded, store } = await configuredStore(flags, context.hooks);
  const config = loaded.config;
  const catalog = await loadCatalog(config.customFrameworks.map((p) => resolvePath(p)));
  const frameworks = chosenFrameworks(catalog, loaded, splitList(flags.framework));
  // validated before anything is collected, so a bad file fails fast with file:line
  const exceptionsFile = flags.exceptions ?? config.exceptions;
  const attestationsPath = flags.attestations ?? config.attestations;
  const acceptance = await loadAcceptance({ exceptions: exceptionsFile && resolvePath(exceptionsFile), attestations: attestationsPath && resolvePath(attestationsPath) }, catalog);
  // The PDF signing libraries load only when a PAdES certificate is configured.
  const pades = config.reports.pdf ? await (await import('../report/index.ts')).padesFromConfig(config.reports.pdf, resolvePath) : null;
  const formats = runFormats(flags.formats, config.reports.formats);
  const detail = parseDetail(flags.detail, config.reports.detail);
  const baseline = parseReportBaseline(flags.baseline, frameworks);
  // the mapping is checked before anything is collected
  const amCompare = flags.auditmanagerCompare === true || config.auditManager?.compare === true;
  const amMapping = amCompare && config.auditManager?.mapping ? await loadCompareMapping(resolvePath(config.auditManager.mapping), frameworks) : null;
  const signer = await runSigner(flags, config, log); // local Ed25519 key, or AWS KMS
  const notifyConfig = flags.notify === false ? null : notifySection(config, flags.metricNamespace);
  const stop = stopOnSignals(log); // SIGTERM/SIGINT → interrupted run

  let sandbox: RunningSandbox | undefined;
  let clients: AwsClients;
  const asked = regionsFlag ?? config.regions;
  // "all": each account's enabled regions, listed from the home region.
  const allRegions = asked === 'all' || (Array.isArray(asked) && asked.length === 1 && asked[0] === 'all');
  const wanted = allRegions || asked === undefined ? undefined : (asked as string[]);
  if (wanted?.some((r) => r === 'all')) throw new UsageError('--regions: "all" cannot be combined with region names');
  let regions: string[];
  if (flags.sandbox) {
    const { startSandbox } = await import('../sandbox/index.ts');
    const { simulatedNow } = await import('../sandbox/index.ts');
    const day = parseIntFlag('--day', flags.day);
    sandbox = await startSandbox({
      port: 0,
      seed: parseIntFlag('--seed', flags.seed),
      day,
      accounts: parseIntFlag('--sandbox-accounts', flags.sandboxAccounts ?? '3'),
      resources: parseIntFlag('--resources', flags.resources ?? '300'),
      ...(sandboxFaults ? { faults: sandboxFaults } : {}),
    });
    log.info({ url: sandbox.url, account: sandbox.accountId }, 'sandbox started');
    // The sandbox lives on its simulated day: windows such as CloudTrail's event lookups are
    // measured on that clock, not the machine's.
    const awsNow = new Date(simulatedNow(day));
    clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: config.aws.maxAttempts, requestTimeoutMs: config.aws.requestTimeoutMs, now: () => awsNow });
    regions = allRegions ? [sandbox.regions[0]!] : (wanted ?? sandbox.regions);
    // The sandbox is an organization: collect all of it through the role every member has.
    if (!loaded.file || config.scope.accounts === 'caller') {
      config.scope = { ...config.scope, accounts: flags.accounts ? config.scope.accounts : 'organization', role: { ...config.scope.role, name: sandbox.collectorRole } };
    }
  } else {
    clients = new AwsClients({
      ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
      ...((flags.profile ?? config.aws.profile) ? { profile: flags.profile ?? config.aws.profile } : {}),
      maxAttempts: config.aws.maxAttempts,
      requestTimeoutMs: config.aws.requestTimeoutMs,
    });
    regions = allRegions ? [homeRegion()] : (wanted ?? defaultRegions(config));
    // the flag and the config are checked already; AWS_REGION is checked here, before any call
    const unknown = regions.map((r) => unknownRegionProblem(r)).filter((p) => p !== undefined);
    if (unknown.length > 0) throw new ConfigurationError(`AWS_REGION: ${unknown.join('; ')}`);
  }

  try {
    if (flags.accounts) {
      const v = flags.accounts.trim();
      config.scope = { ...config.scope, accounts: v === 'caller' || v === 'organization' ? v : (splitList(v) ?? []) };
      const bad = Array.isArray(config.scope.accounts) ? config.scope.accounts.filter((a) => !/^\d{12}$/.test(a)) : [];
      if (bad.length > 0 || (Array.isArray(config.scope.accounts) && config.scope.accounts.length === 0)) {
        throw new UsageError(`--accounts: expected caller, organization or 12-digit account ids, got ${JSON.stringify(flags.accounts)}`);
      }
    }
    const aggregator = flags.configAggregator ?? config.collection.configAggregator;
    if (aggregator !== undefined && !/^[\w-]{1,256}$/.test(aggregator)) throw new UsageError(`--config-aggregator: expected an aggregator name (letters, digits, _ and -), got ${JSON.stringify(aggregator)}`);
    if (flags.role) config.scope = { ...config.scope, role: { ...config.scope.role, name: flags.role } };
    if (flags.externalId) config.scope = { ...config.scope, role: { ...config.scope.role, externalId: flags.externalId } };
    // A progress bar on a terminal; structured logs are the record everywhere else.
    const tty = process.stderr.isTTY && !flags.json;
    const newBar = (format: string): cliProgress.SingleBar => new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
    let bar = tty ? newBar('collecting {bar} {value}/{total} collections | {duration}s elapsed | ETA {eta}s') : undefined;
    bar?.start(1, 0);
    // After collection a second line counts the reports as they are written and signed.
    let reportBar: cliProgress.SingleBar | undefined;
    // --verify starts when the manifest is stored, the reports' check once they are recorded.
    const verification = flags.verify ? verifyAsWritten(store, { publicKeyPem: signer.publicKeyPem() }) : null;
    const outcome = await executeRun({
      store,
      signer,
      clients,
      catalog,
      frameworks,
      regions,
      allRegions,
      scope: config.scope,
      concurrency: config.collection.concurrency,
      accountsInFlight: config.collection.accountsInFlight ?? DEFAULT_ACCOUNTS_IN_FLIGHT,
      configurationItems: config.collection.configurationItems !== false,
      ...(aggregator ? { configAggregator: aggregator } : {}),
      ...(config.collection.ruleParameters ? { ruleParameters: config.collection.ruleParameters } : {}),
      rateLimits: config.collection.rateLimits,
      ...(verification ? { onManifest: (runId: string) => verification.start(runId) } : {}),
      ...(config.collection.deadlineMinutes !== undefined ? { collectionDeadlineMs: config.collection.deadlineMinutes * 60_000 } : {}),
      ...(tty
        ? {
            onProgress: (done: number, total: number) => (bar?.setTotal(total), bar?.update(done)),
            onReport: (written: number, total: number, file: string) => {
              if (!reportBar) {
                bar?.stop();
                bar = undefined;
                reportBar = newBar('reports    {bar} {value}/{total} files | {duration}s elapsed | {file}');
                reportBar.start(total, 0, { file: '' });
              }
              reportBar.update(written, { file: file ? `${file.split(/[\\/]/).pop()} written` : 'rendering' });
            },
          }
        : {}),
      toolVersion: TOOL_VERSION,
      configDigest: loaded.digest,
      reportsOut: resolvePath(flags.out ?? config.reports.out),
      formats,
      failingResourceCap: config.reports.failingResourceCap,
      detail,
      ...(baseline ? { baseline } : {}),
      log,
      signal: stop.signal,
      acceptance,
      organization: config.organization?.name ?? null,
      pades,
      ...(shard ? { shard } : {}),
      ...(amCompare ? { extraDatasets: [AUDIT_MANAGER_DATASET], auditManagerMapping: amMapping } : {}),
      // The phase reached decides what a forced exit tells the operator it leaves behind.
      hooks: {
        ...context.hooks,
        phase: async (name, signal) => {
          stop.reached(name);
          await context.hooks?.phase?.(name, signal);
        },
      },
      ...(notifyConfig ? { notify: { config: notifyConfig, homeRegion: sandbox ? sandbox.regions[0]! : homeRegion() } } : {}),
    });
    bar?.stop();
    reportBar?.stop();
    const exitCode = outcome.status === 'complete' ? EXIT.OK : outcome.status === 'partial' ? EXIT.PARTIAL : EXIT.FAILED;
    let verified: VerifyReport | undefined;
    if (verification) verified = await verification.finish(outcome.runId);

    const controls = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
    for (const f of outcome.results.frameworks) for (const s of CONTROL_STATUSES) controls[s] += f.byStatus[s];

    if (!flags.json) {
      const out: string[] = [];
      out.push(`Run ${outcome.runId}: ${paint(outcome.status)}`);
      out.push(`  store      ${store.url}`);
      out.push(`  scope      account ${outcome.results.scope.accounts.join(', ')}; regions ${outcome.results.scope.regions.join(', ')}`);
      const sh = outcome.results.shard;
      if (sh) out.push(`  shard      ${sh.index}/${sh.count}: ${outcome.results.scope.accounts.length} of ${sh.of.length} accounts (not a whole-organization run: merge the shards with \`evidence merge\`)`);
      out.push(`  evidence   ${outcome.evidenceObjects} objects (${outcome.evidenceWritten} new versions, ${outcome.evidenceObjects - outcome.evidenceWritten} unchanged)`);
      out.push(...outcomeLines(outcome.results.frameworks, outcome.manifestKey, outcome.reports));
      out.push(...failureLines(outcome.results.coverage.collections));
      out.push(...notifyLine(outcome.notifications));
      if (verified) {
        const problems = verified.runs.flatMap((r) => r.problems);
        const head = verified.runs[0];
        out.push(
          verified.ok
            ? `  verified   ok: ${head?.objectsChecked ?? 0} objects, ${head?.reportsChecked ?? 0} reports, chain of ${verified.chainLength} manifest(s), key ${signer.keyId}`
            : `  verified   FAILED: ${problems.length} problem(s)\n${problems.map((p) => `    - ${p.message}`).join('\n')}`,
        );
      }
      process.stdout.write(out.join('\n') + '\n');
    }
    if (flags.json) {
      process.stdout.write(
        JSON.stringify({
          runId: outcome.runId,
          status: outcome.status,
          controls,
          frameworks: Object.fromEntries(outcome.results.frameworks.map((f) => [f.id, f.byStatus])),
          evidenceObjects: outcome.evidenceObjects,
          evidenceWritten: outcome.evidenceWritten,
          store: store.url,
          manifest: outcome.manifestKey,
          reports: outcome.reports,
          ...(outcome.results.shard ? { shard: { index: outcome.results.shard.index, count: outcome.results.shard.count } } : {}),
          ...(verified ? { verified: verified.ok } : {}),
          ...(outcome.notifications ? { notifications: outcome.notifications.deliveries.map((d) => ({ target: d.target, outcome: d.outcome, attempts: d.attempts })) } : {}),
          ...failureSummary(outcome.results.coverage.collections),
        }) + '\n',
      );
    }
    if (verified && !verified.ok) return EXIT.FAILED;
    return exitCode;
  } catch (err) {
    if (err instanceof RunInterruptedError) return reportInterrupted(err, flags, store.url);
    throw err;
  } finally {
    stop.dispose();
    clients.destroy();
    await sandbox?.close();
  }
}

/** "i/n", as a usage error naming the flag. */
function parseShardFlag(v: string): ReturnType<typeof parseShard> {
  try {
    return parseShard(v, '--shard');
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
}

function runFormats(flag: string | undefined, fallback: ReportFormat[]): ReportFormat[] {
  if (flag === undefined) return fallback;
  const { formats, unknown } = parseReportFormats(flag);
  if (unknown.length > 0) throw new UsageError(`--formats: unknown format ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known: ${REPORT_FORMATS.join(', ')}`);
  return formats;
}
