// GuardDuty, Security Hub, Access Analyzer, KMS and Config delivery checks with compliant and
// non-compliant inputs (DESIGN habit 5).
import { describe, expect, it } from 'vitest';
import { guarddutyEnabled } from '../../src/checks/guardduty-enabled.ts';
import { securityhubEnabled } from '../../src/checks/securityhub-enabled.ts';
import { accessAnalyzerEnabled } from '../../src/checks/access-analyzer-enabled.ts';
import { kmsCustomerKeyRotation } from '../../src/checks/kms-customer-key-rotation.ts';
import { configDeliveryHealthy, MAX_DELIVERY_AGE_HOURS } from '../../src/checks/config-delivery-healthy.ts';
import type { ConfigDeliveryChannelStatus, KmsCustomerKey, SecurityHubStandardsDataset } from '../../src/domain/datasets.ts';
import type { CheckOutcome } from '../../src/domain/model.ts';

const target = { account: '111122223333', region: 'eu-west-1' };
const verdicts = (o: CheckOutcome): string[] => (o.kind === 'evaluated' ? o.results.map((r) => r.compliance) : [o.kind]);

describe('guardduty-enabled', () => {
  const run = (detectors: { DetectorId: string; Status: string }[]) => guarddutyEnabled.evaluate({ 'guardduty-detectors': { detectors } }, target);
  it('passes with an enabled detector', () => {
    expect(run([{ DetectorId: 'd1', Status: 'ENABLED' }])).toMatchObject({ results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'COMPLIANT' }] });
  });
  it('fails with no detector or a suspended one', () => {
    expect(run([])).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: 'no GuardDuty detector in eu-west-1' }] });
    expect(verdicts(run([{ DetectorId: 'd1', Status: 'DISABLED' }]))).toEqual(['NON_COMPLIANT']);
  });
});

describe('securityhub-enabled', () => {
  const fsbp = { StandardsArn: 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0', StandardsSubscriptionArn: 'arn:sub/fsbp', StandardsStatus: 'READY' };
  const cis = { StandardsArn: 'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0', StandardsSubscriptionArn: 'arn:sub/cis', StandardsStatus: 'READY' };
  const hub = { HubArn: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default' };
  const run = (ds: SecurityHubStandardsDataset) => securityhubEnabled.evaluate({ 'securityhub-standards': ds }, target);
  it('passes with the hub and a ready FSBP standard', () => {
    expect(verdicts(run({ hub, standards: [cis, fsbp] }))).toEqual(['COMPLIANT']);
  });
  it('fails without the hub, without FSBP, or with FSBP not ready', () => {
    expect(verdicts(run({ hub: null, standards: [] }))).toEqual(['NON_COMPLIANT']);
    expect(run({ hub, standards: [cis] })).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/not enabled/) }] });
    expect(verdicts(run({ hub, standards: [{ ...fsbp, StandardsStatus: 'INCOMPLETE' }] }))).toEqual(['NON_COMPLIANT']);
  });
});

