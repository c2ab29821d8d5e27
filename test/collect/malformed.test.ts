// Collectors against answers that do not say what the checks need: a field missing or of the
// wrong type, or an answer of another shape. Each is fed through a wrapper around the clients'
// send (the sandbox answers, the wrapper spoils one operation's answer) and must fail the
// collection naming the operation and field, so the checks read ERROR, never PASS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import pLimit from 'p-limit';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { CallRunner, CollectCallError } from '../../src/collect/calls.ts';
import { datasetContext } from '../../src/collect/define.ts';
import { collectorFor } from '../../src/collect/collectors/index.ts';
import { collectEvidence } from '../../src/collect/engine.ts';
import { evaluateChecks } from '../../src/evaluate/checks.ts';
import { apiChecks } from '../../src/checks/index.ts';
import { FileStore } from '../../src/store/file.ts';
import { silentLogger } from '../../src/util/log.ts';
import type { DatasetId } from '../../src/domain/datasets.ts';
import { tempDir } from '../helpers.ts';

type Answer = Record<string, unknown>;
type Spoil = (answer: Answer) => Answer;

/** Clients whose every SDK client spoils the answers of one operation; counts how often it did. */
class Spoiling extends AwsClients {
  hits = 0;
  constructor(
    base: AwsClients,
    private readonly operation: string,
    private readonly spoil: Spoil,
  ) {
    super(base.opts);
  }
  override client<T extends { destroy(): void }>(Class: new (config: never) => T, region: string, extra: Record<string, unknown> = {}): T {
    const c = super.client(Class as never, region, extra) as T & { send: (cmd: object) => Promise<Answer>; spoiled?: boolean };
    if (!c.spoiled) {
      const send = c.send.bind(c);
      c.send = async (cmd: object) => {
        const out = await send(cmd);
        if (cmd.constructor.name !== `${this.operation}Command`) return out;
        // An answer without the field (an empty page of events) is passed on as it came: only an
        // answer actually spoiled counts, so a case cannot pass on the wrapper's own error.
        let spoiled: Answer;
        try {
          spoiled = this.spoil(structuredClone(out));
        } catch (err) {
          if (err instanceof NothingToSpoil) return out;
          throw err;
        }
        this.hits += 1;
        return spoiled;
      };
      c.spoiled = true;
    }
    return c;
  }
}

class NothingToSpoil extends Error {}

/** The object holding the last key: each key steps in, and a list steps to its first item. */
function holder(a: Answer, keys: string[]): Answer {
  let o: unknown = a;
  for (const k of keys.slice(0, -1)) {
    o = (o as Answer)[k];
    if (Array.isArray(o)) o = o[0];
  }
  if (!o || typeof o !== 'object') throw new NothingToSpoil(`the answer has no ${keys.join('.')} to spoil`);
  return o as Answer;
}
const drop =
  (...keys: string[]): Spoil =>
  (a) => {
    delete holder(a, keys)[keys.at(-1)!];
    return a;
  };
const set =
  (value: unknown, ...keys: string[]): Spoil =>
  (a) => {
    holder(a, keys)[keys.at(-1)!] = value;
    return a;
  };
/** Another operation's answer in place of this one's (a listing where a status was asked for). */
const otherShape: Spoil = (a) => ({ $metadata: a.$metadata, Contents: [{ Key: 'x' }], IsTruncated: false, Name: 'b' });

