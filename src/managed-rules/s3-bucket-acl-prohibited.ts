// s3-bucket-acl-prohibited: the bucket grants no user access through its access control list. No
// parameters. Judgement: the rule's page fails a bucket whose ACL is configured for user access; a
// bucket with ACLs disabled (Object Ownership BucketOwnerEnforced, which the item does not record)
// holds only its owner's own grant, so any grant to another grantee (an account, a group such as
// AllUsers or LogDelivery, an email address) fails and an owner-only or empty ACL passes. The ACL
// is supplementaryConfiguration.AccessControlList (JSON text in real items): grantList, or grantSet
// where grantList is null, and owner.id.
import { defineRuleEvaluator, verdict, isRecord } from './define.ts';

const ACL = 'supplementaryConfiguration.AccessControlList';

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_ACL_PROHIBITED',
  resourceTypes: ['AWS::S3::Bucket'],
  fields: ['supplementaryConfiguration'],
  evaluate({ ci }) {
    ci.reqObj(ACL);
    const path = ci.get(`${ACL}.grantList`) !== undefined ? `${ACL}.grantList` : `${ACL}.grantSet`;
    const grants = ci.objects(path, false);
    const owner = grants.length > 0 ? ci.reqStr(`${ACL}.owner.id`) : undefined;
    const others = grants.filter((g, i) => {
      const grantee = g.grantee;
      if (typeof grantee === 'string') return true; // a predefined group: AllUsers, AuthenticatedUsers, LogDelivery
      if (!isRecord(grantee)) throw ci.malformed(`${path}.${i}.grantee`, 'an object or a group name');
      return grantee.id !== owner;
    });
    const who = others.map((g) => (typeof g.grantee === 'string' ? g.grantee : String((g.grantee as Record<string, unknown>).id ?? (g.grantee as Record<string, unknown>).identifier ?? 'another grantee')));
    return verdict(others.length === 0, 'the bucket ACL grants access to the bucket owner only', `the bucket ACL grants ${others.map((g) => String(g.permission)).join(', ')} to ${who.join(', ')}`);
  },
});
