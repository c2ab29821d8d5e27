// Evidence store throughput: objects per second written (new versions), re-written unchanged
// (dedupe: a HEAD on S3, an attributes read on disk), read back, and one large streamed object,
// for the file store and for S3 on moto (a local S3 implementation: the figures measure this
// tool's overhead and moto's, not AWS's latency).
//
//   node --import tsx bench/store.ts [--objects 1000] [--size 4096] [--concurrency 16]
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { FileStore } from '../src/store/file.ts';
import { openStore } from '../src/store/open.ts';
import type { EvidenceStore } from '../src/store/store.ts';
import { MOTO_BIN, makeBucket, startMoto } from '../test/store/moto.ts';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('objects', 1000);
const SIZE = arg('size', 4096);
const CONCURRENCY = arg('concurrency', 16);
const BIG = arg('big-mib', 64) * 1024 * 1024;

interface Row {
  store: string;
  phase: string;
  count: number;
  seconds: number;
}

function body(i: number, gen: number): Buffer {
  const head = Buffer.from(JSON.stringify({ schema: 'evidence-object/v1', i, gen }));
  return Buffer.concat([head, Buffer.alloc(Math.max(0, SIZE - head.length), 32)]);
}
const key = (i: number): string => `evidence/${String(100000000000 + (i % 20))}/us-east-1/dataset-${i}.json`;

async function timed(store: string, phase: string, count: number, fn: () => Promise<void>, rows: Row[]): Promise<void> {
  const t0 = performance.now();
  await fn();
  rows.push({ store, phase, count, seconds: (performance.now() - t0) / 1000 });
}

async function bench(name: string, store: EvidenceStore, rows: Row[]): Promise<void> {
  const limit = pLimit(CONCURRENCY);
  const all = (fn: (i: number) => Promise<unknown>) => Promise.all(Array.from({ length: N }, (_, i) => limit(() => fn(i)))).then(() => undefined);
  await store.check();
  await timed(name, 'put new', N, () => all((i) => store.put(key(i), body(i, 1), { dedupe: true })), rows);
  await timed(name, 'put unchanged (dedupe)', N, () => all((i) => store.put(key(i), body(i, 1), { dedupe: true })), rows);
  await timed(name, 'put changed (new version)', N, () => all((i) => store.put(key(i), body(i, 2), { dedupe: true })), rows);
  await timed(name, 'get', N, () => all((i) => store.get(key(i))), rows);
  const chunks = () =>
    Readable.from(
      (function* () {
        for (let left = BIG; left > 0; left -= 1024 * 1024) yield Buffer.alloc(Math.min(left, 1024 * 1024), 7);
      })(),
    );
  await timed(name, `stream ${BIG / 1024 / 1024} MiB`, 1, () => store.putStream('reports/bench/big.pdf', chunks).then(() => undefined), rows);
}

const rows: Row[] = [];
const tmp = await mkdtemp(path.join(os.tmpdir(), 'evidence-bench-'));
try {
  await bench('file', new FileStore(path.join(tmp, 'store')), rows);
  if (MOTO_BIN) {
    const moto = await startMoto();
    try {
      const bucket = await makeBucket(moto.s3);
      await bench('s3 (moto)', openStore(`s3://${bucket}/bench`, process.cwd(), { s3: { client: moto.s3 } }), rows);
      const locked = await makeBucket(moto.s3, { objectLock: true });
      const lockedStore = openStore(`s3://${locked}/bench`, process.cwd(), { objectLock: { mode: 'GOVERNANCE', days: 1 }, s3: { client: moto.s3 } });
      await lockedStore.check();
      const limit = pLimit(CONCURRENCY);
      await timed('s3 (moto) + Object Lock', 'put new', N, () => Promise.all(Array.from({ length: N }, (_, i) => limit(() => lockedStore.put(key(i), body(i, 1), { dedupe: true })))).then(() => undefined), rows);
    } finally {
      await moto.stop();
    }
  } else {
    console.log('moto_server is not on PATH: S3 figures skipped');
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

console.log(`evidence store benchmark: ${N} objects of ${SIZE} bytes, ${CONCURRENCY} in flight; node ${process.version}, ${os.cpus().length} CPU(s)`);
const w = Math.max(...rows.map((r) => r.store.length));
const p = Math.max(...rows.map((r) => r.phase.length));
for (const r of rows) {
  const rate = r.count > 1 ? `${(r.count / r.seconds).toFixed(0).padStart(7)} objects/s` : `${(BIG / 1024 / 1024 / r.seconds).toFixed(0).padStart(7)} MiB/s    `;
  console.log(`${r.store.padEnd(w)}  ${r.phase.padEnd(p)}  ${rate}  (${r.seconds.toFixed(2)} s)`);
}
