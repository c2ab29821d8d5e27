// The oracle's shape: what a complete collection of the synthetic account must find.
export interface TruthResult {
  resourceType: string;
  resourceId: string;
  compliance: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  annotation?: string;
}

export interface TruthConfigRule {
  ConfigRuleName: string;
  ConfigRuleArn: string;
  ConfigRuleId: string;
  SourceIdentifier: string;
  Owner: 'AWS' | 'CUSTOM_LAMBDA';
  results: TruthResult[];
}

export interface TruthTrail {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail: boolean;
  LogFileValidationEnabled: boolean;
  KmsKeyId?: string;
  S3BucketName: string;
  IncludeGlobalServiceEvents: boolean;
  IsLogging: boolean;
}

export interface TruthRecorder {
  name: string;
  recording: boolean;
  lastStatus: 'SUCCESS' | 'FAILURE' | 'PENDING';
}

type PerAccountRegion<T> = Record<string, Record<string, T[]>>;

export interface SandboxTruth {
  seed: number;
  day: number;
  accounts: string[];
  regions: string[];
  configRules: PerAccountRegion<TruthConfigRule>;
  trails: PerAccountRegion<TruthTrail>;
  configRecorders: PerAccountRegion<TruthRecorder>;
}
