// File backend with versioned-bucket semantics. Each key is a directory holding one file per
// version ("~v00000001", ...) and its attributes ("~v00000001.meta": sha256, size, content type,
// retention). A version is never overwritten, and appears atomically: temp file, fsync, then a
// hard link that fails if the name exists, so concurrent writers never clash and a process killed
// at any instant leaves either the whole version or none of it (stale temp files are removed by
// the next check). Retention is honoured by deleteVersion, as S3 Object Lock would; on a local
// disk it is advisory (anyone with the file system's permissions can still remove files).
import { createReadStream, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  assertValidKey,
  ConflictError,
  LockedError,
  NotFoundError,
  retainUntil,
  sha256Hex,
  sha256OfStream,
  StoreError,
  type DeleteOptions,
  type EvidenceStore,
  type GuardedRead,
  type LockMode,
  type ObjectLockOptions,
  type OpenBody,
  type PutOptions,
  type PutResult,
  type PutStreamOptions,
  type StoreCheck,
  type StoreFinding,
  type VersionInfo,
} from './store.ts';
import { processRunning } from '../util/index.ts';

const VERSION_PREFIX = '~v';
const VERSION_RE = /^~v(\d{8,})$/;
const META_SUFFIX = '.meta';
const TMP_DIR = '.tmp';
/** Temp files of a dead process, or older than this, are removed by check(). */
const STALE_TMP_MS = 24 * 3600_000;
/** list() lets other work run after this many directories read. */
const LIST_BATCH = 128;

export interface FileStoreOptions {
  objectLock?: ObjectLockOptions;
}

interface VersionMeta {
  sha256: string;
  size: number;
  contentType?: string;
  retention?: { mode: LockMode; until: string };
}

export class FileStore implements EvidenceStore {
  readonly url: string;
  constructor(
    readonly root: string,
    private readonly opts: FileStoreOptions = {},
  ) {
    this.url = `file://${root}`;
  }

