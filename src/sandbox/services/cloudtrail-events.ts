// AWS CloudTrail (awsJson1_1, target prefix CloudTrail_20131101): trails' event selectors and
// the 90-day event history (LookupEvents), seeded per account, region and day. Console
// sign-ins and IAM changes are global-service events, recorded (as AWS records them) in the
// partition's global-events region, us-east-1, whether or not the organization's regions include
// it; trail and recorder changes happen in every region of the organization.
import { AwsError } from '../errors.ts';
import { DAY_MS, EPOCH, simulatedNow } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import type { Trail } from './cloudtrail-facts.ts';
import { hexOf, iamId, unit, uuidOf } from '../prng.ts';
import { REDACTED } from '../../domain/index.ts';
import type { JsonHandler, RequestContext } from './types.ts';

export interface SandboxEvent {
  EventId: string;
  EventName: string;
  /** ms since the epoch, whole seconds. */
  EventTime: number;
  EventSource: string;
  Username: string;
  ReadOnly: 'false';
  AccessKeyId?: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  /** The CloudTrail record (what LookupEvents returns as the CloudTrailEvent JSON string). */
  record: Record<string, unknown>;
}

const IAM_CHANGES = ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy', 'AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy', 'CreatePolicyVersion', 'CreateAccessKey'];
const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];
const MAX_RESULTS = 50;
const HISTORY_DAYS = 90;
const ADMIN_ROLE = 'AdminRole';
const CONSOLE_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const CLI_AGENT = 'aws-cli/2.17.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.4';

const cloudTrailTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Which day (of simulated time) a moment falls on. */
export const dayOf = (ms: number): number => Math.floor((ms - EPOCH) / DAY_MS);

interface Actor {
  username: string;
  accessKeyId?: string;
  identity: Record<string, unknown>;
}

/**
 * Every recorded event of an account-region on a day, oldest first. With `redacted`, access key
 * ids read "[REDACTED]" as a collector must store them.
 */
