import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { isoTime, orAbsent } from '../absent.ts';
import type { KmsCustomerKey } from '../../domain/index.ts';
import { timestamp, validated, z } from '../validate.ts';

const KEYS = z.array(z.object({ KeyId: z.string().min(1) }));
// Who manages the key, its state and spec decide whether it is judged at all: none may be guessed.
const METADATA = z.object({
  KeyMetadata: z.object({
    KeyId: z.string().min(1),
    Arn: z.string().min(1),
    KeyManager: z.enum(['AWS', 'CUSTOMER']),
    KeyState: z.string().min(1),
    KeySpec: z.string().min(1),
    // Not judged by any check: recorded when given.
    KeyUsage: z.string().optional(),
    Enabled: z.boolean(),
    Origin: z.string().min(1),
    CreationDate: timestamp,
    Description: z.string().optional(),
  }),
});
const ROTATION = z.object({ KeyRotationEnabled: z.boolean(), RotationPeriodInDays: z.number().int().optional() });

const PAGE = 1000;

export const kmsKeys = defineCollector({
  id: 'kms-keys',
  service: 'kms',
  scope: 'region',
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.kms(target.region);
    const listed = await allPages(runner, requests, {
      service: 'kms',
      command: ListKeysCommand,
      send: (c: ListKeysCommand) => client.send(c),
      input: {},
      token: { request: 'Marker', response: 'NextMarker' },
      items: 'Keys',
      pageSize: { field: 'Limit', value: PAGE },
      truncated: 'Truncated',
    });
    const ids = validated(KEYS, listed, 'kms', 'ListKeys').map((k) => k.KeyId);
    const keys: KmsCustomerKey[] = [];
    for (const KeyId of ids) {
      const p = { KeyId };
      const m = validated(METADATA, await runner.call(requests, 'kms', 'DescribeKey', p, () => client.send(new DescribeKeyCommand(p))), 'kms', 'DescribeKey').KeyMetadata;
      // AWS managed keys rotate on AWS's schedule; only customer managed keys are the account's to rotate.
      if (m.KeyManager !== 'CUSTOMER') continue;
      // KMS rotates only symmetric keys whose material it made.
      const rotatable = m.KeySpec === 'SYMMETRIC_DEFAULT' && m.Origin === 'AWS_KMS';
      const r = rotatable
        ? await orAbsent(runner.call(requests, 'kms', 'GetKeyRotationStatus', p, () => client.send(new GetKeyRotationStatusCommand(p)), ['UnsupportedOperationException', 'KMSInvalidStateException']))
        : null;
      if (r) validated(ROTATION, r, 'kms', 'GetKeyRotationStatus');
      const next = isoTime(r?.NextRotationDate);
      keys.push({
        KeyId: m.KeyId,
        Arn: m.Arn,
        KeyState: m.KeyState,
        KeySpec: m.KeySpec,
        KeyUsage: m.KeyUsage ?? '',
        Enabled: m.Enabled,
        CreationDate: isoTime(m.CreationDate)!,
        ...(m.Description ? { Description: m.Description } : {}),
        rotation: r ? { KeyRotationEnabled: r.KeyRotationEnabled === true, ...(r.RotationPeriodInDays !== undefined ? { RotationPeriodInDays: r.RotationPeriodInDays } : {}), ...(next ? { NextRotationDate: next } : {}) } : null,
      });
    }
    return { keys };
  },
});
