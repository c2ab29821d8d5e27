// `evidence merge`: combines the shard runs of one scope (`run --shard i/n`, i = 1..n) into one
// whole-organization run that reads as if a single run had collected everything:
// - each shard is verified first (manifest signature by a trusted key, every pinned object
//   re-hashed), and the set must be exactly shards 1..n of one n, with the same scope,
//   frameworks, config, tool version and exceptions/attestations files;
// - check targets, coverage and evidence references are combined (evidence is not copied: the
//   merged manifest pins the same versions), resources.ndjson files are merged line by line
//   (streamed, never loaded whole), and control statuses are judged again from the combined
//   checks with the same roll-up, exceptions and attestations as a run;
// - the result is stored, signed and reported like any run, with a new run id; its manifest
//   names the shards and pins their manifests.
import { createWriteStream, createReadStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Catalog } from '../catalog/index.ts';
import type { Framework } from '../catalog/index.ts';
import { ensureStoreReady, NotFoundError, sha256Hex, sha256OfVersion, type EvidenceStore } from '../store/index.ts';
import { keys, listRunIds, makeRunId, readManifest, type Manifest, type ReportsRecord } from '../store/index.ts';
import { encodeEnvelope, keyIdOf, parseEnvelope, verifyEnvelope, type Signer } from '../sign/index.ts';
import { countStatuses, evaluateControl } from '../evaluate/index.ts';
import { applyAcceptance, type AcceptanceContext, type SourcedAttestation, type SourcedException } from '../evaluate/index.ts';
import { utcDate } from '../evaluate/index.ts';
import { emptyStats, type CallStats } from '../collect/index.ts';
import type { PadesCredentials, ReportDetail } from '../report/index.ts';
import { finalizeRun, recordReports } from './finalize.ts';
import { reportFileNames, writeReports, type ReportFormat } from './reports.ts';
import { ResourceIndex } from '../store/index.ts';
import { shardOf, shardOfRunId } from '../domain/index.ts';
import type { RunOutcome } from './run.ts';
import type { CheckResult, CheckTargetResult, Coverage, EvidenceRef, FrameworkResult, MergedShard, RunResults, RunStatus, ShardRecord } from '../domain/index.ts';
import { EvidenceError } from '../domain/index.ts';
import { notifyRun, type NotifySettings } from '../notify/index.ts';
import type { AwsClients } from '../collect/index.ts';

/** The shards cannot be merged: the message names the run, shard or account at fault. */
export class MergeError extends EvidenceError {
  override readonly name = 'MergeError';
}

export interface MergeOptions {
  store: EvidenceStore;
  /** Signs the merged run; its public key is trusted for the shards' signatures. */
  signer: Signer;
  catalog: Catalog;
  /** The shard runs, in any order. */
  runIds: string[];
  /** Other public keys (PEM) trusted to have signed shards (e.g. after a key rotation). */
  trustedKeys?: string[];
  toolVersion: string;
  reportsOut: string;
  formats: ReportFormat[];
  failingResourceCap: number;
  /** How deep the HTML and PDF reports go (default full). */
  detail?: ReportDetail;
  log: Logger;
  now?: () => Date;
  organization?: string | null;
  pades?: PadesCredentials | null;
  /** Notifications after the merged run (config notify), with the clients to send them through. */
  notify?: NotifySettings & { clients: AwsClients; homeRegion: string };
  /** Told when the merged run's manifest is stored (before its reports are written), e.g. to start verifying it. */
  onManifest?: (runId: string) => void;
}

export interface MergeOutcome extends RunOutcome {
  shards: MergedShard[];
}

interface LoadedShard {
  runId: string;
  manifest: Manifest;
  ref: MergedShard['manifest'];
  results: RunResults;
  shard: ShardRecord;
}

const label = (s: { runId: string; shard: ShardRecord }): string => `run ${s.runId} (shard ${s.shard.index}/${s.shard.count})`;
const isAcceptance = (key: string): boolean => key.startsWith('exceptions/') || key.startsWith('attestations/');

