// AWS STS (awsQuery): identity of the caller.
import type { RequestContext } from './types.ts';

export type QueryHandler = (params: URLSearchParams, ctx: RequestContext) => Record<string, string>;

export const stsHandlers: Record<string, QueryHandler> = {
  GetCallerIdentity(_params, ctx) {
    return {
      Arn: `arn:aws:iam::${ctx.account.accountId}:user/sandbox-auditor`,
      UserId: 'AIDASANDBOXAUDITOR01',
      Account: ctx.account.accountId,
    };
  },
};
