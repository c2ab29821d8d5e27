// IAM Access Analyzer (restJson1, signing name "access-analyzer"): the analyzers of an account-region.
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import { unit } from '../prng.ts';
import { intParam, pageOr, routes, type RestService } from '../rest.ts';
import { invalid, oneOf } from '../validators.ts';

export interface AnalyzerFacts {
  arn: string;
  name: string;
  type: 'ACCOUNT' | 'ORGANIZATION';
  status: 'ACTIVE';
  createdAt: string;
}

const TYPES = ['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS'];

/**
 * The management account runs an organization analyzer in every region; members have an
 * account analyzer in the first region and in some others; the newest member only in the first.
 */
export function analyzers(org: OrgModel, account: string, region: string): AnalyzerFacts[] {
  const make = (name: string, type: AnalyzerFacts['type']): AnalyzerFacts => ({
    arn: `arn:aws:access-analyzer:${region}:${account}:analyzer/${name}`,
    name,
    type,
    status: 'ACTIVE',
    createdAt: new Date(EPOCH - Math.floor(60 + unit(org.seed, account, region, 'analyzer') * 300) * DAY_MS).toISOString().replace('.000Z', 'Z'),
  });
  if (account === org.management) return [make('org-access-analyzer', 'ORGANIZATION')];
  if (region === org.first) return [make('account-access-analyzer', 'ACCOUNT')];
  if (account === org.members.at(-1)) return [];
  return unit(org.seed, account, region, 'has-analyzer') < 0.6 ? [make('account-access-analyzer', 'ACCOUNT')] : [];
}

export const accessAnalyzerService: RestService = {
  name: 'access-analyzer',
  protocol: 'restJson1',
  match: routes([
    [
      'GET',
      '/analyzer',
      'ListAnalyzers',
      (req, ctx) => {
        const type = oneOf(Object.fromEntries(req.query), 'type', 'type', TYPES) ?? null;
        const max = intParam(req.query.get('maxResults'), 'maxResults', 1, 1000, 100, invalid);
        const all = analyzers(ctx.org, ctx.account, ctx.region).filter((a) => type === null || a.type === type);
        const p = pageOr(all, req.query.get('nextToken') ?? undefined, `ListAnalyzers/${ctx.account}/${ctx.region}/${type ?? '*'}/${max}`, max, invalid);
        return { body: { analyzers: p.items.map((a) => ({ ...a, tags: {} })), ...(p.next ? { nextToken: p.next } : {}) } };
      },
    ],
  ]),
};