/** Reads one shard run and verifies it: manifest signature by a trusted key, every pinned object. */
async function loadShard(store: EvidenceStore, runId: string, trusted: Map<string, string>): Promise<LoadedShard> {
  let loaded;
  try {
    loaded = await readManifest(store, runId);
  } catch (err) {
    throw new MergeError(`run ${runId}: ${(err as Error).message}`, { cause: err });
  }
  const m = loaded.manifest;
  if (!m.shard) throw new MergeError(`run ${runId} is not a shard run (its manifest has no shard); merge combines the runs of \`evidence run --shard i/n\``);
  const named = shardOfRunId(runId);
  if (m.runId !== runId || !named || named.index !== m.shard.index || named.count !== m.shard.count) {
    throw new MergeError(`run ${runId} fails verification: its manifest says run ${m.runId}, shard ${m.shard.index}/${m.shard.count}`);
  }
  const manifestKey = keys.manifest(runId);
  let sigBytes: Uint8Array;
  try {
    sigBytes = await store.get(keys.signature(manifestKey));
  } catch (err) {
    if (err instanceof NotFoundError) throw new MergeError(`run ${runId} fails verification: ${manifestKey} has no signature`, { cause: err });
    throw err;
  }
  const envelope = parseEnvelope(sigBytes, keys.signature(manifestKey));
  const pem = trusted.get(envelope.keyId);
  if (!pem) throw new MergeError(`run ${runId} is signed by key ${envelope.keyId}, which is not trusted (the merge signs with ${[...trusted.keys()][0]}; pass its public key with --public-key)`);
  const sig = verifyEnvelope(loaded.bytes, envelope, pem);
  if (!sig.ok) throw new MergeError(`run ${runId} fails verification: ${manifestKey}: ${sig.reason}`);

  const problems: string[] = [];
  const limit = pLimit(8);
  await Promise.all(
    m.objects.map((o) =>
      limit(async () => {
        try {
          const { sha256 } = await sha256OfVersion(store, o.key, o.versionId);
          if (sha256 !== o.sha256) problems.push(`${o.key} version ${o.versionId} has sha256 ${sha256}, the manifest pins ${o.sha256}`);
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
          problems.push(`${o.key} version ${o.versionId} is missing`);
        }
      }),
    ),
  );
  if (problems.length > 0) {
    throw new MergeError(`run ${runId} fails verification: ${problems.length} problem(s): ${problems.sort().slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`);
  }
  const bytes = await store.get(m.results.key, m.results.versionId);
  if (sha256Hex(bytes) !== m.results.sha256) throw new MergeError(`run ${runId} fails verification: ${m.results.key} does not match its manifest`);
  const results = JSON.parse(Buffer.from(bytes).toString('utf8')) as RunResults;
  if (JSON.stringify(results.shard) !== JSON.stringify(m.shard)) throw new MergeError(`run ${runId}: its results and its manifest name different shards`);
  if (!results.resources) throw new MergeError(`run ${runId} has no resources.ndjson: it was written by an older version; run the shard again`);
  return { runId, manifest: m, ref: { key: manifestKey, versionId: loaded.versionId, sha256: loaded.sha256, size: loaded.bytes.length }, results, shard: m.shard };
}

