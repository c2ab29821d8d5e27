// AWS KMS (awsJson1_1, target prefix TrentService): the keys of an account-region, each key's
// metadata and its automatic-rotation status.
import { AwsError } from '../errors.ts';
import { DAY_MS, simulatedNow } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import type { KmsKeyFacts } from './kms-facts.ts';
import { decodeToken, encodeToken } from '../paging.ts';
import type { JsonHandler, RequestContext } from './types.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const ROTATION_DAYS = 365;

/** Key id → index per account-region, built on first use and bounded (ids are hashes). */
const indexes = new WeakMap<OrgModel, Map<string, Map<string, number>>>();
const MAX_INDEXES = 64;

function keyIdAt(org: OrgModel, account: string, region: string, i: number): string {
  return i < org.count('key', account, region) ? org.resource('key', account, region, i).id : org.kms.key(account, region, i, 0).id;
}

function indexOf(org: OrgModel, account: string, region: string, id: string): number | undefined {
  let byScope = indexes.get(org);
  if (!byScope) indexes.set(org, (byScope = new Map()));
  const k = `${account}/${region}`;
  let idx = byScope.get(k);
  if (!idx) {
    idx = new Map(Array.from({ length: org.kms.keyCount(account, region) }, (_, i) => [keyIdAt(org, account, region, i), i]));
    if (byScope.size >= MAX_INDEXES) byScope.delete(byScope.keys().next().value!);
    byScope.set(k, idx);
  }
  return idx.get(id);
}

/** A key by id, key ARN, alias name or alias ARN, as KMS accepts them. */
function resolveKey(input: Record<string, unknown>, ctx: RequestContext): KmsKeyFacts {
  const raw = input.KeyId;
  if (typeof raw !== 'string' || raw === '') throw new AwsError('ValidationException', "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
  const prefix = `arn:aws:kms:${ctx.region}:${ctx.account}:`;
  const local = raw.startsWith('arn:') ? (raw.startsWith(prefix) ? raw.slice(prefix.length) : '') : raw;
  let i: number | undefined;
  if (local.startsWith('key/')) i = indexOf(ctx.org, ctx.account, ctx.region, local.slice(4));
  else if (local.startsWith('alias/')) {
    const n = ctx.org.count('key', ctx.account, ctx.region);
    const k = ['aws/s3', 'aws/ebs', 'aws/rds'].indexOf(local.slice(6));
    i = k >= 0 ? n + k : undefined;
  } else if (local !== '') i = indexOf(ctx.org, ctx.account, ctx.region, local);
  if (i === undefined) {
    const name = local.startsWith('alias/') ? `Alias ${prefix}${local}` : `Key '${prefix}key/${local.replace(/^key\//, '') || raw}'`;
    throw new AwsError('NotFoundException', `${name} does not exist`);
  }
  return ctx.org.kms.key(ctx.account, ctx.region, i, ctx.day);
}

/** The first yearly rotation after "now", counted from the key's creation. */
export function nextRotation(created: number, day: number): number {
  const period = ROTATION_DAYS * DAY_MS;
  return created + Math.ceil((simulatedNow(day) - created + 1) / period) * period;
}

const secs = (ms: number): number => Math.floor(ms / 1000);

export const kmsHandlers: Record<string, JsonHandler> = {
  ListKeys(input, ctx) {
    const limit = input.Limit === undefined ? DEFAULT_LIMIT : Number(input.Limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new AwsError('ValidationException', `1 validation error detected: Value '${String(input.Limit)}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_LIMIT}`}`);
    }
    const scope = `ListKeys/${ctx.account}/${ctx.region}`;
    let offset: number;
    try {
      offset = decodeToken(input.Marker as string | undefined, scope);
    } catch {
      throw new AwsError('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');
    }
    const total = ctx.org.kms.keyCount(ctx.account, ctx.region);
    const end = Math.min(total, offset + limit);
    const keys = Array.from({ length: Math.max(0, end - offset) }, (_, k) => {
      const id = keyIdAt(ctx.org, ctx.account, ctx.region, offset + k);
      return { KeyId: id, KeyArn: ctx.org.kms.keyArn(ctx.account, ctx.region, id) };
    });
    return { Keys: keys, Truncated: end < total, ...(end < total ? { NextMarker: encodeToken(scope, end) } : {}) };
  },

  DescribeKey(input, ctx) {
    const k = resolveKey(input, ctx);
    const symmetric = k.spec === 'SYMMETRIC_DEFAULT';
    return {
      KeyMetadata: {
        AWSAccountId: ctx.account,
        KeyId: k.id,
        Arn: k.arn,
        CreationDate: secs(k.created),
        Enabled: k.state === 'Enabled',
        Description: k.description,
        KeyUsage: k.usage,
        KeyState: k.state,
        ...(k.deletionDate === undefined ? {} : { DeletionDate: secs(k.deletionDate) }),
        Origin: 'AWS_KMS',
        KeyManager: k.manager,
        CustomerMasterKeySpec: k.spec,
        KeySpec: k.spec,
        ...(symmetric ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } : { SigningAlgorithms: ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'] }),
        MultiRegion: false,
      },
    };
  },

  GetKeyRotationStatus(input, ctx) {
    const k = resolveKey(input, ctx);
    // KMS rotates only symmetric keys with KMS-made material; AWS managed keys always rotate.
    if (k.rotation === null) throw new AwsError('UnsupportedOperationException', `${k.arn} key usage ${k.usage} and key spec ${k.spec} are not supported for this operation.`);
    return {
      KeyRotationEnabled: k.rotation,
      KeyId: k.arn,
      ...(k.rotation ? { RotationPeriodInDays: ROTATION_DAYS, NextRotationDate: secs(nextRotation(k.created, ctx.day)) } : {}),
    };
  },
};