export function dayEvents(org: OrgModel, account: string, region: string, d: number, redacted = false): SandboxEvent[] {
  const s = org.seed;
  const first = org.first;
  const global = region === org.eventsRegion;
  const keyId = (id: string): string => (redacted ? REDACTED : id);
  const at = (...p: (string | number)[]): number => EPOCH + d * DAY_MS + Math.floor(unit(s, account, region, d, ...p) * 86_400) * 1000;
  const ip = (...p: (string | number)[]): string => `198.51.100.${1 + Math.floor(unit(s, account, ...p, 'ip') * 250)}`;
  const users = global ? org.iam.userCount(account) : 0;
  const user = (i: number, withKey: boolean): Actor => {
    const id = org.resource('user', account, first, i).id;
    const name = org.iam.userName(account, i);
    const key = iamId('AKIA', s, account, id, 'key').slice(0, 20);
    return {
      username: name,
      ...(withKey ? { accessKeyId: key } : {}),
      identity: { type: 'IAMUser', principalId: id, arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, ...(withKey ? { accessKeyId: keyId(key) } : {}), userName: name },
    };
  };
  const role = (session: string, when: number): Actor => {
    const roleId = iamId('AROA', s, account, ADMIN_ROLE);
    const key = iamId('ASIA', s, account, session, when).slice(0, 20);
    return {
      username: session,
      accessKeyId: key,
      identity: {
        type: 'AssumedRole',
        principalId: `${roleId}:${session}`,
        arn: `arn:aws:sts::${account}:assumed-role/${ADMIN_ROLE}/${session}`,
        accountId: account,
        accessKeyId: keyId(key),
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${account}:role/${ADMIN_ROLE}`, accountId: account, userName: ADMIN_ROLE },
          attributes: { creationDate: cloudTrailTime(when - 600_000), mfaAuthenticated: 'true' },
        },
      },
    };
  };
  const events: SandboxEvent[] = [];
  const push = (
    kind: string,
    k: number,
    name: string,
    source: string,
    when: number,
    actor: Actor,
    resources: SandboxEvent['Resources'],
    detail: { requestParameters?: unknown; responseElements?: unknown; additionalEventData?: unknown; errorMessage?: string; console?: boolean },
  ): void => {
    const id = uuidOf(s, account, region, d, kind, k);
    events.push({
      EventId: id,
      EventName: name,
      EventTime: when,
      EventSource: source,
      Username: actor.username,
      ReadOnly: 'false',
      ...(actor.accessKeyId ? { AccessKeyId: keyId(actor.accessKeyId) } : {}),
      Resources: resources,
      record: {
        eventVersion: '1.09',
        userIdentity: actor.identity,
        eventTime: cloudTrailTime(when),
        eventSource: source,
        eventName: name,
        awsRegion: region,
        sourceIPAddress: ip(kind, d, k),
        userAgent: detail.console ? CONSOLE_AGENT : CLI_AGENT,
        ...(detail.errorMessage ? { errorMessage: detail.errorMessage } : {}),
        requestParameters: detail.requestParameters ?? null,
        responseElements: detail.responseElements ?? null,
        ...(detail.additionalEventData ? { additionalEventData: detail.additionalEventData } : {}),
        ...(detail.console ? {} : { requestID: uuidOf(s, id, 'request') }),
        eventID: id,
        readOnly: false,
        eventType: detail.console ? 'AwsConsoleSignIn' : 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: 'Management',
      },
    });
  };
  const signIn = (kind: string, k: number, when: number, actor: Actor, mfa: boolean, ok: boolean): void =>
    push(kind, k, 'ConsoleLogin', 'signin.amazonaws.com', when, actor, [], {
      console: true,
      responseElements: { ConsoleLogin: ok ? 'Success' : 'Failure' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa ? 'Yes' : 'No' },
      ...(ok ? {} : { errorMessage: 'Failed authentication' }),
    });

  if (global) {
    // IAM users are modelled in the first region (where Config records them); their events are global.
    for (let i = 0; i < users; i += 1) {
      const logins = org.iam.consoleLogins(account, org.resource('user', account, first, i).id, d);
      if (logins.length === 0) continue;
      const mfa = org.iam.userMfaOn(account, i, d);
      logins.forEach((t, k) => signIn(`login-${i}`, k, t, user(i, false), mfa, true));
    }
    const rootAt = org.iam.rootLogin(account, d);
    if (rootAt !== undefined) {
      signIn('root-login', 0, rootAt, { username: 'root', identity: { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account } }, org.iam.rootMfaOn(account, d), true);
    }
    if (users > 0 && unit(s, account, 'failed-login', d) < 0.3) {
      signIn('failed-login', 0, at('failed-login'), user(Math.floor(unit(s, account, 'failed-user', d) * users), false), false, false);
    }
    const changes = users === 0 ? 0 : Math.floor(unit(s, account, 'iam-changes', d) * (3 + users / 20));
    for (let k = 0; k < changes; k += 1) {
      const u = (p: string): number => unit(s, account, 'iam-change', d, k, p);
      const name = IAM_CHANGES[Math.floor(u('name') * IAM_CHANGES.length)]!;
      const when = at('iam-change', k);
      const actor = u('actor') < 0.5 ? user(Math.floor(u('by') * users), true) : role(`admin-${org.iam.userName(account, Math.floor(u('by') * users))}`, when);
      const target = org.iam.userName(account, Math.floor(u('target') * users));
      const policyArn = `arn:aws:iam::${account}:policy/sandbox-policy-${Math.floor(u('policy') * 10)}`;
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
      const kind = name.startsWith('Attach') ? 'attach' : name.startsWith('Put') ? 'put' : name;
      const what = name.replace(/^(Put|Attach)/, '').replace('Policy', '').toLowerCase(); // user, role, group
      const principal = what === 'user' ? target : what === 'role' ? 'app-role' : 'developers';
      const resourceType = what === 'user' ? 'AWS::IAM::User' : what === 'role' ? 'AWS::IAM::Role' : 'AWS::IAM::Group';
      let detail: Parameters<typeof push>[7];
      let resources: SandboxEvent['Resources'];
      if (kind === 'put') {
        detail = { requestParameters: { [`${what}Name`]: principal, policyName: `inline-${k}`, policyDocument: doc } };
        resources = [{ ResourceType: 'AWS::IAM::Policy', ResourceName: `inline-${k}` }, { ResourceType: resourceType, ResourceName: principal }];
      } else if (kind === 'attach') {
        detail = { requestParameters: { [`${what}Name`]: principal, policyArn } };
        resources = [{ ResourceType: 'AWS::IAM::Policy', ResourceName: policyArn }, { ResourceType: resourceType, ResourceName: principal }];
      } else if (name === 'CreatePolicyVersion') {
        detail = { requestParameters: { policyArn, policyDocument: doc, setAsDefault: true }, responseElements: { policyVersion: { versionId: `v${2 + (k % 4)}`, isDefaultVersion: true, createDate: cloudTrailTime(when) } } };
        resources = [{ ResourceType: 'AWS::IAM::Policy', ResourceName: policyArn }];
      } else {
        // CreateAccessKey: CloudTrail logs the new key's id (never its secret).
        const created = iamId('AKIA', s, account, target, 'new-key', d, k).slice(0, 20);
        detail = { requestParameters: { userName: target }, responseElements: { accessKey: { userName: target, accessKeyId: keyId(created), status: 'Active', createDate: cloudTrailTime(when) } } };
        resources = [{ ResourceType: 'AWS::IAM::AccessKey', ResourceName: keyId(created) }, { ResourceType: 'AWS::IAM::User', ResourceName: target }];
      }
      push(`iam-${name}`, k, name, 'iam.amazonaws.com', when, actor, resources, detail);
    }
  }

  // Outside the organization's regions nobody changes trails or recorders.
  const ops = (name: string, share: number): boolean => org.regions.includes(region) && unit(s, account, region, name, d) < share;
  const operator = (when: number): Actor => role(`ops-${hexOf(4, s, account, region, d)}`, when);
  const homed = org.cloudtrail.ownTrails(account, region)[0];
  if (ops('StopLogging', 0.04)) {
    const trail = homed?.Name ?? 'scratch-trail';
    const when = at('StopLogging');
    push('StopLogging', 0, 'StopLogging', 'cloudtrail.amazonaws.com', when, operator(when), [{ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: trail }], { requestParameters: { name: trail } });
  }
  if (ops('DeleteTrail', 0.02)) {
    const trail = `scratch-trail-${hexOf(4, s, account, region, d, 'trail')}`;
    const when = at('DeleteTrail');
    push('DeleteTrail', 0, 'DeleteTrail', 'cloudtrail.amazonaws.com', when, operator(when), [{ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: trail }], { requestParameters: { name: trail } });
  }
  for (const [name, share] of [
    ['StopConfigurationRecorder', 0.04],
    ['DeleteConfigurationRecorder', 0.01],
  ] as const) {
    if (!ops(name, share)) continue;
    const when = at(name);
    push(name, 0, name, 'config.amazonaws.com', when, operator(when), [{ ResourceType: 'AWS::Config::ConfigurationRecorder', ResourceName: 'default' }], { requestParameters: { configurationRecorderName: 'default' } });
  }
  return events.sort((a, b) => a.EventTime - b.EventTime || (a.EventId < b.EventId ? -1 : 1));
}

export interface LookupFilter {
  key?: string;
  value?: string;
}

function matches(e: SandboxEvent, f: LookupFilter): boolean {
  switch (f.key) {
    case undefined:
      return true;
    case 'ResourceType':
      return e.Resources.some((r) => r.ResourceType === f.value);
    case 'ResourceName':
      return e.Resources.some((r) => r.ResourceName === f.value);
    default:
      return (e as unknown as Record<string, unknown>)[f.key] === f.value;
  }
}

/**
 * The events of a window, newest first, from a cursor (day, offset into that day's matching
 * events): each page generates only the days it reads.
 */
export function lookupEvents(
  org: OrgModel,
  account: string,
  region: string,
  filter: LookupFilter,
  start: number,
  end: number,
  cursor: { d: number; k: number },
  max: number,
  redacted = false,
): { events: SandboxEvent[]; next?: { d: number; k: number } } {
  const out: SandboxEvent[] = [];
  const lastDay = dayOf(start);
  for (let d = cursor.d, k = cursor.k; d >= lastDay; d -= 1, k = 0) {
    const day = dayEvents(org, account, region, d, redacted)
      .filter((e) => e.EventTime >= start && e.EventTime <= end && matches(e, filter))
      .reverse();
    if (out.length === max) {
      // Page full: another page only if something is left.
      if (day.length > k) return { events: out, next: { d, k } };
      continue;
    }
    const take = day.slice(k, k + max - out.length);
    out.push(...take);
    if (out.length === max && k + take.length < day.length) return { events: out, next: { d, k: k + take.length } };
  }
  return { events: out };
}

function cursorToken(scope: string, c: { d: number; k: number }): string {
  return Buffer.from(JSON.stringify({ s: hexOf(12, scope), d: c.d, k: c.k })).toString('base64url');
}

function cursorOf(token: unknown, scope: string): { d: number; k: number } | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { s?: string; d?: number; k?: number };
    if (v.s === hexOf(12, scope) && Number.isInteger(v.d) && Number.isInteger(v.k) && v.k! >= 0) return { d: v.d!, k: v.k! };
  } catch {
    // fall through to the error below
  }
  throw new AwsError('InvalidNextTokenException', 'A token that is not valid, or a token that was previously used in a request with different parameters, was specified.');
}

/** GetEventSelectors' answer for a trail: the organization trail uses advanced selectors. */
export function eventSelectorsOf(t: Trail): { EventSelectors?: unknown[]; AdvancedEventSelectors?: unknown[] } {
  if (t.IsOrganizationTrail) {
    return {
      AdvancedEventSelectors: [
        { Name: 'Log all management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'Log S3 object writes',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ],
    };
  }
  // The legacy trail logs write events only.
  return { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
}

function findTrail(name: unknown, ctx: RequestContext): Trail {
  if (typeof name !== 'string' || name === '') throw new AwsError('InvalidTrailNameException', 'Trail name or ARN is required');
  const t = ctx.org.cloudtrail.trails(ctx.account, ctx.region).find((x) => x.TrailARN === name || (x.Name === name && x.HomeRegion === ctx.region));
  if (!t) throw new AwsError('TrailNotFoundException', `Unknown trail: ${name} for the user: ${ctx.account}`);
  return t;
}

const toSecs = (v: unknown, name: string): number | undefined => {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new AwsError('SerializationException', `${name} must be a timestamp`);
  return Math.round(n * 1000);
};

export const cloudtrailEventHandlers: Record<string, JsonHandler> = {
  GetEventSelectors(input, ctx) {
    const t = findTrail(input.TrailName, ctx);
    return { TrailARN: t.TrailARN, ...eventSelectorsOf(t) };
  },

  LookupEvents(input, ctx) {
    const attrs = (input.LookupAttributes ?? []) as { AttributeKey?: string; AttributeValue?: string }[];
    if (!Array.isArray(attrs) || attrs.length > 1) throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
    const a = attrs[0];
    if (a && (!LOOKUP_KEYS.includes(a.AttributeKey ?? '') || typeof a.AttributeValue !== 'string' || a.AttributeValue === '')) {
      throw new AwsError('InvalidLookupAttributesException', `Lookup attribute key must be one of ${LOOKUP_KEYS.join(', ')} with a non-empty value.`);
    }
    const max = input.MaxResults === undefined ? MAX_RESULTS : Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) throw new AwsError('InvalidMaxResultsException', `MaxResults must be from 1 to ${MAX_RESULTS}.`);
    const end = toSecs(input.EndTime, 'EndTime') ?? simulatedNow(ctx.day);
    let start = toSecs(input.StartTime, 'StartTime') ?? end - HISTORY_DAYS * DAY_MS;
    if (start > end) throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.');
    // Event history keeps 90 days.
    start = Math.max(start, end - HISTORY_DAYS * DAY_MS);
    const filter: LookupFilter = a ? { key: a.AttributeKey!, value: a.AttributeValue! } : {};
    const scope = `LookupEvents/${ctx.account}/${ctx.region}/${filter.key ?? ''}=${filter.value ?? ''}/${start}/${end}/${max}`;
    const cursor = cursorOf(input.NextToken, scope) ?? { d: dayOf(end), k: 0 };
    const page = lookupEvents(ctx.org, ctx.account, ctx.region, filter, start, end, cursor, max);
    return {
      Events: page.events.map((e) => ({
        EventId: e.EventId,
        EventName: e.EventName,
        ReadOnly: e.ReadOnly,
        ...(e.AccessKeyId ? { AccessKeyId: e.AccessKeyId } : {}),
        EventTime: e.EventTime / 1000,
        EventSource: e.EventSource,
        Username: e.Username,
        Resources: e.Resources,
        CloudTrailEvent: JSON.stringify(e.record),
      })),
      ...(page.next ? { NextToken: cursorToken(scope, page.next) } : {}),
    };
  },
};
