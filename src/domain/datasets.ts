// Dataset shapes shared by collectors (which produce them) and api checks (which read them).
// Field names follow the AWS API responses, which are the evidence.
import { globalEventsRegion } from './regions.ts';

export interface TrailWithStatus {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail: boolean;
  LogFileValidationEnabled: boolean;
  KmsKeyId?: string;
  S3BucketName?: string;
  IncludeGlobalServiceEvents?: boolean;
  /** GetTrailStatus answer for this trail. */
  status: { IsLogging: boolean; LatestDeliveryError?: string; LatestDeliveryTime?: string };
}

export interface CloudTrailTrailsDataset {
  trails: TrailWithStatus[];
}

export interface ConfigRecorderStatus {
  name: string;
  recording: boolean;
  lastStatus?: string;
  lastErrorCode?: string;
}

export interface ConfigRecordersDataset {
  recorders: ConfigRecorderStatus[];
}

export interface DeployedConfigRule {
  ConfigRuleName: string;
  ConfigRuleArn?: string;
  ConfigRuleId?: string;
  Owner: string;
  SourceIdentifier: string;
  ConfigRuleState?: string;
  /** The rule's parameters as AWS Config holds them: a JSON object, as text. */
  InputParameters?: string;
}

export interface ConfigRulesDataset {
  rules: DeployedConfigRule[];
}

// ---- IAM (global: collected once per account)

/** The credential report's columns, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** One report row, values as IAM writes them ("true", "N/A", "no_information", ISO times). */
export type CredentialReportRow = Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>;

export interface IamCredentialReportDataset {
  /** When IAM generated the report (ISO). */
  GeneratedTime: string;
  /** The run's clock when the report was read (ISO, whole seconds); key ages are judged against it. */
  ReadAt: string;
  /** The root user ("<root_account>") first, then every IAM user. */
  rows: CredentialReportRow[];
}

export interface IamAccountSummaryDataset {
  SummaryMap: Record<string, number>;
}

export interface PasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface IamPasswordPolicyDataset {
  /** null: the account has no password policy (IAM answered NoSuchEntity). */
  PasswordPolicy: PasswordPolicy | null;
}

// ---- IAM Access Analyzer (regional)

export interface AnalyzerSummary {
  arn: string;
  name: string;
  type: string;
  status: string;
  createdAt: string;
  statusReason?: string;
}

export interface AccessAnalyzersDataset {
  analyzers: AnalyzerSummary[];
}

// ---- S3 (global: the bucket list and account settings are per account)