// collector, operation spoiled, how, the field the error must name
const CASES: [DatasetId, string, Spoil, RegExp][] = [
  ['s3-buckets', 'GetBucketPolicyStatus', drop('PolicyStatus', 'IsPublic'), /PolicyStatus\.IsPublic/],
  ['s3-buckets', 'GetBucketPolicyStatus', otherShape, /PolicyStatus/],
  ['s3-buckets', 'GetBucketPolicyStatus', set('true', 'PolicyStatus', 'IsPublic'), /PolicyStatus\.IsPublic/],
  ['s3-buckets', 'GetPublicAccessBlock', drop('PublicAccessBlockConfiguration', 'RestrictPublicBuckets'), /RestrictPublicBuckets/],
  ['s3-buckets', 'GetBucketVersioning', set('On', 'Status'), /Status/],
  ['s3-buckets', 'ListBuckets', set([{ CreationDate: new Date() }], 'Buckets'), /Buckets\.0\.Name/],
  ['s3-account-public-access-block', 'GetPublicAccessBlock', drop('PublicAccessBlockConfiguration', 'IgnorePublicAcls'), /IgnorePublicAcls/],
  ['cloudtrail-trails', 'DescribeTrails', drop('trailList', 'HomeRegion'), /trailList\.0\.HomeRegion/],
  ['cloudtrail-trails', 'DescribeTrails', drop('trailList'), /trailList/],
  ['cloudtrail-trails', 'GetTrailStatus', drop('IsLogging'), /IsLogging/],
  ['cloudtrail-trails', 'GetTrailStatus', set('yes', 'IsLogging'), /IsLogging/],
  ['cloudtrail-event-selectors', 'GetEventSelectors', drop('TrailARN'), /TrailARN/],
  ['cloudtrail-event-selectors', 'GetEventSelectors', set([{ IncludeManagementEvents: true }], 'EventSelectors'), /EventSelectors\.0\.ReadWriteType/],
  ['cloudtrail-event-selectors', 'GetEventSelectors', set([{ ReadWriteType: 'All' }], 'EventSelectors'), /IncludeManagementEvents/],
  ['cloudtrail-event-selectors', 'GetEventSelectors', set([{ FieldSelectors: [{ Equals: ['Management'] }] }], 'AdvancedEventSelectors'), /AdvancedEventSelectors\.0\.FieldSelectors\.0\.Field/],
  ['cloudtrail-event-selectors', 'DescribeTrails', drop('trailList', 'IsMultiRegionTrail'), /IsMultiRegionTrail/],
  ['cloudtrail-events', 'LookupEvents', set('{not json', 'Events', 'CloudTrailEvent'), /CloudTrailEvent is not JSON/],
  ['cloudtrail-events', 'LookupEvents', set('{}', 'Events', 'CloudTrailEvent'), /userIdentity/],
  ['cloudtrail-events', 'LookupEvents', drop('Events', 'EventName'), /EventName/],
  ['config-recorders', 'DescribeConfigurationRecorderStatus', drop('ConfigurationRecordersStatus', 'recording'), /recording/],
  ['config-recorders', 'DescribeConfigurationRecorderStatus', drop('ConfigurationRecordersStatus'), /ConfigurationRecordersStatus/],
  ['config-delivery-channels', 'DescribeDeliveryChannelStatus', drop('DeliveryChannelsStatus', 'configHistoryDeliveryInfo', 'lastStatus'), /lastStatus/],
  ['config-delivery-channels', 'DescribeDeliveryChannelStatus', (a) => drop('DeliveryChannelsStatus', 'configSnapshotDeliveryInfo', 'lastSuccessfulTime')(set('SUCCESS', 'DeliveryChannelsStatus', 'configSnapshotDeliveryInfo', 'lastStatus')(a)), /configSnapshotDeliveryInfo\.lastSuccessfulTime: a successful delivery without lastSuccessfulTime/],
  ['config-delivery-channels', 'DescribeDeliveryChannelStatus', set('Delivered', 'DeliveryChannelsStatus', 'configStreamDeliveryInfo', 'lastStatus'), /configStreamDeliveryInfo\.lastStatus/],
  ['guardduty-detectors', 'GetDetector', drop('Status'), /Status/],
  ['guardduty-detectors', 'ListDetectors', set([7], 'DetectorIds'), /0: /],
  ['iam-account-summary', 'GetAccountSummary', drop('SummaryMap', 'AccountMFAEnabled'), /SummaryMap\.AccountMFAEnabled/],
  ['iam-account-summary', 'GetAccountSummary', set('1', 'SummaryMap', 'AccountAccessKeysPresent'), /AccountAccessKeysPresent/],
  ['iam-password-policy', 'GetAccountPasswordPolicy', set('14', 'PasswordPolicy', 'MinimumPasswordLength'), /MinimumPasswordLength/],
  ['iam-password-policy', 'GetAccountPasswordPolicy', drop('PasswordPolicy'), /PasswordPolicy/],
  ['iam-credential-report', 'GetCredentialReport', drop('GeneratedTime'), /GeneratedTime/],
  ['iam-credential-report', 'GetCredentialReport', drop('Content'), /Content/],
  ['iam-credential-report', 'GetCredentialReport', (a) => ({ ...a, Content: new TextEncoder().encode('user,arn\nalice\n') }), /lacks column/],
  ['iam-credential-report', 'GenerateCredentialReport', drop('State'), /State/],
  ['kms-keys', 'DescribeKey', drop('KeyMetadata', 'KeyManager'), /KeyMetadata\.KeyManager/],
  ['kms-keys', 'DescribeKey', drop('KeyMetadata', 'KeyState'), /KeyMetadata\.KeyState/],
  ['kms-keys', 'GetKeyRotationStatus', drop('KeyRotationEnabled'), /KeyRotationEnabled/],
  ['securityhub-standards', 'GetEnabledStandards', drop('StandardsSubscriptions', 'StandardsStatus'), /StandardsStatus/],
  ['access-analyzer-analyzers', 'ListAnalyzers', drop('analyzers', 'status'), /status/],
  ['account-regions', 'ListRegions', drop('Regions', 'RegionOptStatus'), /RegionOptStatus/],
];