describe('access-analyzer-enabled', () => {
  const a = (type: string, status = 'ACTIVE') => ({ arn: `arn:${type}`, name: type.toLowerCase(), type, status, createdAt: '2026-01-01T00:00:00.000Z' });
  const run = (analyzers: ReturnType<typeof a>[]) => accessAnalyzerEnabled.evaluate({ 'access-analyzer-analyzers': { analyzers } }, target);
  it('passes with an active account or organization analyzer', () => {
    expect(verdicts(run([a('ACCOUNT')]))).toEqual(['COMPLIANT']);
    expect(verdicts(run([a('ORGANIZATION')]))).toEqual(['COMPLIANT']);
  });
  it('fails with none, only a failed one, or only an unused-access analyzer', () => {
    expect(verdicts(run([]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([a('ACCOUNT', 'FAILED')]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([a('ACCOUNT_UNUSED_ACCESS')]))).toEqual(['NON_COMPLIANT']);
  });
});

describe('kms-customer-key-rotation', () => {
  const key = (over: Partial<KmsCustomerKey>): KmsCustomerKey => ({
    KeyId: 'k1',
    Arn: 'arn:aws:kms:eu-west-1:111122223333:key/k1',
    KeyState: 'Enabled',
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT',
    Enabled: true,
    CreationDate: '2026-01-01T00:00:00.000Z',
    rotation: { KeyRotationEnabled: true, RotationPeriodInDays: 365 },
    ...over,
  });
  it('passes rotating keys, fails the others, and does not judge keys KMS cannot rotate', () => {
    const o = kmsCustomerKeyRotation.evaluate(
      { 'kms-keys': { keys: [key({}), key({ KeyId: 'k2', rotation: { KeyRotationEnabled: false } }), key({ KeyId: 'k3', KeySpec: 'RSA_2048', rotation: null }), key({ KeyId: 'k4', KeyState: 'PendingDeletion' })] } },
      target,
    );
    expect(verdicts(o)).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);
    expect(o.kind === 'evaluated' && o.results[1]).toMatchObject({ resourceType: 'AWS::KMS::Key', resourceId: 'k2' });
  });
});

describe('config-delivery-healthy', () => {
  const readAt = '2026-11-01T06:00:00.000Z';
  const ok = { lastStatus: 'SUCCESS', lastAttemptTime: '2026-11-01T05:00:00.000Z', lastSuccessfulTime: '2026-11-01T05:00:00.000Z' };
  const na = { lastStatus: 'NOT_APPLICABLE' };
  const run = (channels: ConfigDeliveryChannelStatus[], at = readAt) => configDeliveryHealthy.evaluate({ 'config-delivery-channels': { ReadAt: at, channels } }, target);
  const annotation = (o: ReturnType<typeof run>) => (o.kind === 'evaluated' ? o.results.map((r) => `${r.compliance}: ${r.annotation ?? ''}`) : [`${o.kind}: ${'reason' in o ? o.reason : ''}`]);

  it('passes a channel delivering history and snapshots, in either spelling of the status', () => {
    expect(verdicts(run([{ name: 'default', configHistoryDeliveryInfo: ok, configSnapshotDeliveryInfo: ok, configStreamDeliveryInfo: na }]))).toEqual(['COMPLIANT']);
    expect(verdicts(run([{ name: 'default', configHistoryDeliveryInfo: { ...ok, lastStatus: 'Success' }, configStreamDeliveryInfo: { lastStatus: 'Not_Applicable' } }]))).toEqual(['COMPLIANT']);
  });

  it('passes a channel whose only delivery to S3 is a recent snapshot (history not applicable)', () => {
    expect(verdicts(run([{ name: 'default', configHistoryDeliveryInfo: na, configSnapshotDeliveryInfo: ok }]))).toEqual(['COMPLIANT']);
  });

  it('fails a failing delivery with its error, and a region without a channel', () => {
    const o = run([{ name: 'default', configHistoryDeliveryInfo: { lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied', lastErrorMessage: 'Access Denied', lastSuccessfulTime: '2026-10-29T06:00:00.000Z' }, configSnapshotDeliveryInfo: ok }]);
    expect(o).toMatchObject({ results: [{ resourceType: 'AWS::Config::DeliveryChannel', resourceId: 'default', compliance: 'NON_COMPLIANT', annotation: 'history delivery failed (AccessDenied: Access Denied), last success 2026-10-29T06:00:00.000Z' }] });
    expect(run([])).toMatchObject({ results: [{ resourceType: 'AWS::::Account', compliance: 'NON_COMPLIANT' }] });
  });

  it('fails a failing stream (SNS) delivery, in the mixed-case spelling too', () => {
    expect(annotation(run([{ name: 'default', configHistoryDeliveryInfo: ok, configStreamDeliveryInfo: { lastStatus: 'Failure', lastErrorCode: 'AuthorizationError' } }]))).toEqual(['NON_COMPLIANT: stream delivery failed (AuthorizationError)']);
  });

  it('fails a channel that has never delivered: no lastSuccessfulTime anywhere', () => {
    expect(annotation(run([{ name: 'default', configHistoryDeliveryInfo: {}, configSnapshotDeliveryInfo: {}, configStreamDeliveryInfo: na }]))).toEqual([
      'NON_COMPLIANT: never delivered to S3: neither history nor snapshot delivery has succeeded',
    ]);
    expect(annotation(run([{ name: 'default' }]))).toEqual(['NON_COMPLIANT: never delivered to S3: neither history nor snapshot delivery has succeeded']);
    expect(annotation(run([{ name: 'default', configHistoryDeliveryInfo: { lastStatus: 'FAILURE', lastErrorCode: 'NoSuchBucket' }, configSnapshotDeliveryInfo: na }]))).toEqual([
      'NON_COMPLIANT: history delivery failed (NoSuchBucket); never delivered to S3: neither history nor snapshot delivery has succeeded',
    ]);
  });

  it(`fails a channel whose last success is older than ${MAX_DELIVERY_AGE_HOURS} hours before the run, judged on the run's clock`, () => {
    const at = (t: string) => ({ lastStatus: 'SUCCESS', lastAttemptTime: t, lastSuccessfulTime: t });
    const channel = { name: 'default', configHistoryDeliveryInfo: at('2026-10-30T05:59:59.000Z'), configSnapshotDeliveryInfo: at('2026-10-29T00:00:00.000Z') };
    expect(annotation(run([channel]))).toEqual([`NON_COMPLIANT: last delivery to S3 48 hours before the run (more than ${MAX_DELIVERY_AGE_HOURS})`]);
    // the newest of history and snapshot counts; exactly 48 hours is still inside
    expect(verdicts(run([{ ...channel, configHistoryDeliveryInfo: at('2026-10-30T06:00:00.000Z') }]))).toEqual(['COMPLIANT']);
    // the same evidence read two days earlier was fresh
    expect(verdicts(run([channel], '2026-10-30T07:00:00.000Z'))).toEqual(['COMPLIANT']);
  });

  it('reads ERROR on a partial answer: a success without its time, an unreadable time, no read time', () => {
    expect(run([{ name: 'default', configHistoryDeliveryInfo: { lastStatus: 'SUCCESS' } }])).toEqual({ kind: 'error', reason: 'delivery channel default: history delivery reports success without lastSuccessfulTime' });
    expect(run([{ name: 'default', configSnapshotDeliveryInfo: { lastStatus: 'SUCCESS', lastSuccessfulTime: 'yesterday' } }])).toMatchObject({ kind: 'error', reason: expect.stringMatching(/unreadable lastSuccessfulTime/) });
    expect(run([{ name: 'default', configHistoryDeliveryInfo: ok }], 'soon')).toMatchObject({ kind: 'error', reason: expect.stringMatching(/no valid read time/) });
  });
});
