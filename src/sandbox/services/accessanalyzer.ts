// IAM Access Analyzer (restJson1, signing name "access-analyzer"): the analyzers of an account-region.
import { intParam, pageOr, routes, type RestService } from '../rest.ts';
import { invalid, oneOf } from '../validators.ts';

const TYPES = ['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS'];

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
        const all = ctx.org.accessanalyzer.analyzers(ctx.account, ctx.region).filter((a) => type === null || a.type === type);
        const p = pageOr(all, req.query.get('nextToken') ?? undefined, `ListAnalyzers/${ctx.account}/${ctx.region}/${type ?? '*'}/${max}`, max, invalid);
        return { body: { analyzers: p.items.map((a) => ({ ...a, tags: {} })), ...(p.next ? { nextToken: p.next } : {}) } };
      },
    ],
  ]),
};
