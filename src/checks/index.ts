// Registry of api checks: explicit imports so the type checker and the meta-tests see every unit.
import type { ApiCheck } from './define.ts';
import { cloudtrailKmsEncryption } from './cloudtrail-kms-encryption.ts';
import { cloudtrailLogFileValidation } from './cloudtrail-log-file-validation.ts';
import { cloudtrailMultiRegionLogging } from './cloudtrail-multi-region-logging.ts';
import { cloudtrailTrailsLogging } from './cloudtrail-trails-logging.ts';
import { configRecorderRecording } from './config-recorder-recording.ts';

export const apiChecks: readonly ApiCheck[] = [
  cloudtrailKmsEncryption,
  cloudtrailLogFileValidation,
  cloudtrailMultiRegionLogging,
  cloudtrailTrailsLogging,
  configRecorderRecording,
] as readonly ApiCheck[];
