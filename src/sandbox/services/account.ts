// AWS Account Management (restJson1, signing name "account"): ListRegions, which a collection
// over "all enabled regions" asks first. The sandbox's account has enabled exactly the regions the
// sandbox models, minus the ones a fault disables; every other commercial region reads DISABLED.
// (A real account cannot disable the regions AWS enables by default; the model opts out of them
// so that "all" means the regions the sandbox can answer for.)
import { pageOr, routes, type RestService } from '../rest.ts';
import { AWS_REGIONS } from '../regions.ts';
import { invalid } from '../validators.ts';

/** Regions an account must opt in to (AWS Account Management reference, "Specify which AWS Regions your account can use"). */
const OPT_IN = new Set(['af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1']);
const STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'];

export const accountService: RestService = {
  name: 'account',
  protocol: 'restJson1',
  errorBody: (e) => ({ message: e.message }),
  match: routes([
    [
      'POST',
      '/listRegions',
      'ListRegions',
      (req, ctx) => {
        const input = (req.body ? JSON.parse(req.body) : {}) as { MaxResults?: unknown; NextToken?: unknown; RegionOptStatusContains?: unknown; AccountId?: unknown };
        const max = input.MaxResults ?? 50;
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50) throw invalid('MaxResults must be between 1 and 50.');
        const wanted = input.RegionOptStatusContains;
        if (wanted !== undefined && (!Array.isArray(wanted) || wanted.some((s) => !STATUSES.includes(s as string)))) {
          throw invalid(`RegionOptStatusContains must list values from ${STATUSES.join(', ')}.`);
        }
        const disabled = new Set(ctx.disabledRegions ?? []);
        const regions = AWS_REGIONS.filter((r) => !r.startsWith('us-gov-') && !r.startsWith('cn-')).map((RegionName) => ({
          RegionName,
          RegionOptStatus: ctx.org.regions.includes(RegionName) && !disabled.has(RegionName) ? (OPT_IN.has(RegionName) ? 'ENABLED' : 'ENABLED_BY_DEFAULT') : 'DISABLED',
        }));
        const selected = wanted ? regions.filter((r) => (wanted as string[]).includes(r.RegionOptStatus)) : regions;
        const token = typeof input.NextToken === 'string' ? input.NextToken : undefined;
        const p = pageOr(selected, token, `ListRegions/${ctx.account}/${max}/${JSON.stringify(wanted ?? null)}`, max, invalid);
        return { body: { Regions: p.items, ...(p.next ? { NextToken: p.next } : {}) } };
      },
    ],
  ]),
};
