// moto_server as an independent S3/KMS/IAM implementation for tests and benchmarks: started on a
// free loopback port, waited for, stopped after. Tests skip, saying so, where it is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';

export const MOTO_BIN: string | null = (() => {
  const r = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
})();

export const MOTO_SKIP_REASON = 'moto_server is not on PATH: the S3/KMS tests against moto are skipped (pip install "moto[server]" to run them)';

export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const MOTO_REGION = 'us-east-1';

export interface Moto {
  endpoint: string;
  port: number;
  s3: S3Client;
  kms: KMSClient;
  /** Environment that points the CLI's S3 store and KMS signer at this moto. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startMoto(extraEnv: Record<string, string> = {}): Promise<Moto> {
  if (!MOTO_BIN) throw new Error(MOTO_SKIP_REASON);
  const port = await freePort();
  // moto logs every request on stderr. It goes to a file, never to a pipe this process reads:
  // tests block their event loop in spawnSync while a CLI child talks to moto, and a full pipe
  // would stop moto mid-request (it logs while holding its lock), hanging everything.
  const logFile = path.join(os.tmpdir(), `moto-${port}-${process.pid}.log`);
  const log = openSync(logFile, 'w');
  const child: ChildProcess = spawn(MOTO_BIN, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', log], env: { ...process.env, ...extraEnv } });
  closeSync(log);
  const stderrTail = (): string => {
    try {
      return readFileSync(logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderrTail()}`);
    try {
      const r = await fetch(`${endpoint}/moto-api/`);
      if (r.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start on ${endpoint} within 30 s: ${stderrTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const s3 = new S3Client({ endpoint, region: MOTO_REGION, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  const kms = new KMSClient({ endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS });
  return {
    endpoint,
    port,
    s3,
    kms,
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_KMS: endpoint,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_REGION: MOTO_REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stop: async () => {
      s3.destroy();
      kms.destroy();
      if (child.exitCode !== null) return rmSync(logFile, { force: true });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
      rmSync(logFile, { force: true });
    },
  };
}

export interface BucketSetup {
  versioning?: boolean;
  objectLock?: boolean;
  blockPublicAccess?: boolean;
}

/** A fresh bucket: by default versioned with Block Public Access on (what the store requires). */
export async function makeBucket(s3: S3Client, setup: BucketSetup = {}, name = `ev-${randomBytes(5).toString('hex')}`): Promise<string> {
  const { versioning = true, objectLock = false, blockPublicAccess = true } = setup;
  await s3.send(new CreateBucketCommand({ Bucket: name, ...(objectLock ? { ObjectLockEnabledForBucket: true } : {}) }));
  if (versioning && !objectLock) await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  if (blockPublicAccess) {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: name,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
  }
  return name;
}

/** An asymmetric signing key (ECC_NIST_P256) or a symmetric encryption key in moto's KMS. */
export async function makeKmsKey(kms: KMSClient, kind: 'sign' | 'encrypt'): Promise<string> {
  const out = await kms.send(
    new CreateKeyCommand(kind === 'sign' ? { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' } : { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' }),
  );
  return out.KeyMetadata!.Arn!;
}