/** The shards must be exactly 1..n of one n, over one scope, judged the same way. */
function checkSet(shards: LoadedShard[]): void {
  const first = shards[0]!;
  const n = first.shard.count;
  for (const s of shards) {
    if (s.shard.count !== n) throw new MergeError(`${label(s)} splits the scope into ${s.shard.count}, but ${label(first)} into ${n}: all shards must come from one split`);
  }
  const byIndex = new Map<number, LoadedShard>();
  for (const s of shards) {
    const other = byIndex.get(s.shard.index);
    if (other) throw new MergeError(`shard ${s.shard.index}/${n} is given twice: runs ${other.runId} and ${s.runId}`);
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new MergeError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} (given: ${shards.map((s) => `${s.shard.index}/${n} run ${s.runId}`).join(', ')})`);
  }
  const same = (what: string, f: (s: LoadedShard) => unknown): void => {
    const want = JSON.stringify(f(first));
    const odd = shards.find((s) => JSON.stringify(f(s)) !== want);
    if (odd) throw new MergeError(`${label(odd)} and ${label(first)} differ in ${what}: ${JSON.stringify(f(odd))} vs ${want}`);
  };
  same('config digest', (s) => s.manifest.configDigest);
  same('tool version', (s) => s.manifest.tool.version);
  same('frameworks', (s) => s.manifest.frameworks.map((f) => `${f.id}@${f.version}`));
  same('checks', (s) => s.results.checks.map((c) => c.id));
  same('exceptions and attestations files', (s) => s.results.evidence.filter((e) => isAcceptance(e.key)).map((e) => `${e.key}@${e.sha256}`).sort());
  const of = new Set(first.shard.of);
  for (const s of shards) {
    const odd = s.shard.of.find((a) => !of.has(a)) ?? (s.shard.of.length !== of.size ? first.shard.of.find((a) => !s.shard.of.includes(a)) : undefined);
    if (odd !== undefined) {
      throw new MergeError(`${label(s)} and ${label(first)} resolved different scopes (${s.shard.of.length} vs ${of.size} accounts; account ${odd} is in one only): run the shards again`);
    }
  }
  const covered = new Map<string, LoadedShard>();
  for (const s of shards) {
    for (const a of s.results.scope.accounts) {
      if (!of.has(a)) throw new MergeError(`${label(s)} covers account ${a}, which is not in the scope it names`);
      if (shardOf(a, n) !== s.shard.index) throw new MergeError(`${label(s)} covers account ${a}, which belongs to shard ${shardOf(a, n)}/${n}`);
      const twice = covered.get(a);
      if (twice) throw new MergeError(`account ${a} is covered by both ${label(twice)} and ${label(s)}`);
      covered.set(a, s);
    }
  }
  const uncovered = first.shard.of.filter((a) => !covered.has(a));
  if (uncovered.length > 0) throw new MergeError(`account${uncovered.length > 1 ? 's' : ''} ${uncovered.join(', ')} (shard ${shardOf(uncovered[0]!, n)}/${n}) ${uncovered.length > 1 ? 'are' : 'is'} in no shard's results`);
}

/** Frameworks as the catalog has them now, which must be the versions the shards judged. */
function frameworksOf(catalog: Catalog, first: LoadedShard): Framework[] {
  return first.manifest.frameworks.map((f) => {
    const fw = catalog.byId.get(f.id);
    if (!fw) throw new MergeError(`framework ${f.id} of ${label(first)} is not in the catalog (custom frameworks come from the config's customFrameworks)`);
    if (fw.version !== f.version) throw new MergeError(`framework ${f.id} is version ${fw.version} in the catalog, but the shards were judged against version ${f.version}`);
    return fw;
  });
}

/**
 * The exceptions and attestations the shards applied. Every exception or attestation naming a
 * control of a selected framework is recorded on that control in every shard, whatever the
 * evidence, so the records give back the definitions; states are judged again on `asOf`.
 */
function acceptanceOf(shards: LoadedShard[], asOf: Date): AcceptanceContext {
  const exceptions = new Map<string, SourcedException>();
  const attestations = new Map<string, SourcedAttestation>();
  for (const s of shards) {
    for (const fw of s.results.frameworks) {
      for (const c of fw.controls) {
        for (const e of c.exceptions ?? []) {
          const { state: _s, failingResources: _f, coveredResources: _c, ...def } = e;
          exceptions.set(e.id, { ...def, line: e.source.line });
        }
        for (const a of c.attestations ?? []) {
          const { state: _s, ...def } = a;
          attestations.set(`${a.source.key}\u0000${a.source.line}\u0000${a.framework}\u0000${a.control}`, def);
        }
      }
    }
  }
  // File order, as the files were read.
  const bySource = (x: { source: { file: string; key: string; line: number } }, y: typeof x): number =>
    x.source.file < y.source.file ? -1 : x.source.file > y.source.file ? 1 : x.source.key < y.source.key ? -1 : x.source.key > y.source.key ? 1 : x.source.line - y.source.line;
  return { exceptions: [...exceptions.values()].sort(bySource), attestations: [...attestations.values()].sort(bySource), asOfDate: utcDate(asOf) };
}

