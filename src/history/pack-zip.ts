// Writes a zip with archiver, streamed to disk, one entry at a time, hashing each entry's bytes
// as they pass so SHA256SUMS can be written last without reading anything twice. Waiting for
// each entry before the next keeps memory to one entry's buffers.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, pipeline as pipeCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';

export class HashingZip {
  private readonly archive = new ZipArchive({ zlib: { level: 6 } });
  private readonly hashes = new Map<string, string>();
  private readonly waiting = new Map<string, () => void>();
  private readonly closed: Promise<void>;
  private bytesIn = 0;

  /** Entries carry `date` (fixed), so the same contents give the same zip. */
  constructor(
    readonly file: string,
    private readonly date: Date,
  ) {
    this.closed = pipeline(this.archive, createWriteStream(file, { flags: 'wx' }));
    this.closed.catch(() => undefined); // surfaced by add() and finish()
    this.archive.on('entry', (e) => {
      this.waiting.get(e.name)?.();
      this.waiting.delete(e.name);
    });
    this.archive.on('warning', (err) => this.archive.destroy(err));
  }

  /** Adds one file; resolves with its sha256 once the zip has taken all of its bytes. */
  async add(name: string, body: Uint8Array | Readable): Promise<string> {
    if (this.hashes.has(name) || this.waiting.has(name)) throw new Error(`pack entry ${name} added twice`);
    const h = createHash('sha256');
    let source: Buffer | Readable;
    if (body instanceof Uint8Array) {
      h.update(body);
      this.bytesIn += body.byteLength;
      source = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    } else {
      const tap = new Transform({
        transform: (chunk: Buffer, _enc, cb) => {
          h.update(chunk);
          this.bytesIn += chunk.byteLength;
          cb(null, chunk);
        },
      });
      pipeCallback(body, tap, () => undefined); // an error destroys tap, which fails the archive
      source = tap;
    }
    const taken = new Promise<void>((resolve) => this.waiting.set(name, resolve));
    this.archive.append(source, { name, date: this.date });
    await Promise.race([taken, this.closed.then(() => Promise.reject(new Error(`the zip closed before ${name} was written`)))]);
    const digest = h.digest('hex');
    this.hashes.set(name, digest);
    return digest;
  }

  /** Every entry's sha256 so far, by name. */
  sums(): Map<string, string> {
    return new Map(this.hashes);
  }

  get uncompressedBytes(): number {
    return this.bytesIn;
  }

  async finish(): Promise<void> {
    await this.archive.finalize();
    await this.closed;
  }

  /** Stops writing (the caller removes the file). */
  async abort(): Promise<void> {
    this.archive.abort();
    await this.closed.catch(() => undefined);
  }
}
