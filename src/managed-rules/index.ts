// The local evaluators of AWS Config managed rules, one per file, named after the rule.
// A plain array of explicit imports so the type checker and the meta-tests see every unit.
import ecsNoEnvironmentSecrets from './ecs-no-environment-secrets.ts';
import type { RuleEvaluator } from './define.ts';
import apiGwAssociatedWithWaf from './api-gw-associated-with-waf.ts';
import apiGwCacheEnabledAndEncrypted from './api-gw-cache-enabled-and-encrypted.ts';
import apiGwEndpointTypeCheck from './api-gw-endpoint-type-check.ts';
import apiGwExecutionLoggingEnabled from './api-gw-execution-logging-enabled.ts';
import apiGwSslEnabled from './api-gw-ssl-enabled.ts';
import apiGwXrayEnabled from './api-gw-xray-enabled.ts';
import apiGwv2AccessLogsEnabled from './api-gwv2-access-logs-enabled.ts';
import albHttpDropInvalidHeaderEnabled from './alb-http-drop-invalid-header-enabled.ts';
import appsyncLoggingEnabled from './appsync-logging-enabled.ts';
import autoscalingGroupElbHealthcheckRequired from './autoscaling-group-elb-healthcheck-required.ts';
import autoscalingLaunchConfigPublicIpDisabled from './autoscaling-launch-config-public-ip-disabled.ts';
import backupPlanMinFrequencyAndMinRetentionCheck from './backup-plan-min-frequency-and-min-retention-check.ts';
import backupRecoveryPointEncrypted from './backup-recovery-point-encrypted.ts';
import cloudTrailCloudWatchLogsEnabled from './cloud-trail-cloud-watch-logs-enabled.ts';
import cloudTrailEncryptionEnabled from './cloud-trail-encryption-enabled.ts';
import cloudTrailLogFileValidationEnabled from './cloud-trail-log-file-validation-enabled.ts';
import cloudfrontAccesslogsEnabled from './cloudfront-accesslogs-enabled.ts';
import cloudfrontAssociatedWithWaf from './cloudfront-associated-with-waf.ts';
import cloudfrontCustomSslCertificate from './cloudfront-custom-ssl-certificate.ts';
import cloudfrontNoDeprecatedSslProtocols from './cloudfront-no-deprecated-ssl-protocols.ts';
import cloudfrontTrafficToOriginEncrypted from './cloudfront-traffic-to-origin-encrypted.ts';
import cloudfrontViewerPolicyHttps from './cloudfront-viewer-policy-https.ts';
import cloudwatchAlarmActionCheck from './cloudwatch-alarm-action-check.ts';
import cmkBackingKeyRotationEnabled from './cmk-backing-key-rotation-enabled.ts';
import codebuildProjectArtifactEncryption from './codebuild-project-artifact-encryption.ts';
import codebuildProjectEnvvarAwscredCheck from './codebuild-project-envvar-awscred-check.ts';
import codebuildProjectLoggingEnabled from './codebuild-project-logging-enabled.ts';
import codebuildProjectSourceRepoUrlCheck from './codebuild-project-source-repo-url-check.ts';
import dbInstanceBackupEnabled from './db-instance-backup-enabled.ts';
import dmsEndpointSslConfigured from './dms-endpoint-ssl-configured.ts';
import dmsRedisTlsEnabled from './dms-redis-tls-enabled.ts';
import dmsReplicationNotPublic from './dms-replication-not-public.ts';
import docdbClusterAuditLoggingEnabled from './docdb-cluster-audit-logging-enabled.ts';
import dynamodbPitrEnabled from './dynamodb-pitr-enabled.ts';
import dynamodbTableEncryptedKms from './dynamodb-table-encrypted-kms.ts';
import ec2ClientVpnConnectionLogEnabled from './ec2-client-vpn-connection-log-enabled.ts';
import ec2Imdsv2Check from './ec2-imdsv2-check.ts';
import ec2InstanceDetailedMonitoringEnabled from './ec2-instance-detailed-monitoring-enabled.ts';
import ec2InstanceNoPublicIp from './ec2-instance-no-public-ip.ts';
import ec2InstanceProfileAttached from './ec2-instance-profile-attached.ts';
import ec2TransitGatewayAutoVpcAttachDisabled from './ec2-transit-gateway-auto-vpc-attach-disabled.ts';
import ec2VolumeInuseCheck from './ec2-volume-inuse-check.ts';
import ecsContainersReadonlyAccess from './ecs-containers-readonly-access.ts';
import ecsTaskDefinitionLogConfiguration from './ecs-task-definition-log-configuration.ts';
import ecsTaskDefinitionUserForHostModeCheck from './ecs-task-definition-user-for-host-mode-check.ts';
import efsEncryptedCheck from './efs-encrypted-check.ts';
import eksClusterLogEnabled from './eks-cluster-log-enabled.ts';
import eksClusterLoggingEnabled from './eks-cluster-logging-enabled.ts';
import elasticsearchEncryptedAtRest from './elasticsearch-encrypted-at-rest.ts';
import elasticsearchInVpcOnly from './elasticsearch-in-vpc-only.ts';
import elasticsearchNodeToNodeEncryptionCheck from './elasticsearch-node-to-node-encryption-check.ts';
import elbAcmCertificateRequired from './elb-acm-certificate-required.ts';
import elbCrossZoneLoadBalancingEnabled from './elb-cross-zone-load-balancing-enabled.ts';
import elbDeletionProtectionEnabled from './elb-deletion-protection-enabled.ts';
import elbLoggingEnabled from './elb-logging-enabled.ts';
import elbPredefinedSecurityPolicySslCheck from './elb-predefined-security-policy-ssl-check.ts';
import elbTlsHttpsListenersOnly from './elb-tls-https-listeners-only.ts';
import elbv2MultipleAz from './elbv2-multiple-az.ts';
import encryptedVolumes from './encrypted-volumes.ts';
import iamCustomerPolicyBlockedKmsActions from './iam-customer-policy-blocked-kms-actions.ts';
import iamInlinePolicyBlockedKmsActions from './iam-inline-policy-blocked-kms-actions.ts';
import iamNoInlinePolicyCheck from './iam-no-inline-policy-check.ts';
import iamPolicyNoStatementsWithAdminAccess from './iam-policy-no-statements-with-admin-access.ts';
import iamPolicyNoStatementsWithFullAccess from './iam-policy-no-statements-with-full-access.ts';
import iamUserGroupMembershipCheck from './iam-user-group-membership-check.ts';
import iamUserNoPoliciesCheck from './iam-user-no-policies-check.ts';
import incomingSshDisabled from './incoming-ssh-disabled.ts';
import instancesInVpc from './instances-in-vpc.ts';
import internetGatewayAuthorizedVpcOnly from './internet-gateway-authorized-vpc-only.ts';
import kinesisStreamEncrypted from './kinesis-stream-encrypted.ts';
import kmsCmkNotScheduledForDeletion from './kms-cmk-not-scheduled-for-deletion.ts';
import lambdaConcurrencyCheck from './lambda-concurrency-check.ts';
import lambdaDlqCheck from './lambda-dlq-check.ts';
import lambdaFunctionPublicAccessProhibited from './lambda-function-public-access-prohibited.ts';
import lambdaInsideVpc from './lambda-inside-vpc.ts';
import mqCloudwatchAuditLoggingEnabled from './mq-cloudwatch-audit-logging-enabled.ts';
import mskInClusterNodeRequireTls from './msk-in-cluster-node-require-tls.ts';
import naclNoUnrestrictedSshRdp from './nacl-no-unrestricted-ssh-rdp.ts';
import neptuneClusterCloudwatchLogExportEnabled from './neptune-cluster-cloudwatch-log-export-enabled.ts';
import neptuneClusterIamDatabaseAuthentication from './neptune-cluster-iam-database-authentication.ts';
import noUnrestrictedRouteToIgw from './no-unrestricted-route-to-igw.ts';
import opensearchAccessControlEnabled from './opensearch-access-control-enabled.ts';
import opensearchEncryptedAtRest from './opensearch-encrypted-at-rest.ts';
import opensearchHttpsRequired from './opensearch-https-required.ts';
import opensearchInVpcOnly from './opensearch-in-vpc-only.ts';
import opensearchLogsToCloudwatch from './opensearch-logs-to-cloudwatch.ts';
import opensearchNodeToNodeEncryptionCheck from './opensearch-node-to-node-encryption-check.ts';
import rdsAutomaticMinorVersionUpgradeEnabled from './rds-automatic-minor-version-upgrade-enabled.ts';
import rdsClusterDeletionProtectionEnabled from './rds-cluster-deletion-protection-enabled.ts';
import rdsClusterEncryptedAtRest from './rds-cluster-encrypted-at-rest.ts';
import rdsClusterIamAuthenticationEnabled from './rds-cluster-iam-authentication-enabled.ts';
import rdsClusterMultiAzEnabled from './rds-cluster-multi-az-enabled.ts';
import rdsEnhancedMonitoringEnabled from './rds-enhanced-monitoring-enabled.ts';
import rdsInstanceDeletionProtectionEnabled from './rds-instance-deletion-protection-enabled.ts';
import rdsInstanceIamAuthenticationEnabled from './rds-instance-iam-authentication-enabled.ts';
import rdsInstancePublicAccessCheck from './rds-instance-public-access-check.ts';
import rdsLoggingEnabled from './rds-logging-enabled.ts';
import rdsMultiAzSupport from './rds-multi-az-support.ts';
import rdsSnapshotEncrypted from './rds-snapshot-encrypted.ts';
import rdsSnapshotsPublicProhibited from './rds-snapshots-public-prohibited.ts';
import rdsStorageEncrypted from './rds-storage-encrypted.ts';
import redshiftAuditLoggingEnabled from './redshift-audit-logging-enabled.ts';
import redshiftBackupEnabled from './redshift-backup-enabled.ts';
import redshiftClusterConfigurationCheck from './redshift-cluster-configuration-check.ts';
import redshiftClusterKmsEnabled from './redshift-cluster-kms-enabled.ts';
import redshiftClusterMaintenancesettingsCheck from './redshift-cluster-maintenancesettings-check.ts';
import redshiftClusterPublicAccessCheck from './redshift-cluster-public-access-check.ts';
import redshiftEnhancedVpcRoutingEnabled from './redshift-enhanced-vpc-routing-enabled.ts';
import restrictedIncomingTraffic from './restricted-incoming-traffic.ts';
import route53QueryLoggingEnabled from './route53-query-logging-enabled.ts';
import s3BucketAclProhibited from './s3-bucket-acl-prohibited.ts';
import s3BucketBlacklistedActionsProhibited from './s3-bucket-blacklisted-actions-prohibited.ts';
import s3BucketDefaultLockEnabled from './s3-bucket-default-lock-enabled.ts';
import s3BucketLevelPublicAccessProhibited from './s3-bucket-level-public-access-prohibited.ts';
import s3BucketLoggingEnabled from './s3-bucket-logging-enabled.ts';
import s3BucketPolicyGranteeCheck from './s3-bucket-policy-grantee-check.ts';
import s3BucketReplicationEnabled from './s3-bucket-replication-enabled.ts';
import s3BucketServerSideEncryptionEnabled from './s3-bucket-server-side-encryption-enabled.ts';
import s3BucketSslRequestsOnly from './s3-bucket-ssl-requests-only.ts';
import s3BucketVersioningEnabled from './s3-bucket-versioning-enabled.ts';
import s3DefaultEncryptionKms from './s3-default-encryption-kms.ts';
import s3LifecyclePolicyCheck from './s3-lifecycle-policy-check.ts';
import s3VersionLifecyclePolicyCheck from './s3-version-lifecycle-policy-check.ts';
import sagemakerEndpointConfigurationKmsKeyConfigured from './sagemaker-endpoint-configuration-kms-key-configured.ts';
import sagemakerNotebookInstanceInsideVpc from './sagemaker-notebook-instance-inside-vpc.ts';
import sagemakerNotebookInstanceKmsKeyConfigured from './sagemaker-notebook-instance-kms-key-configured.ts';
import sagemakerNotebookNoDirectInternetAccess from './sagemaker-notebook-no-direct-internet-access.ts';
import secretsmanagerRotationEnabledCheck from './secretsmanager-rotation-enabled-check.ts';
import secretsmanagerUsingCmk from './secretsmanager-using-cmk.ts';
import snsEncryptedKms from './sns-encrypted-kms.ts';
import snsTopicMessageDeliveryNotificationEnabled from './sns-topic-message-delivery-notification-enabled.ts';
import stepFunctionsStateMachineLoggingEnabled from './step-functions-state-machine-logging-enabled.ts';
import subnetAutoAssignPublicIpDisabled from './subnet-auto-assign-public-ip-disabled.ts';
import vpcDefaultSecurityGroupClosed from './vpc-default-security-group-closed.ts';
import vpcNetworkAclUnusedCheck from './vpc-network-acl-unused-check.ts';
import vpcSgOpenOnlyToAuthorizedPorts from './vpc-sg-open-only-to-authorized-ports.ts';
import vpcVpn2TunnelsUp from './vpc-vpn-2-tunnels-up.ts';

