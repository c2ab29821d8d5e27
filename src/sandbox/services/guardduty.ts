// Amazon GuardDuty (restJson1, signing name "guardduty"): the account-region's detector.
import { AwsError } from '../errors.ts';
import { intParam, pageOr, routes, type RestService } from '../rest.ts';
import type { RequestContext } from './types.ts';

const bad = (message: string): AwsError => new AwsError('BadRequestException', message, 400);
const iso = (ms: number): string => new Date(ms).toISOString();

function detectorOf(ctx: RequestContext) {
  return ctx.org.guardduty.detector(ctx.account, ctx.region, ctx.day);
}

export const guardDutyService: RestService = {
  name: 'guardduty',
  protocol: 'restJson1',
  // GuardDuty's errors carry "message" and "__type".
  errorBody: (e) => ({ message: e.message, __type: e.code }),
  match: routes([
    [
      'GET',
      '/detector',
      'ListDetectors',
      (req, ctx) => {
        const max = intParam(req.query.get('maxResults'), 'maxResults', 1, 50, 50, bad);
        const d = detectorOf(ctx);
        const p = pageOr(d ? [d.id] : [], req.query.get('nextToken') ?? undefined, `ListDetectors/${ctx.account}/${ctx.region}/${max}`, max, bad);
        return { body: { detectorIds: p.items, ...(p.next ? { nextToken: p.next } : {}) } };
      },
    ],
    [
      'GET',
      '/detector/{DetectorId}',
      'GetDetector',
      (req, ctx) => {
        const d = detectorOf(ctx);
        if (!d || d.id !== req.labels.DetectorId) throw bad('The request is rejected because the input detectorId is not owned by the current account.');
        const on = d.status === 'ENABLED' ? 'ENABLED' : 'DISABLED';
        return {
          body: {
            createdAt: iso(d.created),
            findingPublishingFrequency: 'SIX_HOURS',
            serviceRole: `arn:aws:iam::${ctx.account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
            status: d.status,
            updatedAt: iso(d.updated),
            dataSources: { cloudTrail: { status: on }, dnsLogs: { status: on }, flowLogs: { status: on }, s3Logs: { status: on } },
            features: ['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS', 'S3_DATA_EVENTS'].map((name) => ({ name, status: on, updatedAt: Math.floor(d.updated / 1000) })),
            tags: {},
          },
        };
      },
    ],
  ]),
};
