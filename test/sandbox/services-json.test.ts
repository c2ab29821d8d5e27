// KMS, CloudTrail (event selectors, event history) and Config (delivery channels, conformance
// packs) over awsJson1_1 through the real SDK clients: pagination to the last page, AWS's page
// limits and error codes, and a member account's own data through AssumeRole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetEventSelectorsCommand, LookupEventsCommand, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { DescribeConformancePackComplianceCommand, DescribeConformancePacksCommand, DescribeDeliveryChannelStatusCommand } from '@aws-sdk/client-config-service';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { AwsClients } from '../../src/collect/clients.ts';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { AWS_MANAGED_KEY_ALIASES } from '../../src/sandbox/services/kms-facts.ts';

let sb: RunningSandbox;
let truth: SandboxTruth;
let base: AwsClients;
let member: AwsClients;
const DAY = 86_400_000;

async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    return { name: (err as Error).name, status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
  return { name: 'no error' };
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 19, faults: { throttling: false } });
  truth = sb.truth();
  base = new AwsClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  const out = await base.sts(sb.regions[0]!).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${sb.memberAccounts[0]}:role/${sb.collectorRole}`, RoleSessionName: 'json-test' }));
  member = base.withCredentials({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
});
afterAll(async () => {
  member?.destroy();
  base.destroy();
  await sb.close();
});

describe('KMS', () => {
  const region = () => sb.regions[0]!;
  const customer = () => truth.datasets[sb.accountId]![region()]!['kms-keys']!.keys;

  it('pages ListKeys with Limit and Marker to the last page: customer keys, then AWS managed ones', async () => {
    const kms = base.kms(region());
    const ids: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    for (;;) {
      const out = await kms.send(new ListKeysCommand({ Limit: 5, ...(Marker ? { Marker } : {}) }));
      expect(out.Keys!.length).toBeLessThanOrEqual(5);
      expect(out.Keys!.every((k) => k.KeyArn === `arn:aws:kms:${region()}:${sb.accountId}:key/${k.KeyId}`)).toBe(true);
      ids.push(...out.Keys!.map((k) => k.KeyId!));
      pages += 1;
      if (!out.Truncated) {
        expect(out.NextMarker).toBeUndefined();
        break;
      }
      Marker = out.NextMarker;
    }
    expect(pages).toBeGreaterThan(2);
    expect(ids.slice(0, customer().length)).toEqual(customer().map((k) => k.KeyId));
    expect(ids).toHaveLength(customer().length + AWS_MANAGED_KEY_ALIASES.length);
    const managed = await kms.send(new DescribeKeyCommand({ KeyId: ids.at(-1)! }));
    expect(managed.KeyMetadata!.KeyManager).toBe('AWS');
  });

  it('describes keys and answers rotation as the truth and the Config rule have it', async () => {
    const kms = base.kms(region());
    const verdicts = new Map(truth.configRules[sb.accountId]![region()]!.find((r) => r.SourceIdentifier === 'CMK_BACKING_KEY_ROTATION_ENABLED')!.results.map((r) => [r.resourceId, r.compliance]));
    const kinds = new Set<string>();
    for (const k of customer()) {
      const m = (await kms.send(new DescribeKeyCommand({ KeyId: k.Arn }))).KeyMetadata!;
      expect({ KeyId: m.KeyId, Arn: m.Arn, KeyState: m.KeyState, KeySpec: m.KeySpec, KeyUsage: m.KeyUsage, Enabled: m.Enabled, CreationDate: m.CreationDate!.toISOString(), Description: m.Description }).toEqual({ ...k, rotation: undefined });
      expect(m.KeyManager).toBe('CUSTOMER');
      if (k.rotation === null) {
        kinds.add('unsupported');
        expect(await failure(kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId })))).toEqual({ name: 'UnsupportedOperationException', status: 400 });
        expect(verdicts.get(k.KeyId)).toBe('NOT_APPLICABLE');
        continue;
      }
      const r = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }));
      expect(r.KeyRotationEnabled).toBe(k.rotation.KeyRotationEnabled);
      expect(r.NextRotationDate?.toISOString()).toBe(k.rotation.NextRotationDate);
      kinds.add(String(r.KeyRotationEnabled));
      expect(verdicts.get(k.KeyId)).toBe(r.KeyRotationEnabled ? 'COMPLIANT' : 'NON_COMPLIANT');
    }
    expect([...kinds].sort()).toEqual(['false', 'true', 'unsupported']);
    // AWS managed keys always rotate; aliases resolve
    const s3key = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    expect(s3key.KeyManager).toBe('AWS');
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: s3key.KeyId }))).KeyRotationEnabled).toBe(true);
  });

  it("answers AWS's errors", async () => {
    const kms = base.kms(region());
    expect(await failure(kms.send(new ListKeysCommand({ Limit: 1001 })))).toEqual({ name: 'ValidationException', status: 400 });
    expect(await failure(kms.send(new ListKeysCommand({ Marker: 'garbage' })))).toEqual({ name: 'InvalidMarkerException', status: 400 });
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-0000-0000-000000000000' })))).toEqual({ name: 'NotFoundException', status: 400 });
    // a key of another account is not found with the caller's credentials
    const theirs = truth.datasets[sb.memberAccounts[0]!]![region()]!['kms-keys']!.keys[0]!;
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: theirs.Arn })))).toEqual({ name: 'NotFoundException', status: 400 });
    expect((await member.kms(region()).send(new DescribeKeyCommand({ KeyId: theirs.Arn }))).KeyMetadata!.AWSAccountId).toBe(sb.memberAccounts[0]);
  });
});

describe('CloudTrail event selectors', () => {
  it('answers each visible trail by ARN (shadow trails too) and by name where it is homed', async () => {
    for (const region of sb.regions) {
      const ct = base.cloudtrail(region);
      for (const t of truth.datasets[sb.accountId]![region]!['cloudtrail-event-selectors']!.trails) {
        const out = await ct.send(new GetEventSelectorsCommand({ TrailName: t.TrailARN }));
        expect(out.TrailARN).toBe(t.TrailARN);
        expect(out.EventSelectors ?? []).toEqual(t.EventSelectors);
        expect(out.AdvancedEventSelectors ?? []).toEqual(t.AdvancedEventSelectors);
        if (t.HomeRegion === region) expect((await ct.send(new GetEventSelectorsCommand({ TrailName: t.Name }))).TrailARN).toBe(t.TrailARN);
        else expect(await failure(ct.send(new GetEventSelectorsCommand({ TrailName: t.Name })))).toEqual({ name: 'TrailNotFoundException', status: 400 });
      }
    }
    expect(await failure(base.cloudtrail(sb.regions[0]!).send(new GetEventSelectorsCommand({ TrailName: '' })))).toEqual({ name: 'InvalidTrailNameException', status: 400 });
  });
});

describe('CloudTrail LookupEvents', () => {
  const ct = () => base.cloudtrail(sb.regions[0]!);
  async function all(input: LookupEventsCommandInput): Promise<{ events: Event[]; pages: number }> {
    const events: Event[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await ct().send(new LookupEventsCommand({ ...input, ...(NextToken ? { NextToken } : {}) }));
      expect(out.Events!.length).toBeLessThanOrEqual(input.MaxResults ?? 50);
      events.push(...out.Events!);
      NextToken = out.NextToken;
      pages += 1;
    } while (NextToken);
    return { events, pages };
  }

  it('pages a week of console sign-ins at 50 to the last page, newest first, equal to the daily truths', async () => {
    const end = new Date(simulatedNow(6));
    const start = new Date(end.getTime() - 7 * DAY);
    const { events, pages } = await all({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }], StartTime: start, EndTime: end, MaxResults: 50 });
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(events.length).toBeGreaterThan(50);
    // each day's truth holds the 24 hours before that day's "now": seven of them tile the week
    const want = [6, 5, 4, 3, 2, 1, 0].flatMap((d) => sb.truth(d).datasets[sb.accountId]![sb.regions[0]!]!['cloudtrail-events']!.lookups.find((l) => l.EventName === 'ConsoleLogin')!.events);
    expect(events.map((e) => [e.EventId, e.EventTime!.toISOString()])).toEqual(want.map((e) => [e.EventId, e.EventTime]));
    const times = events.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.every((t) => t >= start.getTime() && t <= end.getTime())).toBe(true);
    // what the evidence is for: sign-ins without MFA, and the root user's
    const records = events.map((e) => JSON.parse(e.CloudTrailEvent!) as { userIdentity: { type: string; accessKeyId?: string }; additionalEventData: { MFAUsed: string } });
    expect(records.some((r) => r.userIdentity.type === 'IAMUser' && r.additionalEventData.MFAUsed === 'No')).toBe(true);
  });

  it('finds root activity by Username and IAM changes by name, with the access key ids CloudTrail records', async () => {
    const end = new Date(simulatedNow(6));
    const start = new Date(end.getTime() - 14 * DAY);
    const roots = (await all({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }], StartTime: start, EndTime: end })).events;
    expect(roots.length).toBeGreaterThan(0);
    expect(roots.every((e) => e.EventName === 'ConsoleLogin' && (JSON.parse(e.CloudTrailEvent!) as { userIdentity: { type: string } }).userIdentity.type === 'Root')).toBe(true);
    const keys = await all({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateAccessKey' }], StartTime: start, EndTime: end });
    expect(keys.events.length).toBeGreaterThan(0);
    expect(keys.events.every((e) => /^(AKIA|ASIA)[A-Z2-7]{16}$/.test(e.AccessKeyId!))).toBe(true);
  });

  it('keeps global-service events in us-east-1 (the global-events region) and trail or recorder changes everywhere', async () => {
    const end = new Date(simulatedNow(30));
    const start = new Date(end.getTime() - 30 * DAY);
    const other = base.cloudtrail(sb.regions[1]!);
    const signIns = await other.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }], StartTime: start, EndTime: end }));
    expect(signIns.Events).toEqual([]);
    const ops = await other.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'config.amazonaws.com' }], StartTime: start, EndTime: end }));
    expect(ops.Events!.length).toBeGreaterThan(0);
  });

  it('records global-service events in us-east-1 even when the organization leaves it out, and answers only its event history there', async () => {
    const eu = await startSandbox({ port: 0, seed: 19, regions: ['eu-west-1', 'eu-central-1'], faults: { throttling: false } });
    const c = new AwsClients({ endpoint: eu.url, credentials: eu.credentials, maxAttempts: 1 });
    try {
      const end = new Date(simulatedNow(30));
      const start = new Date(end.getTime() - 30 * DAY);
      const lookup = (region: string, name: string) => c.cloudtrail(region).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], StartTime: start, EndTime: end }));
      for (const name of ['ConsoleLogin', 'CreateAccessKey']) {
        expect((await lookup('us-east-1', name)).Events!.length, name).toBeGreaterThan(0);
        for (const region of eu.regions) expect((await lookup(region, name)).Events, `${name} in ${region}`).toEqual([]);
      }
      // the trail and recorder changes of the organization's regions only
      const ops = (region: string) => c.cloudtrail(region).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'config.amazonaws.com' }], StartTime: start, EndTime: end }));
      expect((await ops('us-east-1')).Events).toEqual([]);
      expect((await ops('eu-west-1')).Events!.length + (await ops('eu-central-1')).Events!.length).toBeGreaterThan(0);
      // us-east-1 is not one of the organization's regions for anything else
      expect(await failure(c.cloudtrail('us-east-1').send(new GetEventSelectorsCommand({ TrailName: 'x' })))).toEqual({ name: 'UnrecognizedClientException', status: 400 });
      expect(await failure(c.cloudtrail('us-west-2').send(new LookupEventsCommand({})))).toEqual({ name: 'UnrecognizedClientException', status: 400 });
    } finally {
      c.destroy();
      await eu.close();
    }
  });

  it("answers LookupEvents' errors", async () => {
    const attr = { AttributeKey: 'EventName' as const, AttributeValue: 'ConsoleLogin' };
    expect(await failure(ct().send(new LookupEventsCommand({ MaxResults: 51 })))).toEqual({ name: 'InvalidMaxResultsException', status: 400 });
    expect(await failure(ct().send(new LookupEventsCommand({ LookupAttributes: [attr, { AttributeKey: 'Username', AttributeValue: 'root' }] })))).toEqual({ name: 'InvalidLookupAttributesException', status: 400 });
    expect(await failure(ct().send(new LookupEventsCommand({ StartTime: new Date(simulatedNow(1)), EndTime: new Date(simulatedNow(0)) })))).toEqual({ name: 'InvalidTimeRangeException', status: 400 });
    expect(await failure(ct().send(new LookupEventsCommand({ NextToken: 'garbage' })))).toEqual({ name: 'InvalidNextTokenException', status: 400 });
    const first = await ct().send(new LookupEventsCommand({ LookupAttributes: [attr], StartTime: new Date(simulatedNow(0) - 7 * DAY), EndTime: new Date(simulatedNow(0)), MaxResults: 5 }));
    expect(first.NextToken).toBeDefined();
    // a token belongs to its query
    expect(await failure(ct().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StopLogging' }], NextToken: first.NextToken, MaxResults: 5 })))).toEqual({ name: 'InvalidNextTokenException', status: 400 });
  });
});

describe('Config delivery channels and conformance packs', () => {
  it('answers delivery status as the truth has it, and NoSuchDeliveryChannelException for unknown names', async () => {
    for (const region of sb.regions) {
      const out = await base.config(region).send(new DescribeDeliveryChannelStatusCommand({}));
      const got = out.DeliveryChannelsStatus!.map((c) => ({
        name: c.name,
        ...Object.fromEntries(
          (['configSnapshotDeliveryInfo', 'configHistoryDeliveryInfo', 'configStreamDeliveryInfo'] as const).map((k) => [
            k,
            Object.fromEntries(Object.entries(c[k] ?? {}).map(([f, v]) => [f, v instanceof Date ? v.toISOString() : v])),
          ]),
        ),
      }));
      expect(got).toEqual(truth.datasets[sb.accountId]![region]!['config-delivery-channels']!.channels);
    }
    expect(await failure(base.config(sb.regions[0]!).send(new DescribeDeliveryChannelStatusCommand({ DeliveryChannelNames: ['nope'] })))).toEqual({ name: 'NoSuchDeliveryChannelException', status: 400 });
    const failing = truth.accounts.flatMap((a) => truth.regions.flatMap((r) => truth.datasets[a]![r]!['config-delivery-channels']!.channels.filter((c) => c.configHistoryDeliveryInfo?.lastStatus === 'FAILURE')));
    expect(failing.length).toBeGreaterThan(0);
  });

  it('has one conformance pack in the first region, made of the "-conformance-pack-" rules, with their compliance', async () => {
    const [first, second] = sb.regions as [string, string];
    const packs = await base.config(first).send(new DescribeConformancePacksCommand({}));
    expect(packs.ConformancePackDetails).toHaveLength(1);
    const pack = packs.ConformancePackDetails![0]!;
    const c = await base.config(first).send(new DescribeConformancePackComplianceCommand({ ConformancePackName: pack.ConformancePackName }));
    const rules = c.ConformancePackRuleComplianceList!.map((r) => ({ ConfigRuleName: r.ConfigRuleName, ComplianceType: r.ComplianceType }));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => r.ConfigRuleName!.includes('-conformance-pack-'))).toBe(true);
    expect([{ ConformancePackName: pack.ConformancePackName, ConformancePackArn: pack.ConformancePackArn, ConformancePackId: pack.ConformancePackId, rules }]).toEqual(
      truth.datasets[sb.accountId]![first]!['config-conformance-packs']!.packs,
    );
    expect((await base.config(second).send(new DescribeConformancePacksCommand({}))).ConformancePackDetails).toEqual([]);
  });

  it("answers the conformance pack calls' errors", async () => {
    const cfg = base.config(sb.regions[0]!);
    expect(await failure(cfg.send(new DescribeConformancePacksCommand({ Limit: 21 })))).toEqual({ name: 'ValidationException', status: 400 });
    expect(await failure(cfg.send(new DescribeConformancePacksCommand({ ConformancePackNames: ['nope'] })))).toEqual({ name: 'NoSuchConformancePackException', status: 400 });
    expect(await failure(cfg.send(new DescribeConformancePackComplianceCommand({ ConformancePackName: 'nope' })))).toEqual({ name: 'NoSuchConformancePackException', status: 400 });
    const name = truth.datasets[sb.accountId]![sb.regions[0]!]!['config-conformance-packs']!.packs[0]!.ConformancePackName;
    expect(await failure(cfg.send(new DescribeConformancePackComplianceCommand({ ConformancePackName: name, Filters: { ConfigRuleNames: ['not-in-pack'] } })))).toEqual({
      name: 'NoSuchConfigRuleInConformancePackException',
      status: 400,
    });
  });
});

describe('awsJson1_1 edges', () => {
  it('answers an unknown KMS operation with UnknownOperationException', async () => {
    const res = await fetch(sb.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'TrentService.ScheduleKeyDeletion', Authorization: `AWS4-HMAC-SHA256 Credential=AKIAX/20261129/${sb.regions[0]}/kms/aws4_request, SignedHeaders=host, Signature=00` },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});
