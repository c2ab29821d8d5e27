// AWS Security Hub (restJson1, signing name "securityhub"): the hub and its enabled standards.
import { AwsError } from '../errors.ts';
import type { HubFacts } from './securityhub-facts.ts';
import { intParam, pageOr, jsonBody, routes, type RestService } from '../rest.ts';
import type { RequestContext } from './types.ts';

const STANDARDS = {
  fsbp: 'aws-foundational-security-best-practices/v/1.0.0',
  cis: 'cis-aws-foundations-benchmark/v/3.0.0',
} as const;

export function standardsArn(region: string, std: keyof typeof STANDARDS): string {
  return `arn:aws:securityhub:${region}::standards/${STANDARDS[std]}`;
}

export function subscriptionArn(account: string, region: string, std: keyof typeof STANDARDS): string {
  return `arn:aws:securityhub:${region}:${account}:subscription/${STANDARDS[std]}`;
}

/** Security Hub answers every call of an account that has not enabled it with 401 InvalidAccessException. */
function hubOf(ctx: RequestContext): HubFacts {
  const hub = ctx.org.securityhub.hub(ctx.account, ctx.region, ctx.day);
  if (!hub) throw new AwsError('InvalidAccessException', `Account ${ctx.account} is not subscribed to AWS Security Hub`, 401);
  return hub;
}

const invalidInput = (message: string): AwsError => new AwsError('InvalidInputException', message, 400);

export const securityHubService: RestService = {
  name: 'securityhub',
  protocol: 'restJson1',
  // Security Hub's errors carry "Code" and "Message".
  errorBody: (e) => ({ Code: e.code, Message: e.message }),
  match: routes([
    [
      'GET',
      '/accounts',
      'DescribeHub',
      (req, ctx) => {
        const hub = hubOf(ctx);
        const asked = req.query.get('HubArn');
        if (asked && asked !== hub.arn) throw new AwsError('ResourceNotFoundException', `Hub ${asked} not found`, 404);
        return { body: { HubArn: hub.arn, SubscribedAt: new Date(hub.subscribedAt).toISOString(), AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL' } };
      },
    ],
    [
      'POST',
      '/standards/get',
      'GetEnabledStandards',
      (req, ctx) => {
        const hub = hubOf(ctx);
        const input = jsonBody(req);
        const max = intParam(input.MaxResults, 'MaxResults', 1, 100, 100, invalidInput);
        const wanted = input.StandardsSubscriptionArns as string[] | undefined;
        const subs = hub.standards
          .map((std) => ({
            StandardsSubscriptionArn: subscriptionArn(ctx.account, ctx.region, std),
            StandardsArn: standardsArn(ctx.region, std),
            StandardsInput: {},
            StandardsStatus: 'READY',
            StandardsControlsUpdatable: 'READY_FOR_UPDATES',
          }))
          .filter((s) => !wanted || wanted.length === 0 || wanted.includes(s.StandardsSubscriptionArn));
        const p = pageOr(subs, input.NextToken as string | undefined, `GetEnabledStandards/${ctx.account}/${ctx.region}/${max}`, max, invalidInput);
        return { body: { StandardsSubscriptions: p.items, ...(p.next ? { NextToken: p.next } : {}) } };
      },
    ],
  ]),
};
