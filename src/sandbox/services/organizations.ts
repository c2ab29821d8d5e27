// AWS Organizations (awsJson1_1, target prefix AWSOrganizationsV20161128): the organization's
// accounts, answered only to the management account as AWS does.
import { AwsError } from '../errors.ts';
import { page } from '../paging.ts';
import type { JsonHandler, RequestContext } from './types.ts';

const MAX_RESULTS = 20;

function managementOnly(ctx: RequestContext): void {
  if (ctx.account !== ctx.org.management) {
    throw new AwsError('AccessDeniedException', 'You don\'t have permissions to access this resource.');
  }
}

function maxResults(input: Record<string, unknown>): number {
  const v = input.MaxResults;
  if (v === undefined) return MAX_RESULTS;
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > MAX_RESULTS) {
    throw new AwsError('InvalidInputException', `MaxResults must be between 1 and ${MAX_RESULTS}`);
  }
  return v as number;
}

const accountJson = (ctx: RequestContext, id: string) => {
  const a = ctx.org.accountInfo(id)!;
  return { Id: a.Id, Arn: a.Arn, Email: a.Email, Name: a.Name, Status: a.Status, State: a.Status, JoinedMethod: a.JoinedMethod, JoinedTimestamp: a.JoinedTimestamp };
};

export const organizationsHandlers: Record<string, JsonHandler> = {
  DescribeOrganization(_input, ctx) {
    if (!ctx.org.isAccount(ctx.account)) throw new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    const m = ctx.org.management;
    return {
      Organization: {
        Id: ctx.org.organizationId,
        Arn: `arn:aws:organizations::${m}:organization/${ctx.org.organizationId}`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${m}:account/${ctx.org.organizationId}/${m}`,
        MasterAccountId: m,
        MasterAccountEmail: ctx.org.accountInfo(m)!.Email,
      },
    };
  },

  ListAccounts(input, ctx) {
    managementOnly(ctx);
    const p = page(ctx.org.accounts, input.NextToken as string | undefined, 'ListAccounts', maxResults(input));
    return { Accounts: p.items.map((id) => accountJson(ctx, id)), ...(p.next ? { NextToken: p.next } : {}) };
  },

  ListAccountsForParent(input, ctx) {
    managementOnly(ctx);
    const parent = input.ParentId;
    if (typeof parent !== 'string') throw new AwsError('InvalidInputException', 'ParentId is required');
    const ids = ctx.org.accounts.filter((id) => ctx.org.accountInfo(id)!.ou === parent);
    if (ids.length === 0 && !ctx.org.ous().includes(parent) && !parent.startsWith('r-')) throw new AwsError('ParentNotFoundException', `parent ${parent} not found`);
    const p = page(ids, input.NextToken as string | undefined, `ListAccountsForParent/${parent}`, maxResults(input));
    return { Accounts: p.items.map((id) => accountJson(ctx, id)), ...(p.next ? { NextToken: p.next } : {}) };
  },

  ListParents(input, ctx) {
    managementOnly(ctx);
    const child = input.ChildId;
    if (typeof child !== 'string' || !ctx.org.isAccount(child)) throw new AwsError('ChildNotFoundException', `child ${String(child)} not found`);
    const ou = ctx.org.accountInfo(child)!.ou;
    return { Parents: [{ Id: ou, Type: ou.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
  },
};