  private dirOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private tmpPath(): string {
    return path.join(this.root, TMP_DIR, `${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  async put(key: string, body: Uint8Array, opts: PutOptions = {}): Promise<PutResult> {
    const dir = this.dirOf(key);
    const sha256 = sha256Hex(body);
    if (opts.dedupe) {
      const same = await this.sameAsLatest(key, dir, sha256, body.byteLength);
      if (same) return same;
    }
    const tmp = this.tmpPath();
    try {
      await fs.mkdir(path.dirname(tmp), { recursive: true });
      const fh = await fs.open(tmp, 'wx', 0o644);
      try {
        await fh.writeFile(body);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return await this.commit(key, dir, tmp, { sha256, size: body.byteLength, ...(opts.contentType ? { contentType: opts.contentType } : {}) });
    } catch (err) {
      throw this.writeError(key, err);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async putStream(key: string, open: OpenBody, opts: PutStreamOptions = {}): Promise<PutResult> {
    const dir = this.dirOf(key);
    const tmp = this.tmpPath();
    try {
      // One pass: the body goes to a temp file and through the hash at once.
      await fs.mkdir(path.dirname(tmp), { recursive: true });
      const fh = await fs.open(tmp, 'wx', 0o644);
      const h = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of open()) {
          const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
          h.update(b);
          size += b.byteLength;
          await fh.write(b);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const sha256 = h.digest('hex');
      if (opts.sha256 && opts.sha256 !== sha256) {
        throw new StoreError(`body of ${key} has sha256 ${sha256}, the caller said ${opts.sha256}`);
      }
      if (opts.dedupe) {
        const same = await this.sameAsLatest(key, dir, sha256, size);
        if (same) return same;
      }
      return await this.commit(key, dir, tmp, { sha256, size, ...(opts.contentType ? { contentType: opts.contentType } : {}) });
    } catch (err) {
      throw this.writeError(key, err);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async readGuarded(key: string): Promise<GuardedRead | null> {
    const dir = this.dirOf(key);
    // A version is never overwritten, so its name is a token that cannot be reused.
    for (const name of (await this.versionNames(dir)).reverse()) {
      try {
        return { bytes: await fs.readFile(path.join(dir, name)), token: name.slice(1) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // deleted meanwhile: the one before
      }
    }
    return null;
  }

  async putIfUnchanged(key: string, body: Uint8Array, token: string | null, opts: PutOptions = {}): Promise<PutResult> {
    const dir = this.dirOf(key);
    const latest = (await this.versionNames(dir)).at(-1);
    if ((latest?.slice(1) ?? null) !== token) throw new ConflictError(key);
    const seq = token === null ? 1 : Number(VERSION_RE.exec(`~${token}`)![1]) + 1;
    const name = `${VERSION_PREFIX}${String(seq).padStart(8, '0')}`;
    const sha256 = sha256Hex(body);
    const tmp = this.tmpPath();
    try {
      await fs.mkdir(path.dirname(tmp), { recursive: true });
      const fh = await fs.open(tmp, 'wx', 0o644);
      try {
        await fh.writeFile(body);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.mkdir(dir, { recursive: true });
      // The version file itself is the claim: of two writers holding the same token, one link
      // succeeds and the other meets EEXIST. Its attributes follow (a reader hashes until then).
      try {
        await fs.link(tmp, path.join(dir, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError(key);
        throw err;
      }
      const meta: VersionMeta = { sha256, size: body.byteLength, ...(opts.contentType ? { contentType: opts.contentType } : {}) };
      const lock = this.opts.objectLock;
      await this.writeMetaFile(dir, name, lock ? { ...meta, retention: { mode: lock.mode, until: retainUntil(lock).toISOString() } } : meta, true);
      await syncDir(dir);
      return { key, versionId: name.slice(1), sha256, size: body.byteLength, reused: false };
    } catch (err) {
      throw this.writeError(key, err);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  private writeError(key: string, err: unknown): StoreError {
    if (err instanceof StoreError) return err;
    return new StoreError(`cannot write ${key} to ${this.url}: ${(err as Error).message}`, { cause: err });
  }

  /** The latest version when it has these bytes (its retention extended if the lock asks for it). */
  private async sameAsLatest(key: string, dir: string, sha256: string, size: number): Promise<PutResult | null> {
    const latest = (await this.versionNames(dir)).at(-1);
    if (!latest) return null;
    const meta = await this.readMeta(dir, latest);
    if (meta.sha256 !== sha256) return null;
    if (this.opts.objectLock) await this.extendRetention(dir, latest, meta);
    return { key, versionId: latest.slice(1), sha256, size, reused: true };
  }

  private async extendRetention(dir: string, name: string, meta: VersionMeta): Promise<void> {
    const wanted = retainUntil(this.opts.objectLock!);
    if (meta.retention && new Date(meta.retention.until) >= wanted) return;
    const mode = meta.retention?.mode === 'COMPLIANCE' ? 'COMPLIANCE' : this.opts.objectLock!.mode;
    await this.writeMetaFile(dir, name, { ...meta, retention: { mode, until: wanted.toISOString() } }, true);
  }

  /** Links the synced temp file in as the next version; its attributes are claimed first. */
  private async commit(key: string, dir: string, tmp: string, meta: VersionMeta): Promise<PutResult> {
    await fs.mkdir(dir, { recursive: true });
    const full: VersionMeta = this.opts.objectLock ? { ...meta, retention: { mode: this.opts.objectLock.mode, until: retainUntil(this.opts.objectLock).toISOString() } } : meta;
    const latest = (await this.versionNames(dir)).at(-1);
    let seq = latest ? Number(VERSION_RE.exec(latest)![1]) + 1 : 1;
    for (;;) {
      const name = `${VERSION_PREFIX}${String(seq).padStart(8, '0')}`;
      // Claiming the attributes file first means retention exists before the version does.
      if (!(await this.writeMetaFile(dir, name, full, false))) {
        seq += 1; // another writer took this version number
        continue;
      }
      try {
        await fs.link(tmp, path.join(dir, name));
      } catch (err) {
        await fs.rm(path.join(dir, name + META_SUFFIX), { force: true });
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        seq += 1;
        continue;
      }
      await syncDir(dir);
      return { key, versionId: name.slice(1), sha256: meta.sha256, size: meta.size, reused: false };
    }
  }

  /** Writes "<name>.meta" atomically; without `replace`, returns false when it exists already. */
  private async writeMetaFile(dir: string, name: string, meta: VersionMeta, replace: boolean): Promise<boolean> {
    const tmp = this.tmpPath();
    await fs.mkdir(path.dirname(tmp), { recursive: true });
    try {
      const fh = await fs.open(tmp, 'wx', 0o644);
      try {
        await fh.writeFile(JSON.stringify(meta) + '\n');
        await fh.sync();
      } finally {
        await fh.close();
      }
      const target = path.join(dir, name + META_SUFFIX);
      if (replace) {
        await fs.rename(tmp, target);
      } else {
        try {
          await fs.link(tmp, target);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw err;
        }
      }
      return true;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /** A version's attributes; a version without them (older stores, or a kill mid-write) is hashed. */
  private async readMeta(dir: string, name: string): Promise<VersionMeta> {
    try {
      const m = JSON.parse(await fs.readFile(path.join(dir, name + META_SUFFIX), 'utf8')) as VersionMeta;
      if (typeof m.sha256 === 'string') return m;
    } catch {
      // fall through: hash the bytes
    }
    const { sha256, size } = await sha256OfStream(createReadStream(path.join(dir, name)));
    return { sha256, size };
  }

  private versionName(dir: string, versionId: string | undefined): Promise<string | undefined> | string | undefined {
    if (versionId === undefined) return this.versionNames(dir).then((v) => v.at(-1));
    return /^v\d{8,}$/.test(versionId) ? `~${versionId}` : undefined;
  }

  async get(key: string, versionId?: string): Promise<Uint8Array> {
    const dir = this.dirOf(key);
    const name = await this.versionName(dir, versionId);
    if (!name) throw new NotFoundError(key, versionId);
    try {
      return await fs.readFile(path.join(dir, name));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(key, versionId);
      throw err;
    }
  }

  async getStream(key: string, versionId?: string): Promise<Readable> {
    const dir = this.dirOf(key);
    const name = await this.versionName(dir, versionId);
    if (!name) throw new NotFoundError(key, versionId);
    try {
      const fh = await fs.open(path.join(dir, name), 'r');
      return fh.createReadStream();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(key, versionId);
      throw err;
    }
  }

  async head(key: string): Promise<VersionInfo | null> {
    const dir = this.dirOf(key);
    const latest = (await this.listVersions(key)).at(-1);
    if (!latest) return null;
    const meta = await this.readMeta(dir, `~${latest.versionId}`);
    return { ...latest, sha256: meta.sha256, ...(meta.retention ? { retention: meta.retention } : {}) };
  }

  async listVersions(key: string): Promise<VersionInfo[]> {
    const dir = this.dirOf(key);
    const out: VersionInfo[] = [];
    for (const name of await this.versionNames(dir)) {
      let st;
      try {
        st = await fs.stat(path.join(dir, name));
      } catch {
        continue; // deleted meanwhile
      }
      out.push({ key, versionId: name.slice(1), size: st.size, lastModified: st.mtime.toISOString() });
    }
    return out;
  }

  async list(prefix: string): Promise<string[]> {
    // Synchronous readdir, yielding to the event loop every LIST_BATCH directories: listing runs/
    // of a year of nightly runs reads about 2,900 directories, and one awaited readdir each cost
    // about 0.25 ms of CPU apiece (0.76 s in all), against about 0.03 ms for a synchronous one.
    const keys: string[] = [];
    const pending: [dir: string, rel: string][] = [];
    // Walk from the deepest directory the prefix names fully, then filter by the whole prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    pending.push([base ? path.join(this.root, ...base.split('/')) : this.root, base]);
    let read = 0;
    while (pending.length > 0) {
      const [dir, rel] = pending.pop()!;
      if (++read % LIST_BATCH === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw err;
      }
      if (rel && entries.some((e) => e.isFile() && VERSION_RE.test(e.name))) keys.push(rel);
      for (const e of entries) {
        if (e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('~')) {
          pending.push([path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name]);
        }
      }
    }
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  async listAllVersions(prefix: string): Promise<VersionInfo[]> {
    const out: VersionInfo[] = [];
    for (const key of await this.list(prefix)) out.push(...(await this.listVersions(key)));
    return out;
  }

  async deleteVersion(key: string, versionId: string, opts: DeleteOptions = {}): Promise<void> {
    const dir = this.dirOf(key);
    const name = await this.versionName(dir, versionId);
    if (!name) throw new NotFoundError(key, versionId);
    try {
      await fs.access(path.join(dir, name));
    } catch {
      throw new NotFoundError(key, versionId);
    }
    const meta = await this.readMeta(dir, name);
    if (meta.retention && new Date(meta.retention.until) > new Date()) {
      if (meta.retention.mode === 'COMPLIANCE' || !opts.bypassGovernance) {
        throw new LockedError(`${key} version ${versionId} is locked (${meta.retention.mode} retention until ${meta.retention.until})`);
      }
    }
    await fs.rm(path.join(dir, name), { force: true });
    await fs.rm(path.join(dir, name + META_SUFFIX), { force: true });
    await syncDir(dir);
  }

  async check(): Promise<StoreCheck> {
    const findings: StoreFinding[] = [];
    let writable = false;
    try {
      await fs.mkdir(path.join(this.root, TMP_DIR), { recursive: true });
      const probe = this.tmpPath();
      await fs.writeFile(probe, 'write check\n', { flag: 'wx' });
      await fs.rm(probe);
      writable = true;
      findings.push({ check: 'write', ok: true, detail: `can write under ${this.root}` });
    } catch (err) {
      findings.push({ check: 'write', ok: false, detail: `cannot write under ${this.root}: ${(err as Error).message}` });
    }
    if (writable) {
      const st = await fs.stat(this.root);
      const worldWritable = (st.mode & 0o002) !== 0;
      findings.push({
        check: 'public-access',
        ok: !worldWritable,
        detail: worldWritable ? `${this.root} is writable by every user (mode ${(st.mode & 0o777).toString(8)}); chmod o-w it` : `${this.root} is not writable by other users (mode ${(st.mode & 0o777).toString(8)})`,
      });
      const removed = await this.removeStaleTemps();
      findings.push({ check: 'versioning', ok: true, detail: `every key keeps all its versions (~vNNNNNNNN files)${removed ? `; removed ${removed} temporary file(s) left by an interrupted process` : ''}` });
    }
    const lock = this.opts.objectLock;
    findings.push({
      check: 'object-lock',
      ok: true,
      detail: lock ? `${lock.mode} retention of ${lock.days} day(s) recorded on every version and honoured by this tool (advisory on a local disk)` : 'no retention configured',
    });
    findings.push({ check: 'encryption', ok: true, detail: 'file store: encryption is the file system\'s (not checked)' });
    return { url: this.url, ok: findings.every((f) => f.ok), findings };
  }

  /** Removes temp files of processes that no longer run (a run killed mid-write). */
  private async removeStaleTemps(): Promise<number> {
    const dir = path.join(this.root, TMP_DIR);
    let removed = 0;
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const pid = Number(name.split('-')[0]);
      let stale = pid !== process.pid && !processRunning(pid);
      if (!stale) {
        const st = await fs.stat(path.join(dir, name)).catch(() => null);
        stale = st !== null && Date.now() - st.mtimeMs > STALE_TMP_MS;
      }
      if (stale) {
        await fs.rm(path.join(dir, name), { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private async versionNames(dir: string): Promise<string[]> {
    try {
      const names = (await fs.readdir(dir)).filter((n) => VERSION_RE.test(n));
      return names.sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw err;
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
