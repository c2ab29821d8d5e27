// Configuration items of the sandbox's DynamoDB tables, in the shape of the public
// aws-config-resource-schema. As in config-items.ts, each item writes out the oracle's verdicts
// (ConfigFacts.verdict) as the settings that produce them.
import { hexOf, unit } from '../prng.ts';
import { DAY_MS, EPOCH, simulatedNow } from '../clock.ts';
import type { OrgModel, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { encryptionKey } from './config-items-analytics.ts';

export type InfraKind = 'table';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const INFRA_ITEM_RULES: Record<string, InfraKind> = {
  DYNAMODB_PITR_ENABLED: 'table',
  DYNAMODB_TABLE_ENCRYPTED_KMS: 'table',
};

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** How many of a kind an account-region holds: some hold none. */
export function infraCount(org: OrgModel, kind: InfraKind, account: string, region: string): number {
  return Math.floor(unit(org.seed, account, region, `${kind}-count`) * (4 + 0.03 * org.resources));
}

const TABLE_NAMES = ['orders', 'sessions', 'audit-events', 'feature-flags', 'customers', 'idempotency-keys'];

/** The i-th resource of a kind, named as Config names it (a table by its name). */
export function infraResource(org: OrgModel, kind: InfraKind, account: string, region: string, i: number): ResourceRef {
  switch (kind) {
    case 'table':
      return { type: 'AWS::DynamoDB::Table', id: `sbx-${TABLE_NAMES[i % TABLE_NAMES.length]!}-${i}` };
  }
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function infraItem(org: OrgModel, kind: InfraKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  // Created weeks before the simulation starts, so the time does not move with the day.
  const since = EPOCH - Math.floor((20 + 300 * unit(org.seed, res.id, 'since')) * DAY_MS);
  switch (kind) {
    case 'table':
      return table(org, account, region, res, i, day, since, v);
  }
}

function table(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, since: number, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const arn = `arn:aws:dynamodb:${region}:${account}:table/${res.id}`;
  const pitr = on('DYNAMODB_PITR_ENABLED');
  // A table without a KMS key is encrypted with the DynamoDB-owned key: DescribeTable then shows no SSEDescription.
  const kms = on('DYNAMODB_TABLE_ENCRYPTED_KMS');
  const onDemand = unit(org.seed, res.id, 'billing') < 0.6;
  const items = Math.floor(unit(org.seed, res.id, 'items') * 2_000_000);
  const now = simulatedNow(day);
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      tableName: res.id,
      tableArn: arn,
      tableId: `${hexOf(8, org.seed, res.id, 'id')}-${hexOf(4, org.seed, res.id, 'id1')}-${hexOf(4, org.seed, res.id, 'id2')}-${hexOf(4, org.seed, res.id, 'id3')}-${hexOf(12, org.seed, res.id, 'id4')}`,
      tableStatus: 'ACTIVE',
      creationDateTime: new Date(since).toISOString(),
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }, { attributeName: 'sk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }, { attributeName: 'sk', keyType: 'RANGE' }],
      billingModeSummary: { billingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED' },
      provisionedThroughput: onDemand ? { numberOfDecreasesToday: 0, readCapacityUnits: 0, writeCapacityUnits: 0 } : { numberOfDecreasesToday: 0, readCapacityUnits: 25, writeCapacityUnits: 10 },
      itemCount: items,
      tableSizeBytes: items * 180,
      deletionProtectionEnabled: unit(org.seed, res.id, 'deletion-protection') < 0.5,
      ...(kms ? { ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: encryptionKey(org, account, region, i, day, 'aws/dynamodb') } } : {}),
    },
    supplementaryConfiguration: {
      ContinuousBackupsDescription: {
        continuousBackupsStatus: 'ENABLED',
        pointInTimeRecoveryDescription: pitr
          ? { pointInTimeRecoveryStatus: 'ENABLED', recoveryPeriodInDays: 35, earliestRestorableDateTime: new Date(Math.max(since, now - 35 * DAY_MS)).toISOString(), latestRestorableDateTime: new Date(now - 5 * 60_000).toISOString() }
          : { pointInTimeRecoveryStatus: 'DISABLED' },
      },
    },
  };
}
