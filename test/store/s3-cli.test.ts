// The CLI against an S3 store on moto, as an operator runs it: `store check` refusing an unsafe
// bucket, a run into a bucket with Object Lock and SSE-KMS, signed by a KMS key, verified offline
// with the key's public key, and listed by `runs list`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { tempDir } from '../helpers.ts';
import { MOTO_BIN, MOTO_SKIP_REASON, makeBucket, makeKmsKey, startMoto, type Moto } from './moto.ts';

if (!MOTO_BIN) console.warn(MOTO_SKIP_REASON);

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const SMALL = ['--sandbox', '--sandbox-accounts', '1', '--resources', '20', '--regions', 'us-east-1', '-f', 'aws-baseline'];

let moto: Moto;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('evidence-s3cli-'));
  if (MOTO_BIN) moto = await startMoto();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  await cleanup?.();
});

function evidence(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...moto.env }, timeout: 120_000, killSignal: 'SIGKILL' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const lastJson = (s: string): Record<string, unknown> => JSON.parse(s.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe.skipIf(!MOTO_BIN)('CLI with an S3 store and a KMS signer (moto)', () => {
  it('store check: exit 1 naming an unversioned, public bucket; exit 0 for a safe one', async () => {
    const unsafe = await makeBucket(moto.s3, { versioning: false, blockPublicAccess: false });
    const bad = evidence(['store', 'check', '--store', `s3://${unsafe}/ev`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL {2}versioning +versioning is not enabled/);
    expect(bad.stdout).toMatch(/FAIL {2}public-access +public access is not blocked/);
    expect(bad.stdout).toMatch(/NOT SAFE: 2 check\(s\) failed/);
    const run = evidence(['run', ...SMALL, '--store', `s3://${unsafe}/ev`, '--key', path.join(dir, 'k.key'), '--create-key', '--out', path.join(dir, 'r0'), '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refusing to write to s3:\/\/.*\n.*versioning/);
    const safe = await makeBucket(moto.s3);
    const ok = evidence(['store', 'check', '--store', `s3://${safe}/ev`, '--json']);
    expect(ok.code).toBe(0);
    expect(lastJson(ok.stdout)).toMatchObject({ ok: true, url: `s3://${safe}/ev` });
  });

  it('runs into a locked, KMS-encrypted bucket, signs with KMS, verifies offline and lists the runs', async () => {
    const bucket = await makeBucket(moto.s3, { objectLock: true });
    const sseKey = await makeKmsKey(moto.kms, 'encrypt');
    const signKey = await makeKmsKey(moto.kms, 'sign');
    const cfg = path.join(dir, 'evidence.config.yaml');
    await fs.writeFile(cfg, `store: s3://${bucket}/prod\nstoreOptions:\n  objectLock: { mode: GOVERNANCE, days: 1 }\n  s3: { kmsKeyId: ${JSON.stringify(sseKey)} }\nsigning:\n  kms: { keyId: ${JSON.stringify(signKey)} }\n`);
    const out = path.join(dir, 'reports');
    const first = evidence(['run', ...SMALL, '--config', cfg, '--out', out, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const a = lastJson(first.stdout);
    expect(a).toMatchObject({ status: 'complete', store: `s3://${bucket}/prod` });
    const second = evidence(['run', ...SMALL, '--config', cfg, '--out', out, '--json', '--verify']);
    expect(second.code, second.stderr).toBe(0);
    const b = lastJson(second.stdout);
    expect(b).toMatchObject({ status: 'complete', verified: true, evidenceWritten: 0 });

    // Every object: SSE-KMS with the key, GOVERNANCE retention.
    const manifestKey = `prod/runs/${b.runId as string}/manifest.json`;
    const head = await moto.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: manifestKey }));
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', ObjectLockMode: 'GOVERNANCE' });

    // Offline: the report folder's public key (from KMS GetPublicKey) verifies the reports with openssl.
    const folder = path.dirname((b.reports as string[])[0]!);
    const pdf = 'aws-baseline.pdf';
    const cmd = `grep '"signature"' ${pdf}.sig | cut -d'"' -f4 | base64 -d > sig.der && openssl dgst -sha256 -verify public-key.pem -signature sig.der ${pdf}`;
    expect(spawnSync('sh', ['-c', cmd], { cwd: folder, encoding: 'utf8' }).stdout).toMatch(/Verified OK/);
    const files = evidence(['verify', '--file', path.join(folder, pdf), '--public-key', path.join(folder, 'public-key.pem')]);
    expect(files.code).toBe(0);

    // The whole store, pinned to that public key.
    const v = evidence(['verify', 'latest', '--config', cfg, '--all', '--orphans', '--public-key', path.join(folder, 'public-key.pem')]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/chain: 2 manifest\(s\); key pinned by --public-key/);
    expect(v.stdout).toMatch(/orphans: 0 of \d+ stored version\(s\)/);

    const list = evidence(['runs', 'list', '--config', cfg]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${a.runId as string} +\\S+ +complete .*ecdsa-p256:[0-9a-f]{16}`));
    expect(list.stdout).toMatch(new RegExp(`${b.runId as string} +\\S+ +complete`));
  }, 180_000);
});
