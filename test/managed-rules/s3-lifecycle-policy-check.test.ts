import { item, ruleCases } from './helpers.ts';

// A bucket as Config records one with default settings, plus these supplementary configurations.
function bucket(supp: Record<string, unknown> = {}, name = 'acme-audit-logs'): ReturnType<typeof item> {
  return item('AWS::S3::Bucket', {
    resourceId: name,
    resourceName: name,
    configuration: { name, creationDate: '2025-03-02T10:11:12.000Z' },
    supplementaryConfiguration: {
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      IsRequesterPaysEnabled: false,
      ...supp,
    },
  });
}

type Rule = Record<string, unknown>;
const lifecycle = (...rules: unknown[]) => ({ BucketLifecycleConfiguration: { rules } });

// Expire objects after 395 days, move them to Standard-IA after 30, under a prefix filter.
const ARCHIVE: Rule = {
  id: 'archive-logs',
  status: 'Enabled',
  filter: { predicate: { type: 'LifecyclePrefixPredicate', prefix: 'logs/' } },
  expirationInDays: 395,
  transitions: [{ days: 30, storageClass: 'STANDARD_IA' }],
};
const MULTIPART: Rule = { id: 'abort-multipart', status: 'Enabled', prefix: '', abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } };
const ALL = { targetExpirationDays: '395', targetTransitionDays: '30', targetTransitionStorageClass: 'STANDARD_IA', targetPrefix: 'logs/' };

ruleCases('S3_LIFECYCLE_POLICY_CHECK', {
  compliant: [
    { name: 'an enabled rule, no parameters', item: bucket(lifecycle(MULTIPART)) },
    { name: 'a rule matching every target', item: bucket(lifecycle(MULTIPART, ARCHIVE)), params: ALL },
    { name: 'transition storage class alone', item: bucket(lifecycle(ARCHIVE)), params: { targetTransitionStorageClass: 'STANDARD_IA' } },
    { name: 'the prefix of an And filter', item: bucket(lifecycle({ ...ARCHIVE, filter: { predicate: { type: 'LifecycleAndOperator', operands: [{ type: 'LifecyclePrefixPredicate', prefix: 'logs/' }, { type: 'LifecycleObjectSizeGreaterThanPredicate' }] } } })), params: { targetPrefix: 'logs/' } },
    { name: 'listed in bucketNames', item: bucket(lifecycle(MULTIPART)), params: { bucketNames: 'acme-data, acme-audit-logs' } },
  ],
  nonCompliant: [
    { name: 'no lifecycle configuration', item: bucket() },
    { name: 'only a disabled rule', item: bucket(lifecycle({ ...ARCHIVE, status: 'Disabled' })) },
    { name: 'expiration after another number of days', item: bucket(lifecycle({ ...ARCHIVE, expirationInDays: 365 })), params: { targetExpirationDays: '395' } },
    { name: 'the matching rule is disabled', item: bucket(lifecycle(MULTIPART, { ...ARCHIVE, status: 'Disabled' })), params: ALL },
    { name: 'transition to another storage class', item: bucket(lifecycle({ ...ARCHIVE, transitions: [{ days: 30, storageClass: 'GLACIER' }] })), params: { targetTransitionDays: '30', targetTransitionStorageClass: 'STANDARD_IA' } },
    { name: 'targets met by two different rules, none by one', item: bucket(lifecycle({ ...MULTIPART, expirationInDays: 395 }, { ...ARCHIVE, expirationInDays: 90 })), params: { targetExpirationDays: '395', targetPrefix: 'logs/' } },
    { name: 'no transition at all', item: bucket(lifecycle(MULTIPART)), params: { targetTransitionDays: '30' } },
  ],
  notApplicable: [{ name: 'not listed in bucketNames', item: bucket(), params: { bucketNames: 'acme-data' } }],
  malformed: [
    { name: 'rules is not a list', item: bucket({ BucketLifecycleConfiguration: { rules: 'Enabled' } }) },
    { name: 'a rule without status', item: bucket(lifecycle({ id: 'x', expirationInDays: 30 })) },
    { name: 'a transition without a storage class', item: bucket(lifecycle({ ...ARCHIVE, transitions: [{ days: 30 }] })), params: { targetTransitionStorageClass: 'STANDARD_IA' } },
    { name: 'expiration days as text', item: bucket(lifecycle({ ...ARCHIVE, expirationInDays: '395' })), params: { targetExpirationDays: '395' } },
  ],
});
