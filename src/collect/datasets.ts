// Dataset shapes shared by collectors (which produce them) and api checks (which read them).
// Field names follow the AWS API responses, which are the evidence.

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
}

export interface ConfigRulesDataset {
  rules: DeployedConfigRule[];
}

export interface DatasetTypes {
  'cloudtrail-trails': CloudTrailTrailsDataset;
  'config-recorders': ConfigRecordersDataset;
  'config-rules': ConfigRulesDataset;
}
export type DatasetId = keyof DatasetTypes;
export const DATASET_IDS = ['cloudtrail-trails', 'config-recorders', 'config-rules'] as const satisfies readonly DatasetId[];
