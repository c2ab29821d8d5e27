// KMS's facts: the customer managed keys Config judges (rotation on, off, or not applicable to
// asymmetric keys), then the AWS managed keys every account-region has.
import { unit, uuidOf } from '../prng.ts';
import { atDay, DAY_MS, simulatedNow } from '../clock.ts';
import type { OrgModel, ResourceRef } from '../org.ts';

export interface KmsKeyFacts {
  id: string;
  arn: string;
  manager: 'CUSTOMER' | 'AWS';
  alias?: string;
  spec: 'SYMMETRIC_DEFAULT' | 'RSA_2048';
  usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
  created: number;
  description: string;
  /** Automatic rotation on or off; null where KMS does not support it (asymmetric keys). */
  rotation: boolean | null;
  state: 'Enabled' | 'PendingDeletion';
  /** When a key pending deletion is deleted. */
  deletionDate?: number;
}

/** The waiting period the sandbox's keys were scheduled for deletion with (KMS allows 7 to 30 days). */
const DELETION_WINDOW_DAYS = 30;

/** AWS managed keys every account-region has once the services have been used. */
/** The AWS managed keys of every account-region: those of the services whose items name one. */
export const AWS_MANAGED_KEY_ALIASES = ['aws/s3', 'aws/ebs', 'aws/rds', 'aws/redshift', 'aws/es', 'aws/dynamodb', 'aws/sagemaker', 'aws/dms', 'aws/elasticfilesystem', 'aws/kinesis', 'aws/sns', 'aws/kafka', 'aws/backup'];

/** The key id KMS lists for an AWS managed key, so resources that name it name a key KMS knows. */
export function awsManagedKeyId(seed: number, account: string, region: string, alias: string): string {
  if (!AWS_MANAGED_KEY_ALIASES.includes(alias)) throw new Error(`sandbox: no AWS managed key ${alias}`);
  return uuidOf(seed, account, 'aws-kms', region, alias);
}

export class KmsFacts {
  constructor(private readonly org: OrgModel) {}

  keyArn(account: string, region: string, id: string): string {
    return `arn:aws:kms:${region}:${account}:key/${id}`;
  }

  /** Customer managed keys (the ones Config judges), then the AWS managed ones. */
  keyCount(account: string, region: string): number {
    return this.org.count('key', account, region) + AWS_MANAGED_KEY_ALIASES.length;
  }

  key(account: string, region: string, i: number, day: number): KmsKeyFacts {
    const org = this.org;
    const n = org.count('key', account, region);
    if (i >= n) {
      const alias = AWS_MANAGED_KEY_ALIASES[i - n]!;
      const id = awsManagedKeyId(org.seed, account, region, alias);
      const service = alias.slice(4).toUpperCase();
      return { id, arn: this.keyArn(account, region, id), manager: 'AWS', alias, spec: 'SYMMETRIC_DEFAULT', usage: 'ENCRYPT_DECRYPT', created: atDay(-300, unit(org.seed, id)), description: `Default key that protects my ${service} resources when no other key is defined`, rotation: true, state: 'Enabled' };
    }
    const res = org.resource('key', account, region, i);
    // Config answers NOT_APPLICABLE for keys whose rotation KMS cannot do: asymmetric keys.
    const v = org.config.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, res, day).compliance;
    const asymmetric = v === 'NOT_APPLICABLE';
    const trailKey = this.isTrailKey(account, region, res.id);
    const deletion = this.deletionDate(account, region, res, day);
    return {
      id: res.id,
      arn: this.keyArn(account, region, res.id),
      manager: 'CUSTOMER',
      spec: asymmetric ? 'RSA_2048' : 'SYMMETRIC_DEFAULT',
      usage: asymmetric ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT',
      created: atDay(-10 - Math.floor(unit(org.seed, res.id, 'created') * 700), unit(org.seed, res.id, 'created-s')),
      description: trailKey ? 'organization trail log encryption' : asymmetric ? `signing key ${i}` : `data key ${i}`,
      rotation: asymmetric ? null : v === 'COMPLIANT',
      state: deletion === undefined ? 'Enabled' : 'PendingDeletion',
      ...(deletion === undefined ? {} : { deletionDate: deletion }),
    };
  }

  /**
   * Whether a customer key is pending deletion on a day. Only signing (asymmetric) keys are ever
   * scheduled: the key rotation rule already leaves them out of scope, and nothing in the sandbox
   * encrypts with them, so no other verdict or service changes with a key's deletion.
   */
  pendingDeletion(account: string, region: string, res: ResourceRef, day: number): boolean {
    const config = this.org.config;
    return config.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, res, day).compliance === 'NOT_APPLICABLE' && config.seeded('KMS_CMK_NOT_SCHEDULED_FOR_DELETION', account, region, res, day).compliance === 'NON_COMPLIANT';
  }

  /** When a key pending deletion goes: the waiting period counted from the day it was scheduled. */
  private deletionDate(account: string, region: string, res: ResourceRef, day: number): number | undefined {
    if (!this.pendingDeletion(account, region, res, day)) return undefined;
    let since = day;
    while (since > 0 && this.pendingDeletion(account, region, res, since - 1)) since -= 1;
    return simulatedNow(since) + DELETION_WINDOW_DAYS * DAY_MS;
  }

  /** The organization trail encrypts with the management account's first key. */
  isTrailKey(account: string, region: string, id: string): boolean {
    return account === this.org.management && region === this.org.first && id === this.org.resource('key', account, region, 0).id;
  }
}