export interface PublicAccessBlockConfiguration {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface S3AccountPublicAccessBlockDataset {
  /** null: no account-level configuration (NoSuchPublicAccessBlockConfiguration). */
  PublicAccessBlockConfiguration: PublicAccessBlockConfiguration | null;
}

export interface S3EncryptionRule {
  SSEAlgorithm: string;
  KMSMasterKeyID?: string;
  BucketKeyEnabled?: boolean;
}

export interface S3Bucket {
  Name: string;
  CreationDate: string;
  /** From GetBucketLocation (an empty LocationConstraint means us-east-1). */
  region: string;
  /** Status absent: versioning was never enabled. */
  Versioning: { Status?: string; MFADelete?: string };
  /** null: no default encryption configured (ServerSideEncryptionConfigurationNotFoundError). */
  ServerSideEncryptionRules: S3EncryptionRule[] | null;
  /** null: no bucket-level Block Public Access (NoSuchPublicAccessBlockConfiguration). */
  PublicAccessBlockConfiguration: PublicAccessBlockConfiguration | null;
  /** null: the bucket has no policy (NoSuchBucketPolicy). */
  PolicyStatus: { IsPublic: boolean } | null;
}

export interface S3BucketsDataset {
  buckets: S3Bucket[];
}

// ---- GuardDuty, Security Hub, KMS (regional)

export interface GuardDutyDetector {
  DetectorId: string;
  Status: string;
  FindingPublishingFrequency?: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  ServiceRole?: string;
}

export interface GuardDutyDetectorsDataset {
  detectors: GuardDutyDetector[];
}

export interface SecurityHubStandardsDataset {
  /** null: Security Hub is not enabled here (InvalidAccessException). */
  hub: { HubArn: string; SubscribedAt?: string; AutoEnableControls?: boolean } | null;
  standards: { StandardsArn: string; StandardsSubscriptionArn: string; StandardsStatus: string }[];
}

export interface KmsCustomerKey {
  KeyId: string;
  Arn: string;
  KeyState: string;
  KeySpec: string;
  KeyUsage: string;
  Enabled: boolean;
  CreationDate: string;
  Description?: string;
  /** null: KMS does not rotate this kind of key (asymmetric, HMAC, imported, custom store). */
  rotation: { KeyRotationEnabled: boolean; RotationPeriodInDays?: number; NextRotationDate?: string } | null;
}

export interface KmsKeysDataset {
  /** Customer managed keys only: AWS managed keys rotate under AWS's control. */
  keys: KmsCustomerKey[];
}

// ---- CloudTrail (regional)

export interface TrailEventSelectors {
  TrailARN: string;
  Name: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  EventSelectors: { ReadWriteType?: string; IncludeManagementEvents?: boolean; DataResources: { Type?: string; Values?: string[] }[]; ExcludeManagementEventSources: string[] }[];
  AdvancedEventSelectors: { Name?: string; FieldSelectors: { Field: string; Equals?: string[]; NotEquals?: string[]; StartsWith?: string[]; NotStartsWith?: string[]; EndsWith?: string[]; NotEndsWith?: string[] }[] }[];
}

export interface CloudTrailEventSelectorsDataset {
  trails: TrailEventSelectors[];
}

/** A LookupEvents event, secrets redacted; CloudTrailEvent is the parsed CloudTrail record. */
export interface TrailEvent {
  EventId: string;
  EventName: string;
  EventTime: string;
  EventSource?: string;
  Username?: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  Resources: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent: Record<string, unknown> | null;
}

export interface CloudTrailEventsDataset {
  /** The evidence window (ISO), the same for every lookup. */
  StartTime: string;
  EndTime: string;
  /** One LookupEvents query per event name and region (see eventLookups), newest event first. */
  lookups: { EventName: string; /** The region whose event history was read. */ Region: string; events: TrailEvent[] }[];
}

// ---- Config delivery and conformance packs (regional)

export interface ConfigDeliveryInfo {
  lastStatus?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
  lastAttemptTime?: string;
  lastSuccessfulTime?: string;
  nextDeliveryTime?: string;
  lastStatusChangeTime?: string;
}

export interface ConfigDeliveryChannelStatus {
  name: string;
  configSnapshotDeliveryInfo?: ConfigDeliveryInfo;
  configHistoryDeliveryInfo?: ConfigDeliveryInfo;
  configStreamDeliveryInfo?: ConfigDeliveryInfo;
}

export interface ConfigDeliveryChannelsDataset {
  /** The run's clock when the status was read (ISO, whole seconds); delivery ages are judged against it. */
  ReadAt: string;
  channels: ConfigDeliveryChannelStatus[];
}

export interface ConformancePackCompliance {
  ConformancePackName: string;
  ConformancePackArn: string;
  ConformancePackId: string;
  rules: { ConfigRuleName: string; ComplianceType: string }[];
}

export interface ConfigConformancePacksDataset {
  packs: ConformancePackCompliance[];
}

// ---- Audit Manager (regional)

export interface AuditManagerAssessment {
  id: string;
  name: string;
  status: string;
  complianceType?: string;
  creationTime?: string;
  lastUpdated?: string;
  framework: { id?: string; name?: string };
  scope: { awsAccounts: string[]; awsServices: string[] };
  controlSets: {
    id: string;
    status?: string;
    systemEvidenceCount: number;
    manualEvidenceCount: number;
    controls: {
      id: string;
      name?: string;
      status?: string;
      response?: string;
      evidenceCount: number;
      assessmentReportEvidenceCount: number;
      /** From the control's evidence folders (GetEvidenceFoldersByAssessmentControl). */
      evidenceFolders: {
        folders: number;
        totalEvidence: number;
        manualEvidence: number;
        /** The newest folder's day (YYYY-MM-DD, UTC). */
        latestDate?: string;
        /** Compliance-check evidence (Config, Security Hub) on that day, and the issues it reported. */
        latestComplianceChecks: number;
        latestComplianceCheckIssues: number;
      };
    }[];
  }[];
}

export interface AuditManagerAssessmentsDataset {
  assessments: AuditManagerAssessment[];
}

/** The account's regions and whether each is enabled (Account ListRegions): what "all enabled regions" means. */
export interface AccountRegionsDataset {
  regions: { RegionName: string; RegionOptStatus: string }[];
}

export interface DatasetTypes {
  'account-regions': AccountRegionsDataset;
  'cloudtrail-trails': CloudTrailTrailsDataset;
  'config-recorders': ConfigRecordersDataset;
  'config-rules': ConfigRulesDataset;
  'iam-credential-report': IamCredentialReportDataset;
  'iam-account-summary': IamAccountSummaryDataset;
  'iam-password-policy': IamPasswordPolicyDataset;
  'access-analyzer-analyzers': AccessAnalyzersDataset;
  's3-account-public-access-block': S3AccountPublicAccessBlockDataset;
  's3-buckets': S3BucketsDataset;
  'guardduty-detectors': GuardDutyDetectorsDataset;
  'securityhub-standards': SecurityHubStandardsDataset;
  'kms-keys': KmsKeysDataset;
  'cloudtrail-event-selectors': CloudTrailEventSelectorsDataset;
  'cloudtrail-events': CloudTrailEventsDataset;
  'config-delivery-channels': ConfigDeliveryChannelsDataset;
  'config-conformance-packs': ConfigConformancePacksDataset;
  'auditmanager-assessments': AuditManagerAssessmentsDataset;
}
export type DatasetId = keyof DatasetTypes;
export const DATASET_IDS = [
  'account-regions',
  'cloudtrail-trails',
  'config-recorders',
  'config-rules',
  'iam-credential-report',
  'iam-account-summary',
  'iam-password-policy',
  'access-analyzer-analyzers',
  's3-account-public-access-block',
  's3-buckets',
  'guardduty-detectors',
  'securityhub-standards',
  'kms-keys',
  'cloudtrail-event-selectors',
  'cloudtrail-events',
  'config-delivery-channels',
  'config-conformance-packs',
  'auditmanager-assessments',
] as const satisfies readonly DatasetId[];

/** The CloudTrail events dataset's window: the day before the run. */
export const WINDOW_MS = 24 * 3_600_000;

/**
 * The events the weekly CloudTrail review looks for: console sign-ins (root use, sign-ins
 * without MFA), IAM policy and key changes, and logging or recording being turned off.
 * LookupEvents takes one attribute per query, so each name is its own query.
 */
export const EVENT_NAMES = [
  'ConsoleLogin',
  'PutUserPolicy',
  'PutRolePolicy',
  'PutGroupPolicy',
  'AttachUserPolicy',
  'AttachRolePolicy',
  'AttachGroupPolicy',
  'CreatePolicyVersion',
  'CreateAccessKey',
  'StopLogging',
  'DeleteTrail',
  'StopConfigurationRecorder',
  'DeleteConfigurationRecorder',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** IAM's events: global-service events, which event history shows only in the partition's global-events region. */
export const GLOBAL_EVENT_NAMES = ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy', 'AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy', 'CreatePolicyVersion', 'CreateAccessKey'] as const satisfies readonly EventName[];

/**
 * Recorded in the region where they happen: trail and recorder changes, and console sign-ins
 * (a regional sign-in endpoint records in its region, the global one in the global-events region).
 */
export const REGIONAL_EVENT_NAMES = ['ConsoleLogin', 'StopLogging', 'DeleteTrail', 'StopConfigurationRecorder', 'DeleteConfigurationRecorder'] as const satisfies readonly EventName[];

/** One LookupEvents query: the event name, and the region whose event history it reads. */
export interface EventLookup {
  EventName: EventName;
  Region: string;
}

/**
 * The queries the target `region` makes, given the account's regions in the run (home first).
 * Each region reads its regional names. The global names are read once per account: by the
 * global-events region's target when the run collects it; otherwise by the home region's target
 * from the global-events region, with that region's console sign-ins, so that no event the
 * checks judge goes unread and none is read twice.
 */
export function eventLookups(region: string, regions: readonly string[]): EventLookup[] {
  const global = globalEventsRegion(region);
  const here = (names: readonly EventName[], where: string): EventLookup[] => names.map((EventName) => ({ EventName, Region: where }));
  if (region === global) return here(EVENT_NAMES, region);
  const own = here(
    EVENT_NAMES.filter((n) => (REGIONAL_EVENT_NAMES as readonly string[]).includes(n)),
    region,
  );
  const partition = regions.filter((r) => globalEventsRegion(r) === global);
  const home = partition[0] ?? region;
  if (partition.includes(global) || home !== region) return own;
  return [...own, ...here(EVENT_NAMES.filter((n) => n === 'ConsoleLogin' || (GLOBAL_EVENT_NAMES as readonly string[]).includes(n)), global)];
}