let sandbox: RunningSandbox;
let base: AwsClients;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 16, accounts: 0, resources: 40, faults: { throttling: false } });
  base = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 1 });
}, 60_000);
afterAll(async () => {
  base?.destroy();
  await sandbox?.close();
});

describe('a collector fed a malformed answer fails, naming operation and field', () => {
  it.each(CASES)('%s: %s %#', async (id, operation, spoil, field) => {
    const collector = collectorFor(id);
    // The spoiled operation must be asked somewhere: try the regions until it is.
    let hits = 0;
    for (const region of sandbox.regions) {
      const clients = new Spoiling(base, operation, spoil);
      const target = { account: sandbox.accountId, region };
      const got = await collector.collect(datasetContext(new CallRunner(pLimit(4)), target, clients, [])).then(
        () => null,
        (err: unknown) => err,
      );
      hits += clients.hits;
      clients.destroy();
      if (clients.hits === 0) continue;
      expect(got).toBeInstanceOf(CollectCallError);
      expect((got as CollectCallError).message).toContain(operation);
      expect((got as CollectCallError).message).toMatch(field);
      break;
    }
    expect(hits, `${operation} never gave an answer to spoil`).toBeGreaterThan(0);
  });
});

describe('malformed answers read ERROR in the checks, never PASS', () => {
  it.each([
    ['s3-bucket-not-public', 'GetBucketPolicyStatus', drop('PolicyStatus', 'IsPublic')],
    ['cloudtrail-management-events', 'GetTrailStatus', drop('IsLogging')],
    ['iam-root-mfa', 'GetAccountSummary', drop('SummaryMap', 'AccountMFAEnabled')],
  ] as [string, string, Spoil][])('%s with %s spoiled', async (checkId, operation, spoil) => {
    const { dir, cleanup } = await tempDir();
    try {
      const clients = new Spoiling(base, operation, spoil);
      const checks = apiChecks.filter((c) => c.id === checkId);
      const out = await collectEvidence({
        store: new FileStore(path.join(dir, 'store')),
        accounts: [{ account: sandbox.accountId, clients }],
        regions: sandbox.regions,
        checks: [...checks],
        concurrency: 4,
        log: silentLogger(),
        now: () => new Date(),
        keepTargets: true,
      });
      const [result] = evaluateChecks([...checks], out.targets);
      expect(clients.hits).toBeGreaterThan(0);
      const statuses = result!.targets.map((t) => t.status);
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['ERROR']));
      expect(result!.targets[0]!.reason).toMatch(new RegExp(`${operation}: MalformedResponse`));
    } finally {
      await cleanup();
    }
  });
});
