import type { OrgModel } from '../org.ts';

/** What a service handler knows about the request: who (account) and where (region), and when. */
export interface RequestContext {
  org: OrgModel;
  /** The account the caller's credentials belong to. */
  account: string;
  /** Who is calling, for GetCallerIdentity. */
  principal: { arn: string; userId: string };
  region: string;
  day: number;
  requestId: string;
  /** Regions a fault has disabled (REST services that report region status read it). */
  disabledRegions?: readonly string[];
  /** Aggregator sources a fault marks as failing (account, and region or every region). */
  failedAggregatorSources?: readonly { account: string; region?: string | undefined }[];
}

export type JsonHandler = (input: Record<string, unknown>, ctx: RequestContext) => unknown;
