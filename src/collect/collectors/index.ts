// Registry of collectors: explicit imports so the type checker and the meta-tests see every unit.
import type { Collector } from '../define.ts';
import type { DatasetId } from '../../domain/index.ts';
import { cloudtrailTrails } from './cloudtrail-trails.ts';
import { configRecorders } from './config-recorders.ts';
import { configRules } from './config-rules.ts';
import { iamCredentialReport } from './iam-credential-report.ts';
import { iamAccountSummary } from './iam-account-summary.ts';
import { iamPasswordPolicy } from './iam-password-policy.ts';
import { accessAnalyzerAnalyzers } from './access-analyzer-analyzers.ts';
import { s3AccountPublicAccessBlock } from './s3-account-public-access-block.ts';
import { s3Buckets } from './s3-buckets.ts';
import { guarddutyDetectors } from './guardduty-detectors.ts';
import { securityhubStandards } from './securityhub-standards.ts';
import { kmsKeys } from './kms-keys.ts';
import { cloudtrailEventSelectors } from './cloudtrail-event-selectors.ts';
import { cloudtrailEvents } from './cloudtrail-events.ts';
import { configDeliveryChannels } from './config-delivery-channels.ts';
import { configConformancePacks } from './config-conformance-packs.ts';
import { auditmanagerAssessments } from './auditmanager-assessments.ts';
import { accountRegions } from './account-regions.ts';

export const collectors: readonly Collector[] = [
  cloudtrailTrails,
  configRecorders,
  configRules,
  iamCredentialReport,
  iamAccountSummary,
  iamPasswordPolicy,
  accessAnalyzerAnalyzers,
  s3AccountPublicAccessBlock,
  s3Buckets,
  guarddutyDetectors,
  securityhubStandards,
  kmsKeys,
  cloudtrailEventSelectors,
  cloudtrailEvents,
  configDeliveryChannels,
  configConformancePacks,
  auditmanagerAssessments,
  accountRegions,
] as readonly Collector[];

export function collectorFor(dataset: DatasetId): Collector {
  const c = collectors.find((x) => x.id === dataset);
  if (!c) throw new Error(`no collector produces dataset ${dataset}`);
  return c;
}