export const ruleEvaluators: readonly RuleEvaluator[] = [
  apiGwAssociatedWithWaf,
  apiGwCacheEnabledAndEncrypted,
  apiGwEndpointTypeCheck,
  apiGwExecutionLoggingEnabled,
  apiGwSslEnabled,
  apiGwXrayEnabled,
  apiGwv2AccessLogsEnabled,
  albHttpDropInvalidHeaderEnabled,
  appsyncLoggingEnabled,
  autoscalingGroupElbHealthcheckRequired,
  autoscalingLaunchConfigPublicIpDisabled,
  backupPlanMinFrequencyAndMinRetentionCheck,
  backupRecoveryPointEncrypted,
  cloudTrailCloudWatchLogsEnabled,
  cloudTrailEncryptionEnabled,
  cloudTrailLogFileValidationEnabled,
  cloudfrontAccesslogsEnabled,
  cloudfrontAssociatedWithWaf,
  cloudfrontCustomSslCertificate,
  cloudfrontNoDeprecatedSslProtocols,
  cloudfrontTrafficToOriginEncrypted,
  cloudfrontViewerPolicyHttps,
  cloudwatchAlarmActionCheck,
  cmkBackingKeyRotationEnabled,
  codebuildProjectArtifactEncryption,
  codebuildProjectEnvvarAwscredCheck,
  codebuildProjectLoggingEnabled,
  codebuildProjectSourceRepoUrlCheck,
  dbInstanceBackupEnabled,
  dmsEndpointSslConfigured,
  dmsRedisTlsEnabled,
  dmsReplicationNotPublic,
  docdbClusterAuditLoggingEnabled,
  dynamodbPitrEnabled,
  dynamodbTableEncryptedKms,
  ec2ClientVpnConnectionLogEnabled,
  ec2Imdsv2Check,
  ec2InstanceDetailedMonitoringEnabled,
  ec2InstanceNoPublicIp,
  ec2InstanceProfileAttached,
  ec2TransitGatewayAutoVpcAttachDisabled,
  ec2VolumeInuseCheck,
  ecsContainersReadonlyAccess,
  ecsNoEnvironmentSecrets,
  ecsTaskDefinitionLogConfiguration,
  ecsTaskDefinitionUserForHostModeCheck,
  efsEncryptedCheck,
  eksClusterLogEnabled,
  eksClusterLoggingEnabled,
  elasticsearchEncryptedAtRest,
  elasticsearchInVpcOnly,
  elasticsearchNodeToNodeEncryptionCheck,
  elbAcmCertificateRequired,
  elbCrossZoneLoadBalancingEnabled,
  elbDeletionProtectionEnabled,
  elbLoggingEnabled,
  elbPredefinedSecurityPolicySslCheck,
  elbTlsHttpsListenersOnly,
  elbv2MultipleAz,
  encryptedVolumes,
  iamCustomerPolicyBlockedKmsActions,
  iamInlinePolicyBlockedKmsActions,
  iamNoInlinePolicyCheck,
  iamPolicyNoStatementsWithAdminAccess,
  iamPolicyNoStatementsWithFullAccess,
  iamUserGroupMembershipCheck,
  iamUserNoPoliciesCheck,
  incomingSshDisabled,
  instancesInVpc,
  internetGatewayAuthorizedVpcOnly,
  kinesisStreamEncrypted,
  kmsCmkNotScheduledForDeletion,
  lambdaConcurrencyCheck,
  lambdaDlqCheck,
  lambdaFunctionPublicAccessProhibited,
  lambdaInsideVpc,
  mqCloudwatchAuditLoggingEnabled,
  mskInClusterNodeRequireTls,
  naclNoUnrestrictedSshRdp,
  neptuneClusterCloudwatchLogExportEnabled,
  neptuneClusterIamDatabaseAuthentication,
  noUnrestrictedRouteToIgw,
  opensearchAccessControlEnabled,
  opensearchEncryptedAtRest,
  opensearchHttpsRequired,
  opensearchInVpcOnly,
  opensearchLogsToCloudwatch,
  opensearchNodeToNodeEncryptionCheck,
  rdsAutomaticMinorVersionUpgradeEnabled,
  rdsClusterDeletionProtectionEnabled,
  rdsClusterEncryptedAtRest,
  rdsClusterIamAuthenticationEnabled,
  rdsClusterMultiAzEnabled,
  rdsEnhancedMonitoringEnabled,
  rdsInstanceDeletionProtectionEnabled,
  rdsInstanceIamAuthenticationEnabled,
  rdsInstancePublicAccessCheck,
  rdsLoggingEnabled,
  rdsMultiAzSupport,
  rdsSnapshotEncrypted,
  rdsSnapshotsPublicProhibited,
  rdsStorageEncrypted,
  redshiftAuditLoggingEnabled,
  redshiftBackupEnabled,
  redshiftClusterConfigurationCheck,
  redshiftClusterKmsEnabled,
  redshiftClusterMaintenancesettingsCheck,
  redshiftClusterPublicAccessCheck,
  redshiftEnhancedVpcRoutingEnabled,
  restrictedIncomingTraffic,
  route53QueryLoggingEnabled,
  s3BucketAclProhibited,
  s3BucketBlacklistedActionsProhibited,
  s3BucketDefaultLockEnabled,
  s3BucketLevelPublicAccessProhibited,
  s3BucketLoggingEnabled,
  s3BucketPolicyGranteeCheck,
  s3BucketReplicationEnabled,
  s3BucketServerSideEncryptionEnabled,
  s3BucketSslRequestsOnly,
  s3BucketVersioningEnabled,
  s3DefaultEncryptionKms,
  s3LifecyclePolicyCheck,
  s3VersionLifecyclePolicyCheck,
  sagemakerEndpointConfigurationKmsKeyConfigured,
  sagemakerNotebookInstanceInsideVpc,
  sagemakerNotebookInstanceKmsKeyConfigured,
  sagemakerNotebookNoDirectInternetAccess,
  secretsmanagerRotationEnabledCheck,
  secretsmanagerUsingCmk,
  snsEncryptedKms,
  snsTopicMessageDeliveryNotificationEnabled,
  stepFunctionsStateMachineLoggingEnabled,
  subnetAutoAssignPublicIpDisabled,
  vpcDefaultSecurityGroupClosed,
  vpcNetworkAclUnusedCheck,
  vpcSgOpenOnlyToAuthorizedPorts,
  vpcVpn2TunnelsUp,
];

const byRule = new Map(ruleEvaluators.map((e) => [e.rule, e]));

/** The local evaluator of the managed rule with this SourceIdentifier, if there is one. */
export function ruleEvaluator(sourceIdentifier: string): RuleEvaluator | undefined {
  return byRule.get(sourceIdentifier);
}

export * from './define.ts';