const byKey =
  <T>(f: (x: T) => string) =>
  (a: T, b: T): number =>
    f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0;
const byTarget = byKey<CheckTargetResult>((t) => `${t.account}\u0000${t.region}`);

function mergeChecks(shards: LoadedShard[]): CheckResult[] {
  return shards[0]!.results.checks.map((c, i) => ({ ...c, targets: shards.flatMap((s) => s.results.checks[i]!.targets).sort(byTarget) }));
}

function mergeCoverage(shards: LoadedShard[]): Coverage {
  const calls: CallStats = emptyStats();
  for (const s of shards) {
    const c = s.results.coverage.calls;
    calls.calls += c.calls;
    for (const k of Object.keys(calls.byOutcome) as (keyof CallStats['byOutcome'])[]) calls.byOutcome[k] += c.byOutcome[k] ?? 0;
  }
  return {
    collections: shards.flatMap((s) => s.results.coverage.collections).sort(byKey((c) => `${c.account}/${c.region}/${c.collector}`)),
    rulesNotDeployed: shards.flatMap((s) => s.results.coverage.rulesNotDeployed).sort(byKey((r) => `${r.account}/${r.region}/${r.sourceIdentifier}`)),
    calls,
  };
}

/** Collected evidence of every shard (by key), then the exceptions/attestations files, as a run lists them. */
/** The shards' account names, as one map (a shard names only its own accounts). */
function mergedAccountNames(shards: RunResults[]): { accountNames?: Record<string, string> } {
  const names = Object.assign({}, ...shards.map((r) => r.scope.accountNames ?? {})) as Record<string, string>;
  return Object.keys(names).length > 0 ? { accountNames: names } : {};
}

function mergeEvidence(shards: LoadedShard[]): EvidenceRef[] {
  const refs = new Map<string, EvidenceRef>();
  for (const s of shards) for (const e of s.results.evidence) if (!refs.has(`${e.key}\u0000${e.versionId}`)) refs.set(`${e.key}\u0000${e.versionId}`, e);
  const all = [...refs.values()].sort(byKey((e) => e.key));
  return [...all.filter((e) => !isAcceptance(e.key)), ...all.filter((e) => isAcceptance(e.key))];
}

const LINE_PREFIX = /^\{"check":"((?:[^"\\]|\\.)*)","account":"((?:[^"\\]|\\.)*)","region":"((?:[^"\\]|\\.)*)"/;

/** The sort key of a resources.ndjson line (as src/run/resources.ts sorts): check, account, region. */
function lineKey(text: string): string {
  const m = LINE_PREFIX.exec(text);
  if (m) return [m[1]!, m[2]!, m[3]!].map((x) => JSON.parse(`"${x}"`) as string).join('\u0000');
  const l = JSON.parse(text) as { check: string; account: string; region: string };
  return `${l.check}\u0000${l.account}\u0000${l.region}`;
}

const write = (out: WriteStream, text: string): Promise<void> | undefined => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));

/**
 * Merges the shards' sorted resources.ndjson into one sorted file, streaming: one line of each
 * shard in memory at a time. Each source is checked against its pinned sha256 as it is read.
 */
