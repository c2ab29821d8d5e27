// File backend with versioned-bucket semantics. Each key is a directory holding one file per
// version ("~v00000001", ...): a version is never overwritten, and a new one appears atomically
// (temp file, fsync, hard link that fails if the name exists, so concurrent writers never clash).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  assertValidKey,
  NotFoundError,
  sha256Hex,
  StoreError,
  type EvidenceStore,
  type PutOptions,
  type PutResult,
  type VersionInfo,
} from './store.ts';

const VERSION_PREFIX = '~v';
const VERSION_RE = /^~v(\d{8,})$/;

export class FileStore implements EvidenceStore {
  readonly url: string;
  constructor(readonly root: string) {
    this.url = `file://${root}`;
  }

  private dirOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Uint8Array, opts: PutOptions = {}): Promise<PutResult> {
    const dir = this.dirOf(key);
    const sha256 = sha256Hex(body);
    const versions = await this.versionNames(dir);
    const latest = versions.at(-1);
    if (opts.dedupe && latest) {
      const current = await fs.readFile(path.join(dir, latest));
      if (sha256Hex(current) === sha256) {
        return { key, versionId: latest.slice(1), sha256, size: body.byteLength, reused: true };
      }
    }
    const tmp = path.join(this.root, '.tmp', `${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await fs.mkdir(dir, { recursive: true });
      await fs.mkdir(path.dirname(tmp), { recursive: true });
      const fh = await fs.open(tmp, 'wx', 0o644);
      try {
        await fh.writeFile(body);
        await fh.sync();
      } finally {
        await fh.close();
      }
      let seq = latest ? Number(VERSION_RE.exec(latest)![1]) + 1 : 1;
      for (;;) {
        const name = `${VERSION_PREFIX}${String(seq).padStart(8, '0')}`;
        try {
          await fs.link(tmp, path.join(dir, name));
          await syncDir(dir);
          return { key, versionId: name.slice(1), sha256, size: body.byteLength, reused: false };
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          seq += 1; // another writer took this version number
        }
      }
    } catch (err) {
      throw new StoreError(`cannot write ${key} to ${this.url}: ${(err as Error).message}`, { cause: err });
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async get(key: string, versionId?: string): Promise<Uint8Array> {
    const dir = this.dirOf(key);
    let name: string | undefined;
    if (versionId === undefined) {
      name = (await this.versionNames(dir)).at(-1);
    } else if (/^v\d{8,}$/.test(versionId)) {
      name = `~${versionId}`;
    }
    if (!name) throw new NotFoundError(key, versionId);
    try {
      return await fs.readFile(path.join(dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(key, versionId);
      throw err;
    }
  }

  async head(key: string): Promise<VersionInfo | null> {
    return (await this.listVersions(key)).at(-1) ?? null;
  }

  async listVersions(key: string): Promise<VersionInfo[]> {
    const dir = this.dirOf(key);
    const out: VersionInfo[] = [];
    for (const name of await this.versionNames(dir)) {
      const st = await fs.stat(path.join(dir, name));
      out.push({ key, versionId: name.slice(1), size: st.size, lastModified: st.mtime.toISOString() });
    }
    return out;
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      if (rel && entries.some((e) => e.isFile() && VERSION_RE.test(e.name))) keys.push(rel);
      for (const e of entries) {
        if (e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('~')) {
          await walk(path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
        }
      }
    };
    // Walk from the deepest directory the prefix names fully, then filter by the whole prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    await walk(base ? path.join(this.root, ...base.split('/')) : this.root, base);
    return keys.filter((k) => k.startsWith(prefix)).sort();
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
