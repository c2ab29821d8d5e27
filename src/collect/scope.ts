// Which accounts a run covers, and the credentials to reach each: the caller's own account, an
// explicit list, or the AWS Organization (ListAccounts) with include/exclude by id or OU; member
// accounts through an assumed role whose sessions refresh before they expire.
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListAccountsCommand, ListParentsCommand, type Account } from '@aws-sdk/client-organizations';
import { classifyError } from './calls.ts';
import type { AwsClients, CredentialProvider, StaticCredentials } from './clients.ts';
import { inShard, type ShardSpec } from '../domain/index.ts';
import type { ShardRecord } from '../domain/index.ts';
import { EvidenceError, isAccountId, quoteShort } from '../domain/index.ts';

export interface ScopeConfig {
  /** "caller": the credentials' own account; "organization": every account of the organization; or a list of ids. */
  accounts: 'caller' | 'organization' | string[];
  /** Account ids or OU ids (ou-..., r-...) to keep; empty keeps all. */
  include: string[];
  /** Account ids or OU ids to drop. */
  exclude: string[];
  /** Collect the management (caller's) account as well when scoping an organization. */
  includeManagement: boolean;
  role: { name: string; externalId?: string; durationSeconds: number };
}

export interface ScopedAccount {
  account: string;
  name?: string;
  /** Clients for this account (the caller's own, or an assumed role's). */
  clients: AwsClients;
  /** How the account is reached, for the coverage section. */
  via: 'caller' | `role ${string}`;
}

export interface ResolvedScope {
  caller: { account: string; arn: string };
  accounts: ScopedAccount[];
  /** Accounts that were selected but could not be reached, with why. */
  unreachable: { account: string; reason: string }[];
  /** With a shard: which part this is, and every account selected before partitioning. */
  shard?: ShardRecord;
}

export class ScopeError extends EvidenceError {
  override readonly name = 'ScopeError';
}

/** Refreshes five minutes before expiry, so long runs never use an expired session. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function assumeRoleProvider(base: AwsClients, region: string, roleArn: string, sessionName: string, externalId: string | undefined, durationSeconds: number): CredentialProvider {
  let current: StaticCredentials | undefined;
  let pending: Promise<StaticCredentials> | undefined;
  return async () => {
    if (current?.expiration && current.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return current;
    pending ??= base
      .sts(region)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: durationSeconds, ...(externalId ? { ExternalId: externalId } : {}) }))
      .then((out) => {
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new ScopeError(`AssumeRole ${roleArn} returned no credentials`);
        current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
        return current;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

async function listOrganization(base: AwsClients, region: string): Promise<Account[]> {
  const org = base.organizations(region);
  const out: Account[] = [];
  let NextToken: string | undefined;
  do {
    const page = await org.send(new ListAccountsCommand(NextToken ? { NextToken } : {}));
    out.push(...(page.Accounts ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out.filter((a) => (a.State ?? a.Status) === 'ACTIVE');
}

export async function resolveScope(base: AwsClients, region: string, cfg: ScopeConfig, runId: string, shard?: ShardSpec): Promise<ResolvedScope> {
  let caller: { account: string; arn: string };
  try {
    const id = await base.sts(region).send(new GetCallerIdentityCommand({}));
    caller = { account: id.Account ?? '', arn: id.Arn ?? '' };
  } catch (err) {
    const c = classifyError(err);
    throw new ScopeError(`cannot identify the AWS account (sts:GetCallerIdentity in ${region}): ${c.code}: ${c.message}`, { cause: err });
  }
  // the account id names store objects: a malformed answer ends the run here
  if (!isAccountId(caller.account)) throw new ScopeError(`sts:GetCallerIdentity in ${region} returned ${quoteShort(caller.account)}, not a 12-digit account id`);
  const part = (all: string[]): { shard?: ShardRecord } => (shard ? { shard: { index: shard.index, count: shard.count, of: [...all].sort() } } : {});
  if (cfg.accounts === 'caller') {
    const mine = !shard || inShard(caller.account, shard);
    return { caller, accounts: mine ? [{ account: caller.account, clients: base, via: 'caller' }] : [], unreachable: [], ...part([caller.account]) };
  }

  let candidates: { id: string; name?: string }[];
  if (cfg.accounts === 'organization') {
    let accounts: Account[];
    try {
      accounts = await listOrganization(base, region);
    } catch (err) {
      const c = classifyError(err);
      throw new ScopeError(`cannot list the organization's accounts (organizations:ListAccounts from ${caller.account}; run from the management account or a delegated administrator): ${c.code}: ${c.message}`, { cause: err });
    }
    candidates = accounts.map((a) => ({ id: a.Id ?? '', ...(a.Name ? { name: a.Name } : {}) }));
    if (!cfg.includeManagement) candidates = candidates.filter((a) => a.id !== caller.account);
  } else {
    candidates = cfg.accounts.map((id) => ({ id }));
  }

  // OU filters need each account's parent; ask only when a filter names an OU.
  const wantsOu = [...cfg.include, ...cfg.exclude].some((x) => x.startsWith('ou-') || x.startsWith('r-'));
  const parents = new Map<string, string>();
  if (wantsOu) {
    for (const a of candidates) {
      const out = await base.organizations(region).send(new ListParentsCommand({ ChildId: a.id }));
      parents.set(a.id, out.Parents?.[0]?.Id ?? '');
    }
  }
  const matches = (a: { id: string }, list: string[]): boolean => list.includes(a.id) || list.includes(parents.get(a.id) ?? '\u0000');
  const chosen = candidates.filter((a) => (cfg.include.length === 0 || matches(a, cfg.include)) && !matches(a, cfg.exclude)).sort((x, y) => (x.id < y.id ? -1 : 1));
  // A shard keeps its part before any role is assumed: other shards' accounts are not touched.
  const selected = shard ? chosen.filter((a) => inShard(a.id, shard)) : chosen;

  const sessionName = `evidence-${runId}`.slice(0, 64);
  const accounts: ScopedAccount[] = [];
  const unreachable: ResolvedScope['unreachable'] = [];
  for (const a of selected) {
    // An id from ListAccounts names store objects and a role ARN: a malformed one is never used.
    if (!isAccountId(a.id)) {
      unreachable.push({ account: a.id, reason: `organizations:ListAccounts returned ${quoteShort(a.id)}, not a 12-digit account id; the account is not collected` });
      continue;
    }
    if (a.id === caller.account) {
      accounts.push({ account: a.id, ...(a.name ? { name: a.name } : {}), clients: base, via: 'caller' });
      continue;
    }
    const roleArn = `arn:aws:iam::${a.id}:role/${cfg.role.name}`;
    const provider = assumeRoleProvider(base, region, roleArn, sessionName, cfg.role.externalId, cfg.role.durationSeconds);
    try {
      await provider(); // fail early and clearly for an account the role cannot reach
      accounts.push({ account: a.id, ...(a.name ? { name: a.name } : {}), clients: base.withCredentials(provider), via: `role ${cfg.role.name}` });
    } catch (err) {
      const c = classifyError(err);
      unreachable.push({ account: a.id, reason: `cannot assume ${roleArn}: ${c.code}: ${c.message}` });
    }
  }
  return { caller, accounts, unreachable, ...part(chosen.map((a) => a.id)) };
}