async function mergeResources(store: EvidenceStore, shards: LoadedShard[], file: string): Promise<number> {
  const sources = await Promise.all(
    shards.map(async (s) => {
      const pinned = s.results.resources!;
      const stream = await store.getStream(pinned.key, pinned.versionId);
      const hash = createHash('sha256');
      stream.on('data', (chunk: Buffer) => hash.update(chunk));
      const lines = createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
      return { s, pinned, stream, hash, lines, head: null as { text: string; key: string } | null, n: 0 };
    }),
  );
  const advance = async (src: (typeof sources)[number]): Promise<void> => {
    for (;;) {
      const next = await src.lines.next();
      if (next.done) {
        src.head = null;
        return;
      }
      src.n += 1;
      if (next.value.trim() === '') continue;
      let key: string;
      try {
        key = lineKey(next.value);
      } catch (err) {
        throw new MergeError(`${src.pinned.key} of ${label(src.s)}: line ${src.n} is not a resource line: ${(err as Error).message}`, { cause: err });
      }
      if (src.head && key <= src.head.key) throw new MergeError(`${src.pinned.key} of ${label(src.s)}: line ${src.n} is out of order`);
      src.head = { text: next.value, key };
      return;
    }
  };
  const out = createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let lines = 0;
  try {
    for (const src of sources) await advance(src);
    let last: { key: string; from: LoadedShard } | null = null;
    // A linear scan for the smallest head: shard counts are small next to line counts.
    for (;;) {
      let min: (typeof sources)[number] | null = null;
      for (const src of sources) if (src.head && (!min || src.head.key < min.head!.key)) min = src;
      if (!min) break;
      const head = min.head!;
      if (last && last.key === head.key) {
        throw new MergeError(`${label(last.from)} and ${label(min.s)} both have a resource line for ${head.key.replaceAll('\u0000', ' ')}`);
      }
      await write(out, `${head.text}\n`);
      lines += 1;
      last = { key: head.key, from: min.s };
      await advance(min);
    }
    out.end();
    await closed;
  } catch (err) {
    for (const src of sources) src.stream.destroy();
    closed.catch(() => undefined); // destroyed, it never finishes
    out.destroy();
    throw err;
  }
  for (const src of sources) {
    const digest = src.hash.digest('hex');
    if (digest !== src.pinned.sha256) throw new MergeError(`${src.pinned.key} of ${label(src.s)} has sha256 ${digest}, its results pin ${src.pinned.sha256}`);
  }
  return lines;
}

/**
 * The shard runs since the last whole-organization run: the newest of each index among those
 * splitting the scope like the newest shard. A missing or stale shard is the merge's error to name.
 */
