// Registry of api checks: explicit imports so the type checker and the meta-tests see every unit.
import type { ApiCheck } from './define.ts';
import { cloudtrailKmsEncryption } from './cloudtrail-kms-encryption.ts';
import { cloudtrailLogFileValidation } from './cloudtrail-log-file-validation.ts';
import { cloudtrailMultiRegionLogging } from './cloudtrail-multi-region-logging.ts';
import { cloudtrailTrailsLogging } from './cloudtrail-trails-logging.ts';
import { configRecorderRecording } from './config-recorder-recording.ts';
import { iamRootMfa } from './iam-root-mfa.ts';
import { iamRootNoAccessKeys } from './iam-root-no-access-keys.ts';
import { iamUsersConsoleMfa } from './iam-users-console-mfa.ts';
import { iamAccessKeysRotated } from './iam-access-keys-rotated.ts';
import { iamPasswordPolicyStrong } from './iam-password-policy-strong.ts';
import { accessAnalyzerEnabled } from './access-analyzer-enabled.ts';
import { s3AccountPublicAccessBlocked } from './s3-account-public-access-blocked.ts';
import { s3BucketVersioning } from './s3-bucket-versioning.ts';
import { s3BucketEncryption } from './s3-bucket-encryption.ts';
import { s3BucketNotPublic } from './s3-bucket-not-public.ts';
import { guarddutyEnabled } from './guardduty-enabled.ts';
import { securityhubEnabled } from './securityhub-enabled.ts';
import { kmsCustomerKeyRotation } from './kms-customer-key-rotation.ts';
import { cloudtrailManagementEvents } from './cloudtrail-management-events.ts';
import { rootAccountNotUsed } from './root-account-not-used.ts';
import { consoleLoginMfa } from './console-login-mfa.ts';
import { configDeliveryHealthy } from './config-delivery-healthy.ts';

export const apiChecks: readonly ApiCheck[] = [
  cloudtrailKmsEncryption,
  cloudtrailLogFileValidation,
  cloudtrailMultiRegionLogging,
  cloudtrailTrailsLogging,
  configRecorderRecording,
  iamRootMfa,
  iamRootNoAccessKeys,
  iamUsersConsoleMfa,
  iamAccessKeysRotated,
  iamPasswordPolicyStrong,
  accessAnalyzerEnabled,
  s3AccountPublicAccessBlocked,
  s3BucketVersioning,
  s3BucketEncryption,
  s3BucketNotPublic,
  guarddutyEnabled,
  securityhubEnabled,
  kmsCustomerKeyRotation,
  cloudtrailManagementEvents,
  rootAccountNotUsed,
  consoleLoginMfa,
  configDeliveryHealthy,
] as readonly ApiCheck[];

// What the other layers use from this folder.
export { type ApiCheck } from './define.ts';
