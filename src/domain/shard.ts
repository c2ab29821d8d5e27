// Sharding: `evidence run --shard i/n` collects a stable 1/n of the accounts in scope. An
// account's shard depends only on its id and n (sha256 of the id, mod n), so it does not move
// when other accounts join or leave the organization, and every shard task computes the same
// partition without talking to the others.
//
// A shard run's id ends in `-s<i>of<n>`, so listings can tell shard runs from whole-organization
// runs without reading their manifests (the hash chain and `latest` follow whole runs only).
import { createHash } from 'node:crypto';
import { CommandLineError } from './errors.ts';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** The most shards a run may be split into (a bound on typos, not on scale). */
export const MAX_SHARDS = 1000;

export class ShardSpecError extends CommandLineError {
  override readonly name = 'ShardSpecError';
}

/** Parses "i/n" (1 ≤ i ≤ n ≤ MAX_SHARDS). */
export function parseShard(text: string, what = '--shard'): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ShardSpecError(`${what}: expected i/n (e.g. 2/4), got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new ShardSpecError(`${what}: the number of shards must be 1 to ${MAX_SHARDS}, got ${count} in ${JSON.stringify(text)}`);
  if (index < 1 || index > count) throw new ShardSpecError(`${what}: the shard must be 1 to ${count}, got ${index} in ${JSON.stringify(text)}`);
  return { index, count };
}

/** The 1-based shard an account belongs to among `count`. */
export function shardOf(account: string, count: number): number {
  const digest = createHash('sha256').update(account).digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count)) + 1;
}

export function inShard(account: string, spec: ShardSpec): boolean {
  return shardOf(account, spec.count) === spec.index;
}

/** Suffix of a shard run's id. */
export function shardRunSuffix(spec: ShardSpec): string {
  return `s${spec.index}of${spec.count}`;
}

const SHARD_ID_RE = /-s(\d+)of(\d+)$/;

/** The shard a run id names, or null for a whole-organization run. */
export function shardOfRunId(runId: string): ShardSpec | null {
  const m = SHARD_ID_RE.exec(runId);
  return m ? { index: Number(m[1]), count: Number(m[2]) } : null;
}
