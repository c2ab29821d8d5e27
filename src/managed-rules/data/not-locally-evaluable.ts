// Managed rules the catalogs cite that one configuration item cannot decide, with the reason.
// The ranking (scripts/rank-managed-rules.ts) lists them so nobody expects a local verdict.
const ACCOUNT = 'periodic account-level check: its input is account or service state read by API, not a recorded resource';
const CLOUDTRAIL = 'periodic account-level check over every trail with its logging status and event selectors (GetTrailStatus, GetEventSelectors), which trail configuration items do not hold';
const BACKUP = 'needs AWS Backup plan selections or recovery points for the resource, not part of its configuration item';
const IAM_CREDS = 'needs IAM credential data (credential report, MFA devices, access key age or last use) that the user configuration item does not hold';
// Neither type is in AWS Config's ResourceType enum (the API model lists AWS::Logs::Destination
// only for CloudWatch Logs, nothing for ElastiCache) nor in the advanced-query schema: these
// periodic rules read the service's API, and there is no configuration item to evaluate.
const LOG_GROUP = 'periodic: reads log groups with DescribeLogGroups; AWS Config does not record AWS::Logs::LogGroup, so there is no configuration item';
const ELASTICACHE = 'periodic: reads ElastiCache clusters and replication groups by API; AWS Config does not record ElastiCache resources, so there is no configuration item';
// Not in the ResourceType enum either (it lists no DAX type), nor in the published schema.
const DAX = 'periodic: reads DAX clusters with DescribeClusters; AWS Config does not record AWS::DAX::Cluster, so there is no configuration item';