export async function latestShardRunIds(store: EvidenceStore): Promise<string[]> {
  const ids = await listRunIds(store);
  const lastWhole = ids.filter((id) => shardOfRunId(id) === null).at(-1) ?? '';
  const candidates = ids.filter((id) => shardOfRunId(id) !== null && id > lastWhole);
  const newest = candidates.at(-1);
  if (!newest) throw new MergeError(`no shard runs in ${store.url}${lastWhole ? ` since the last whole run ${lastWhole}` : ''}`);
  const n = shardOfRunId(newest)!.count;
  const odd = candidates.find((id) => shardOfRunId(id)!.count !== n);
  if (odd) throw new MergeError(`the shard runs since ${lastWhole || 'the first run'} split the scope differently (${odd} and ${newest}): name the runs to merge`);
  const byIndex = new Map<number, string>();
  for (const id of candidates) byIndex.set(shardOfRunId(id)!.index, id); // oldest first: the newest wins
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

export async function mergeShards(opts: MergeOptions): Promise<MergeOutcome> {
  const now = opts.now ?? (() => new Date());
  if (opts.runIds.length === 0) throw new MergeError('name the shard runs to merge (or use --shards-of latest)');
  const twice = opts.runIds.find((id, i) => opts.runIds.indexOf(id) !== i);
  if (twice) throw new MergeError(`run ${twice} is named twice`);
  const trusted = new Map<string, string>();
  for (const pem of [opts.signer.publicKeyPem(), ...(opts.trustedKeys ?? [])]) trusted.set(keyIdOf(createPublicKey(pem)), pem);

  const shards: LoadedShard[] = [];
  for (const id of opts.runIds) shards.push(await loadShard(opts.store, id, trusted));
  checkSet(shards);
  shards.sort((a, b) => a.shard.index - b.shard.index);
  const first = shards[0]!;
  const frameworkDefs = frameworksOf(opts.catalog, first);

  const started = new Date(Math.min(...shards.map((s) => Date.parse(s.results.startedAt))));
  const finished = new Date(Math.max(...shards.map((s) => Date.parse(s.results.finishedAt))));
  const runId = makeRunId(now(), randomBytes(3).toString('hex'));
  const log = opts.log.child({ run: runId });
  log.info({ shards: shards.map((s) => s.runId), store: opts.store.url }, 'merge started');
  await ensureStoreReady(opts.store);

  const checks = mergeChecks(shards);
  const byId = new Map(checks.map((c) => [c.id, c]));
  // Judged as a run judges, on the observation date of the earliest shard.
  const acceptance = acceptanceOf(shards, started);
  const frameworks: FrameworkResult[] = frameworkDefs.map((fw) => {
    const controls = fw.controls.map((c) => applyAcceptance(fw, c, evaluateControl(c, byId), byId, acceptance));
    return { id: fw.id, name: fw.name, version: fw.version, controls, byStatus: countStatuses(controls) };
  });
  const coverage = mergeCoverage(shards);
  const failed = coverage.collections.filter((c) => c.status === 'failed').length;
  // As a single run over the whole scope would read: failed only if nothing was collected.
  const status: RunStatus = coverage.collections.length > 0 && failed === coverage.collections.length ? 'failed' : failed > 0 ? 'partial' : 'complete';
  const covering = shards.filter((s) => s.results.scope.accounts.length > 0);
  // Shards of one configuration share its region list (kept in its order, as a run keeps it);
  // shards that each listed their accounts' enabled regions get the sorted union.
  const lists = (covering.length > 0 ? covering : [first]).map((s) => s.results.scope.regions);
  const regions = lists.every((l) => l.join(',') === lists[0]!.join(',')) ? [...lists[0]!] : [...new Set(lists.flat())].sort();
  const merged: MergedShard[] = shards.map((s) => ({ runId: s.runId, index: s.shard.index, manifest: s.ref }));
  const evidence = mergeEvidence(shards);
  const results: RunResults = {
    schema: 'run-results/v1',
    runId,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    status,
    toolVersion: first.results.toolVersion,
    scope: { accounts: [...first.shard.of], regions, ...mergedAccountNames(shards.map((s) => s.results)) },
    frameworks,
    checks,
    coverage,
    evidence,
    shards: merged,
  };

  const dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-merge-'));
  try {
    const file = path.join(dir, 'resources.ndjson');
    const lines = await mergeResources(opts.store, shards, file);
    const identities = [...new Set(shards.map((s) => s.manifest.scope.identity).filter((x): x is string => !!x))];
    const fin = await finalizeRun({
      store: opts.store,
      signer: opts.signer,
      results,
      identity: identities.join(', '),
      toolVersion: opts.toolVersion,
      configDigest: first.manifest.configDigest,
      now,
      resources: { open: () => createReadStream(file), lines },
      plannedReports: reportFileNames(frameworkDefs, opts.formats),
    });
    log.info({ status, shards: shards.length, evidenceObjects: evidence.length, manifest: fin.manifestKey }, 'manifest written');
    opts.onManifest?.(runId);
    const stored: ReportsRecord['reports'] = [];
    const reports = await writeReports({
      store: opts.store,
      signer: opts.signer,
      results,
      frameworks: frameworkDefs,
      formats: opts.formats,
      outDir: opts.reportsOut,
      failingResourceCap: opts.failingResourceCap,
      ...(opts.detail ? { detail: opts.detail } : {}),
      previousRunId: fin.previousId,
      manifest: { key: fin.manifestKey, bytes: fin.manifestBytes, sig: encodeEnvelope(fin.manifestSig), sha256: fin.manifestSig.sha256 },
      publicKeyPem: fin.publicKeyPem,
      now,
      organization: opts.organization ?? null,
      pades: opts.pades ?? null,
      log,
      resources: await ResourceIndex.fromFile(file),
      stored,
    });
    await recordReports({ store: opts.store, signer: opts.signer, runId, manifest: { key: fin.manifestKey, sha256: fin.manifestSig.sha256 }, reports: stored, now });
    log.info({ reports: reports.length }, 'merge finished');
    const notifications = opts.notify ? await notifyRun({ store: opts.store, catalog: opts.catalog, log, now, publicKeyPem: fin.publicKeyPem, ...opts.notify }, results, fin.previousId) : null;
    const collected = evidence.filter((e) => !isAcceptance(e.key));
    return {
      runId,
      status,
      results,
      manifestKey: fin.manifestKey,
      reports,
      evidenceObjects: collected.length,
      evidenceWritten: collected.filter((e) => !e.reused).length,
      shards: merged,
      notifications,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
