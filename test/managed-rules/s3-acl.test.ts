import { item, ruleCases } from './helpers.ts';

const OWNER = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';
const ownerGrant = { grantee: { id: OWNER, displayName: null }, permission: 'FullControl' };

// A bucket item whose ACL (JSON text, as Config records it) holds these grants.
function bucket(acl: unknown, name = 'acme-reports'): ReturnType<typeof item> {
  return item('AWS::S3::Bucket', {
    resourceId: name,
    resourceName: name,
    configuration: { name, creationDate: '2025-03-02T10:11:12.000Z' },
    supplementaryConfiguration: {
      ...(acl === undefined ? {} : { AccessControlList: typeof acl === 'string' ? acl : JSON.stringify(acl) }),
      BucketPolicy: { policyText: null },
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      IsRequesterPaysEnabled: false,
    },
  });
}
const acl = (grantList: unknown, extra: Record<string, unknown> = {}) => ({ grantSet: null, grantList, owner: { displayName: null, id: OWNER }, isRequesterCharged: false, ...extra });

ruleCases('S3_BUCKET_ACL_PROHIBITED', {
  compliant: [
    { name: 'ACLs disabled: the owner alone has full control', item: bucket(acl([ownerGrant])) },
    { name: 'no grants at all', item: bucket(acl([])) },
    { name: 'grants in grantSet, owner only', item: bucket(acl(null, { grantSet: [ownerGrant] })) },
  ],
  nonCompliant: [
    { name: 'log delivery group may write', item: bucket(acl([ownerGrant, { grantee: 'LogDelivery', permission: 'Write' }])) },
    { name: 'everyone may read', item: bucket(acl([ownerGrant, { grantee: 'AllUsers', permission: 'Read' }])) },
    { name: 'another account has read access', item: bucket(acl([ownerGrant, { grantee: { id: 'f'.repeat(64), displayName: null }, permission: 'Read' }])) },
  ],
  notApplicable: [{ name: 'not a bucket', item: item('AWS::S3::AccountPublicAccessBlock', { configuration: {} }) }],
  malformed: [
    { name: 'no ACL recorded', item: bucket(undefined) },
    { name: 'ACL not an object', item: bucket('private') },
    { name: 'grant list not an array', item: bucket(acl({ grantee: 'AllUsers' })) },
    { name: 'grants without the owner id', item: bucket({ grantList: [ownerGrant] }) },
    { name: 'grantee a number', item: bucket(acl([{ grantee: 7, permission: 'Read' }])) },
  ],
});
