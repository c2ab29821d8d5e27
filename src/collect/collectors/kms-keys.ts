import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { isoTime, orAbsent } from '../absent.ts';
import type { KmsCustomerKey } from '../../domain/index.ts';

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
    const ids = listed.map((k) => k.KeyId ?? '');
    const keys: KmsCustomerKey[] = [];
    for (const KeyId of ids) {
      const p = { KeyId };
      const m = (await runner.call(requests, 'kms', 'DescribeKey', p, () => client.send(new DescribeKeyCommand(p)))).KeyMetadata;
      // AWS managed keys rotate on AWS's schedule; only customer managed keys are the account's to rotate.
      if (!m || m.KeyManager !== 'CUSTOMER') continue;
      // KMS rotates only symmetric keys whose material it made.
      const rotatable = m.KeySpec === 'SYMMETRIC_DEFAULT' && (m.Origin ?? 'AWS_KMS') === 'AWS_KMS';
      const r = rotatable
        ? await orAbsent(runner.call(requests, 'kms', 'GetKeyRotationStatus', p, () => client.send(new GetKeyRotationStatusCommand(p)), ['UnsupportedOperationException', 'KMSInvalidStateException']))
        : null;
      const next = isoTime(r?.NextRotationDate);
      keys.push({
        KeyId: m.KeyId ?? KeyId,
        Arn: m.Arn ?? '',
        KeyState: m.KeyState ?? '',
        KeySpec: m.KeySpec ?? '',
        KeyUsage: m.KeyUsage ?? '',
        Enabled: m.Enabled === true,
        CreationDate: isoTime(m.CreationDate) ?? '',
        ...(m.Description ? { Description: m.Description } : {}),
        rotation: r ? { KeyRotationEnabled: r.KeyRotationEnabled === true, ...(r.RotationPeriodInDays !== undefined ? { RotationPeriodInDays: r.RotationPeriodInDays } : {}), ...(next ? { NextRotationDate: next } : {}) } : null,
      });
    }
    return { keys };
  },
});
