// Backends are chosen by URL (DESIGN habit 7).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileStore } from './file.ts';
import { StoreError, type EvidenceStore } from './store.ts';

export function openStore(url: string, cwd = process.cwd()): EvidenceStore {
  if (url.startsWith('file://')) {
    const rest = url.slice('file://'.length);
    // file://./relative and file:///absolute are both accepted.
    const p = rest.startsWith('/') ? fileURLToPath(`file://${rest}`) : path.resolve(cwd, rest);
    return new FileStore(p);
  }
  if (url.startsWith('s3://')) {
    throw new StoreError(`store ${url}: the S3 backend is not available yet; use a file:// store`);
  }
  if (!url.includes('://')) return new FileStore(path.resolve(cwd, url));
  throw new StoreError(`store URL ${JSON.stringify(url)} has an unknown scheme (expected file:// or s3://)`);
}
