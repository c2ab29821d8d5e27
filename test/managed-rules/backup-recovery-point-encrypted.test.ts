import { item, ruleCases } from './helpers.ts';

const VAULT = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:prod-vault';
const PLAN = 'arn:aws:backup:eu-west-1:123456789012:backup-plan:8f3c2a1e-4b5d-4c6e-9f7a-0b1c2d3e4f5a';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// A recovery point's item (DescribeRecoveryPoint's PascalCase): an EFS backup AWS Backup encrypts
// with the vault key, or an EBS snapshot that is encrypted only when its volume was.
function recoveryPoint(source: 'EFS' | 'EBS', encryption: Record<string, unknown>): ReturnType<typeof item> {
  const arn =
    source === 'EFS' ? 'arn:aws:backup:eu-west-1:123456789012:recovery-point:5e8d1c2b-3a4f-4e6d-8c9b-7a6f5e4d3c2b' : 'arn:aws:ec2:eu-west-1::snapshot/snap-0a1b2c3d4e5f60718';
  return item('AWS::Backup::RecoveryPoint', {
    resourceId: arn,
    configuration: {
      RecoveryPointArn: arn,
      BackupVaultName: 'prod-vault',
      BackupVaultArn: VAULT,
      ResourceArn: source === 'EFS' ? 'arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0a1b2c3d' : 'arn:aws:ec2:eu-west-1:123456789012:volume/vol-0fedcba9876543210',
      ResourceType: source,
      CreatedBy: { BackupPlanId: '8f3c2a1e-4b5d-4c6e-9f7a-0b1c2d3e4f5a', BackupPlanArn: PLAN, BackupPlanVersion: 'ZmY2NjQ5YjMtNGRhNy00', BackupRuleId: '2c4e6a8b-1d3f-4a5c-b7e9-0f2d4b6a8c1e' },
      IamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole',
      Status: 'COMPLETED',
      CreationDate: '2026-11-29T05:12:44.000Z',
      CompletionDate: '2026-11-29T05:31:02.000Z',
      BackupSizeInBytes: 5368709120,
      Lifecycle: { DeleteAfterDays: 35 },
      CalculatedLifecycle: { DeleteAt: '2027-01-03T05:12:44.000Z' },
      StorageClass: 'WARM',
      ...encryption,
    },
  });
}

ruleCases('BACKUP_RECOVERY_POINT_ENCRYPTED', {
  compliant: [
    { name: 'EFS backup under the vault key', item: recoveryPoint('EFS', { IsEncrypted: true, EncryptionKeyArn: KEY }) },
    { name: 'snapshot of an encrypted volume', item: recoveryPoint('EBS', { IsEncrypted: true, EncryptionKeyArn: KEY }) },
  ],
  nonCompliant: [{ name: 'snapshot of an unencrypted volume', item: recoveryPoint('EBS', { IsEncrypted: false }) }],
  notApplicable: [
    { name: 'a backup vault, not a recovery point', item: item('AWS::Backup::BackupVault', { configuration: { BackupVaultName: 'prod-vault', BackupVaultArn: VAULT } }) },
    { name: 'a deleted recovery point', item: { ...recoveryPoint('EBS', { IsEncrypted: false }), configurationItemStatus: 'ResourceDeleted' } },
  ],
  malformed: [
    { name: 'IsEncrypted missing', item: recoveryPoint('EBS', {}) },
    { name: 'IsEncrypted a string', item: recoveryPoint('EBS', { IsEncrypted: 'false' }) },
    { name: 'the API field name in camelCase only', item: recoveryPoint('EBS', { isEncrypted: true }) },
  ],
});
