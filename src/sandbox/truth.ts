// The oracle: what a complete collection of the synthetic organization must find.
import type { OrgModel, Recorder, Result, Trail } from './org.ts';

export type TruthResult = Result;
export type TruthTrail = Trail;
export type TruthRecorder = Recorder;

export interface TruthConfigRule {
  ConfigRuleName: string;
  ConfigRuleArn: string;
  ConfigRuleId: string;
  SourceIdentifier: string;
  Owner: 'AWS' | 'CUSTOM_LAMBDA';
  results: TruthResult[];
}

type PerAccountRegion<T> = Record<string, Record<string, T[]>>;

export interface SandboxTruth {
  seed: number;
  day: number;
  organization: { id: string; managementAccount: string; memberAccounts: string[] };
  accounts: string[];
  regions: string[];
  configRules: PerAccountRegion<TruthConfigRule>;
  trails: PerAccountRegion<TruthTrail>;
  configRecorders: PerAccountRegion<TruthRecorder>;
}

export interface TruthFilter {
  accounts?: string[];
  regions?: string[];
}

/** Builds the truth for a day; filter it for large organizations (it holds every result). */
export function buildTruth(org: OrgModel, day: number, filter: TruthFilter = {}): SandboxTruth {
  const accounts = filter.accounts ?? org.accounts;
  const regions = filter.regions ?? org.regions;
  const per = <T>(f: (account: string, region: string) => T[]): PerAccountRegion<T> =>
    Object.fromEntries(accounts.map((a) => [a, Object.fromEntries(regions.map((r) => [r, f(a, r)]))]));
  return {
    seed: org.seed,
    day,
    organization: { id: org.organizationId, managementAccount: org.management, memberAccounts: org.members },
    accounts,
    regions,
    configRules: per((a, r) =>
      org.rules(a, r).map((rule) => ({
        ConfigRuleName: rule.name,
        ConfigRuleArn: rule.arn,
        ConfigRuleId: rule.id,
        SourceIdentifier: rule.sourceIdentifier,
        Owner: rule.owner,
        results: org.results(a, r, rule, day),
      })),
    ),
    trails: per((a, r) => org.trails(a, r)),
    configRecorders: per((a, r) => org.recorders(a, r)),
  };
}
