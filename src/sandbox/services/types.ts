import type { AccountModel } from '../account.ts';

/** What a service handler knows about the request: who (account) and where (region), and when. */
export interface RequestContext {
  account: AccountModel;
  region: string;
  day: number;
  requestId: string;
}

export type JsonHandler = (input: Record<string, unknown>, ctx: RequestContext) => unknown;