export const NOT_LOCALLY_EVALUABLE: Readonly<Record<string, string>> = {
  MULTI_REGION_CLOUD_TRAIL_ENABLED: CLOUDTRAIL,
  CLOUD_TRAIL_ENABLED: CLOUDTRAIL,
  CLOUDTRAIL_S3_DATAEVENTS_ENABLED: CLOUDTRAIL,
  CLOUDTRAIL_ALL_READ_S3_DATA_EVENT_CHECK: CLOUDTRAIL,
  CLOUDTRAIL_ALL_WRITE_S3_DATA_EVENT_CHECK: CLOUDTRAIL,
  VPC_FLOW_LOGS_ENABLED: 'needs the flow logs attached to the VPC (separate AWS::EC2::FlowLog resources), not in the VPC item',
  S3_BUCKET_PUBLIC_READ_PROHIBITED: "AWS decides it with its policy reasoning engine over the bucket policy, ACL and the account's Block Public Access settings; one bucket item cannot reproduce it faithfully",
  S3_BUCKET_PUBLIC_WRITE_PROHIBITED: "AWS decides it with its policy reasoning engine over the bucket policy, ACL and the account's Block Public Access settings; one bucket item cannot reproduce it faithfully",
  WAFV2_LOGGING_ENABLED: 'periodic: reads the web ACL logging configuration (GetLoggingConfiguration), not in the web ACL item',
  WAFV2_RULEGROUP_LOGGING_ENABLED: "judges the rules inside the rule group (NOT_APPLICABLE when it has none); the rule group's configuration item (published schema) records the group's own visibilityConfig but not its rules",
  WAF_CLASSIC_LOGGING_ENABLED: 'periodic: reads the web ACL logging configuration (GetLoggingConfiguration), not in the web ACL item',
  ALB_WAF_ENABLED: 'needs the web ACL associated with the load balancer (GetWebACLForResource, or the WAF web ACL side); the ELBv2 load balancer item records no association, and its attributes hold waf.fail_open.enabled, which says nothing of one',
  SECURITYHUB_ENABLED: ACCOUNT,
  GUARDDUTY_ENABLED_CENTRALIZED: ACCOUNT,
  GUARDDUTY_NON_ARCHIVED_FINDINGS: 'periodic: counts GuardDuty findings by age, which no configuration item holds',
  SSM_DOCUMENT_NOT_PUBLIC: 'periodic: reads document sharing permissions (DescribeDocumentPermission), not in the document item',
  EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK: 'periodic: reads snapshot create-volume permissions (DescribeSnapshotAttribute); EBS snapshots are not recorded resources',
  EMR_MASTER_NO_PUBLIC_IP: 'periodic: joins each running EMR cluster with its master EC2 instance (two resources)',
  S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC: ACCOUNT,
  S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS: ACCOUNT,
  ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK: "judges the load balancer's listeners, which are separate AWS::ElasticLoadBalancingV2::Listener items",
  ELBV2_ACM_CERTIFICATE_REQUIRED: "judges the load balancer's listeners, which are separate AWS::ElasticLoadBalancingV2::Listener items",
  REDSHIFT_REQUIRE_TLS_SSL: "needs the require_ssl value of the cluster's parameter group, another resource",
  IAM_ROOT_ACCESS_KEY_CHECK: ACCOUNT,
  ROOT_ACCOUNT_MFA_ENABLED: ACCOUNT,
  ROOT_ACCOUNT_HARDWARE_MFA_ENABLED: ACCOUNT,
  IAM_PASSWORD_POLICY: ACCOUNT,
  ACCOUNT_PART_OF_ORGANIZATIONS: ACCOUNT,
  EC2_EBS_ENCRYPTION_BY_DEFAULT: ACCOUNT,
  IAM_POLICY_IN_USE: 'periodic: checks that a named policy is attached somewhere in the account (many resources)',
  DYNAMODB_THROUGHPUT_LIMIT_CHECK: ACCOUNT,
  EBS_IN_BACKUP_PLAN: BACKUP,
  EFS_IN_BACKUP_PLAN: BACKUP,
  DYNAMODB_IN_BACKUP_PLAN: BACKUP,
  RDS_IN_BACKUP_PLAN: BACKUP,
  EBS_LAST_BACKUP_RECOVERY_POINT_CREATED: BACKUP,
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: "judges the backup vault's access policy (GetBackupVaultAccessPolicy), which the vault's configuration item (published schema: name, ARN, key, notifications) does not hold",
  IAM_USER_UNUSED_CREDENTIALS_CHECK: IAM_CREDS,
  ACCESS_KEYS_ROTATED: IAM_CREDS,
  IAM_USER_MFA_ENABLED: IAM_CREDS,
  MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: IAM_CREDS,
  DYNAMODB_AUTOSCALING_ENABLED: 'a provisioned-capacity table is judged by its Application Auto Scaling targets and policies, which the table item does not hold',
  SECRETSMANAGER_SECRET_PERIODIC_ROTATION: "periodic: counts the days since the secret's last rotation at evaluation time; the secret's configuration item (published schema) holds no last rotation date",
  CW_LOGGROUP_RETENTION_PERIOD_CHECK: LOG_GROUP,
  CLOUDWATCH_LOG_GROUP_ENCRYPTED: LOG_GROUP,
  ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK: ELASTICACHE,
  ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT: ELASTICACHE,
  ELASTICACHE_SUBNET_GROUP_CHECK: ELASTICACHE,
  ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST: ELASTICACHE,
  ELASTICACHE_AUTO_MINOR_VERSION_UPGRADE_CHECK: ELASTICACHE,
  ELASTICACHE_REPL_GRP_AUTO_FAILOVER_ENABLED: ELASTICACHE,
  DAX_TLS_ENDPOINT_ENCRYPTION: DAX,
  ECR_PRIVATE_IMAGE_SCANNING_ENABLED: "periodic: judges the repository's effective scan frequency (BatchGetRepositoryScanningConfiguration), which the registry's scanning rules decide; the repository item holds only its own ImageScanningConfiguration.ScanOnPush, deprecated in favour of the registry scanning configuration, which AWS Config does not record",
  EMR_KERBEROS_ENABLED: "periodic: reads each EMR cluster's security configuration by API (DescribeCluster, DescribeSecurityConfiguration); AWS Config does not record AWS::EMR::Cluster, so there is no cluster item, and the Kerberos settings live in the security configuration",
  ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED: "judges the environment's option settings (ManagedActionsEnabled and UpdateLevel in the aws:elasticbeanstalk:managedactions namespaces, from DescribeConfigurationSettings), which the environment's configuration item (published schema: DescribeEnvironments' description) does not hold",
  NETFW_LOGGING_ENABLED: "periodic: judges the firewall's logging configuration (DescribeLoggingConfiguration: its log destination configs and their ALERT or FLOW log types); the rule's resource type, AWS::NetworkFirewall::LoggingConfiguration, is not in AWS Config's ResourceType enum, and the firewall's item (published schema) holds no logging settings",
  DMS_REPLICATION_TASK_TARGETDB_LOGGING: "judges the task's logging settings (ReplicationTaskSettings: Logging.EnableLogging and the severity of the TARGET_APPLY and TARGET_LOAD log components), which the replication task's configuration item (published schema: identifiers, migration type, CDC positions, instance and endpoint ARNs) does not hold",
  SECRETSMANAGER_SECRET_UNUSED: "periodic: judges when the secret was last accessed (DescribeSecret's LastAccessedDate) against unusedForDays before the evaluation time; the secret's configuration item (published schema) records no access date",
  APPSYNC_ASSOCIATED_WITH_WAF: "periodic: needs the web ACL associated with the GraphQL API (GetGraphqlApi's wafWebAclArn, or the WAFv2 side's GetWebACLForResource); the AppSync API's configuration item (published schema) records its authentication, logging and X-Ray settings but no web ACL",
  GUARDDUTY_MALWARE_PROTECTION_ENABLED: "periodic: judges whether the detector's Malware Protection feature is enabled (GetDetector's Features, EBS_MALWARE_PROTECTION, formerly DataSources.MalwareProtection); the detector's configuration item (published schema) records Enable, FindingPublishingFrequency and only the S3 logs and Kubernetes audit logs data sources",
  IAM_GROUP_HAS_USERS_CHECK: 'the group configuration item does not list its members; membership is on the user items',
};
