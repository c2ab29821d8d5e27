// Each api check with compliant and non-compliant inputs (DESIGN habit 5).
import { describe, expect, it } from 'vitest';
import { cloudtrailMultiRegionLogging } from '../../src/checks/cloudtrail-multi-region-logging.ts';
import { cloudtrailLogFileValidation } from '../../src/checks/cloudtrail-log-file-validation.ts';
import { cloudtrailKmsEncryption } from '../../src/checks/cloudtrail-kms-encryption.ts';
import { cloudtrailTrailsLogging } from '../../src/checks/cloudtrail-trails-logging.ts';
import { configRecorderRecording } from '../../src/checks/config-recorder-recording.ts';
import type { TrailWithStatus } from '../../src/domain/datasets.ts';
import type { CheckOutcome } from '../../src/domain/model.ts';

const target = { account: '111122223333', region: 'us-east-1' };
const trail = (over: Partial<TrailWithStatus> = {}): TrailWithStatus => ({
  Name: 'org-trail',
  TrailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail',
  HomeRegion: 'us-east-1',
  IsMultiRegionTrail: true,
  IsOrganizationTrail: false,
  LogFileValidationEnabled: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abc',
  status: { IsLogging: true },
  ...over,
});
const verdicts = (o: CheckOutcome): string[] => (o.kind === 'evaluated' ? o.results.map((r) => r.compliance) : [o.kind]);

describe('cloudtrail-multi-region-logging', () => {
  const run = (trails: TrailWithStatus[]) => cloudtrailMultiRegionLogging.evaluate({ 'cloudtrail-trails': { trails } }, target);
  it('passes with a logging multi-region trail, even homed elsewhere', () => {
    expect(verdicts(run([trail({ HomeRegion: 'eu-west-1' })]))).toEqual(['COMPLIANT']);
  });
  it('fails without one: none, single-region only, or stopped', () => {
    expect(verdicts(run([]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([trail({ IsMultiRegionTrail: false })]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([trail({ status: { IsLogging: false } })]))).toEqual(['NON_COMPLIANT']);
  });
});

describe('per-trail checks judge trails in their home region only', () => {
  const shadow = trail({ Name: 'other', HomeRegion: 'eu-west-1', TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/other' });
  it('cloudtrail-log-file-validation', () => {
    const o = cloudtrailLogFileValidation.evaluate({ 'cloudtrail-trails': { trails: [trail(), trail({ Name: 'b', TrailARN: 'arn:b', LogFileValidationEnabled: false }), shadow] } }, target);
    expect(verdicts(o)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });
  it('cloudtrail-kms-encryption', () => {
    const o = cloudtrailKmsEncryption.evaluate({ 'cloudtrail-trails': { trails: [trail(), trail({ Name: 'b', TrailARN: 'arn:b', KmsKeyId: undefined }), shadow] } }, target);
    expect(verdicts(o)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });
  it('cloudtrail-trails-logging', () => {
    const o = cloudtrailTrailsLogging.evaluate({ 'cloudtrail-trails': { trails: [trail(), trail({ Name: 'b', TrailARN: 'arn:b', status: { IsLogging: false } }), shadow] } }, target);
    expect(verdicts(o)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });
  it('evaluate nothing when no trail is homed here (no verdict invented)', () => {
    const o = cloudtrailTrailsLogging.evaluate({ 'cloudtrail-trails': { trails: [shadow] } }, target);
    expect(o).toEqual({ kind: 'evaluated', results: [] });
  });
});

describe('config-recorder-recording', () => {
  const run = (recorders: { name: string; recording: boolean; lastStatus?: string }[]) => configRecorderRecording.evaluate({ 'config-recorders': { recorders } }, target);
  it('passes when recording successfully', () => {
    expect(verdicts(run([{ name: 'default', recording: true, lastStatus: 'SUCCESS' }]))).toEqual(['COMPLIANT']);
  });
  it('fails when stopped, failing, or absent', () => {
    expect(verdicts(run([{ name: 'default', recording: false }]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([{ name: 'default', recording: true, lastStatus: 'FAILURE' }]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([]))).toEqual(['NON_COMPLIANT']);
  });
});
