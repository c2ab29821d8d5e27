// Every resource verdict of a run, one JSON line per (check, account, region), stored as
// runs/<runId>/resources.ndjson and pinned by the manifest. results.json keeps per target only the
// counts and the resources that need attention, so neither the run nor the readers of results
// (reports, trend) hold an organization's full resource list in memory.
//
// Lines arrive in completion order; they are spooled to a temporary file and written out sorted
// by (check, account, region), so the stored file is deterministic and two runs can be merged
// line by line.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EvidenceStore } from './store.ts';
import type { ResourceCompliance, ResourceResult } from '../domain/index.ts';
import type { CheckTargetResult, RunResults, TargetStatus, VerdictSource } from '../domain/index.ts';
import { makeSpoolDir } from '../util/index.ts';

/** One line of resources.ndjson. */
export interface ResourceLine {
  check: string;
  account: string;
  region: string;
  status: TargetStatus;
  reason?: string;
  counts: Record<ResourceCompliance, number>;
  results: ResourceResult[];
  /** Config rule checks: who judged the resources (see CheckTargetResult.source). */
  source?: VerdictSource;
  capturedAt?: string;
}

/** What results.json keeps of a target's resources: the ones a reader must see by name. */
export function needsAttention(r: ResourceResult): boolean {
  return r.compliance === 'NON_COMPLIANT' || r.compliance === 'INSUFFICIENT_DATA';
}

export function trimTarget(t: CheckTargetResult): CheckTargetResult {
  return { ...t, results: t.results.filter(needsAttention) };
}

const sortKey = (check: string, account: string, region: string): string => `${check}\u0000${account}\u0000${region}`;

export interface SpooledResources {
  path: string;
  lines: number;
  size: number;
  /** Byte range of each check's lines in the sorted file (known while writing it). */
  ranges: Map<string, { start: number; end: number }>;
}

export class ResourceLog {
  private readonly index: { key: string; offset: number; length: number }[] = [];
  private offset = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly dir: string,
    private readonly out: WriteStream,
  ) {
    out.on('error', (err) => (this.failure ??= err));
  }

  static async create(): Promise<ResourceLog> {
    const dir = await makeSpoolDir('resources');
    return new ResourceLog(dir, createWriteStream(path.join(dir, 'unsorted.ndjson')));
  }

  write(check: string, t: CheckTargetResult): void {
    const line: ResourceLine = { check, account: t.account, region: t.region, status: t.status, ...(t.reason ? { reason: t.reason } : {}), counts: t.counts, results: t.results, ...(t.source ? { source: t.source } : {}), ...(t.capturedAt ? { capturedAt: t.capturedAt } : {}) };
    const bytes = Buffer.from(JSON.stringify(line) + '\n');
    this.index.push({ key: sortKey(check, t.account, t.region), offset: this.offset, length: bytes.length });
    this.offset += bytes.length;
    this.out.write(bytes);
  }

  /** Writes the sorted file and returns it; the caller stores it, then calls discard. */
  async finish(): Promise<SpooledResources> {
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (this.failure) throw this.failure;
    this.index.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const sortedPath = path.join(this.dir, 'resources.ndjson');
    const src = await open(path.join(this.dir, 'unsorted.ndjson'), 'r');
    const dst = await open(sortedPath, 'w');
    const ranges = new Map<string, { start: number; end: number }>();
    let at = 0;
    try {
      for (const { key, offset, length } of this.index) {
        const buf = Buffer.allocUnsafe(length);
        await src.read(buf, 0, length, offset);
        await dst.write(buf);
        const check = key.slice(0, key.indexOf('\u0000'));
        const r = ranges.get(check);
        if (r) r.end = at + length;
        else ranges.set(check, { start: at, end: at + length });
        at += length;
      }
      await dst.sync();
    } finally {
      await src.close();
      await dst.close();
    }
    return { path: sortedPath, lines: this.index.length, size: this.offset, ranges };
  }

  openSorted(spooled: SpooledResources): Readable {
    return createReadStream(spooled.path);
  }

  async discard(): Promise<void> {
    if (!this.out.closed) this.out.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Reads resources.ndjson line by line (a stream from the store). */
export async function* readResourceLines(stream: Readable): AsyncGenerator<ResourceLine> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n += 1;
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text) as ResourceLine;
    } catch (err) {
      throw new Error(`resources.ndjson line ${n} is not JSON: ${(err as Error).message}`, { cause: err });
    }
  }
}

const CHECK_PREFIX = /^\{"check":"((?:[^"\\]|\\.)*)"/;

/**
 * Byte ranges of each check's lines in a sorted resources.ndjson on local disk, so a reader can
 * stream one check's verdicts without loading the file.
 */
export class ResourceIndex {
  private constructor(
    readonly path: string,
    private readonly ranges: Map<string, { start: number; end: number }>,
  ) {}

  /** The index of a file this process has just written sorted: no need to read it again. */
  static ofSpooled(spooled: SpooledResources): ResourceIndex {
    return new ResourceIndex(spooled.path, spooled.ranges);
  }

  static async fromFile(file: string): Promise<ResourceIndex> {
    const ranges = new Map<string, { start: number; end: number }>();
    let offset = 0;
    let lineStart = 0;
    let head: Buffer[] = [];
    let headLen = 0;
    const finishLine = (end: number): void => {
      const text = Buffer.concat(head).toString('utf8');
      const m = CHECK_PREFIX.exec(text);
      if (m) {
        const check = JSON.parse(`"${m[1]}"`) as string;
        const r = ranges.get(check);
        if (r) r.end = end;
        else ranges.set(check, { start: lineStart, end });
      }
      head = [];
      headLen = 0;
      lineStart = end;
    };
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, from);
        const piece = chunk.subarray(from, nl === -1 ? chunk.length : nl);
        // Only the start of a line is needed to know its check.
        if (headLen < 512) {
          head.push(piece.subarray(0, 512 - headLen));
          headLen += Math.min(piece.length, 512 - headLen);
        }
        if (nl === -1) break;
        finishLine(offset + nl + 1);
        from = nl + 1;
      }
      offset += chunk.length;
    }
    if (headLen > 0) finishLine(offset);
    return new ResourceIndex(file, ranges);
  }

  has(check: string): boolean {
    return this.ranges.has(check);
  }

  async *lines(check: string): AsyncGenerator<ResourceLine> {
    const r = this.ranges.get(check);
    if (!r) return;
    yield* readResourceLines(createReadStream(this.path, { start: r.start, end: r.end - 1 }));
  }
}

/**
 * A run's stored resources.ndjson, copied at its pinned version to a temporary file (checked
 * against the pinned sha256) and indexed; null for runs written before the file existed.
 */
export async function openStoredResources(store: EvidenceStore, results: RunResults): Promise<{ index: ResourceIndex; close: () => Promise<void> } | null> {
  const pinned = results.resources;
  if (!pinned) return null;
  const dir = await makeSpoolDir('resources');
  const close = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'resources.ndjson');
    const hash = createHash('sha256');
    const source = await store.getStream(pinned.key, pinned.versionId);
    source.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(source, createWriteStream(file));
    const digest = hash.digest('hex');
    if (digest !== pinned.sha256) throw new Error(`${pinned.key} version ${pinned.versionId} has sha256 ${digest}, but the run's results pin ${pinned.sha256}`);
    return { index: await ResourceIndex.fromFile(file), close };
  } catch (err) {
    await close();
    throw err;
  }
}
