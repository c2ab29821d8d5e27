// Every collector declares exactly the IAM actions it uses, and makes every SDK call through
// the runner (so each call is rate-limited, counted and recorded as provenance). Each collector
// runs against the sandbox with clients that log every SDK operation actually sent, and a
// runner that logs what the collector says it calls; both are checked against `permissions`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pluggable } from '@smithy/types';
import { AwsClients, type AwsClientOptions, type CredentialProvider, type StaticCredentials } from '../../src/collect/clients.ts';
import pLimit from 'p-limit';
import { CallRunner, type Caller } from '../../src/collect/calls.ts';
import { collectors } from '../../src/collect/collectors/index.ts';
import { assumeRoleProvider } from '../../src/collect/scope.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';

/** SDK client class → the service name collectors give the runner. */
const CLIENT_SERVICE: Record<string, string> = {
  ConfigServiceClient: 'config',
  CloudTrailClient: 'cloudtrail',
  IAMClient: 'iam',
  S3Client: 's3',
  S3ControlClient: 's3control',
  GuardDutyClient: 'guardduty',
  SecurityHubClient: 'securityhub',
  AccessAnalyzerClient: 'access-analyzer',
  KMSClient: 'kms',
  AuditManagerClient: 'auditmanager',
  STSClient: 'sts',
  OrganizationsClient: 'organizations',
  AccountClient: 'account',
};
/** The runner's service name → the IAM action prefix. */
const IAM_PREFIX: Record<string, string> = { s3control: 's3' };
/** Operations whose IAM action is named otherwise. */
const IAM_ACTION: Record<string, string> = {
  's3.ListBuckets': 's3:ListAllMyBuckets',
  's3.GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3.GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control.GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};
const iamAction = (call: string): string => {
  const [service, operation] = call.split('.') as [string, string];
  return IAM_ACTION[call] ?? `${IAM_PREFIX[service] ?? service}:${operation}`;
};

/** Clients that log every operation their SDK clients send (an initialize-step middleware). */
class RecordingClients extends AwsClients {
  private readonly hooked = new WeakSet<object>();
  constructor(
    opts: AwsClientOptions,
    readonly sent: string[] = [],
  ) {
    super(opts);
  }
  override withCredentials(credentials: StaticCredentials | CredentialProvider): RecordingClients {
    return new RecordingClients({ ...this.opts, credentials }, this.sent);
  }
  override client<T extends { destroy(): void }>(Class: new (config: ReturnType<AwsClients['common']>) => T, region: string, extra: Record<string, unknown> = {}): T {
    const c = super.client(Class, region, extra);
    if (!this.hooked.has(c)) {
      this.hooked.add(c);
      const record: Pluggable<object, object> = {
        applyToStack: (stack) =>
          stack.add(
            (next, context) => (args) => {
              this.sent.push(`${CLIENT_SERVICE[context.clientName ?? ''] ?? context.clientName}.${(context.commandName ?? '').replace(/Command$/, '')}`);
              return next(args);
            },
            { step: 'initialize', name: 'recordOperation' },
          ),
      };
      (c as unknown as { middlewareStack: { use(p: Pluggable<object, object>): void } }).middlewareStack.use(record);
    }
    return c;
  }
}

/** The engine's runner for a target, logging the service and operation each call was given. */
function recordingRunner(log: string[], target: { account: string; region: string }): Caller {
  const real = new CallRunner(pLimit(4)).forTarget(target);
  return {
    call: (requests, service, operation, params, send, expected) => {
      log.push(`${service}.${operation}`);
      return real.call(requests, service, operation, params, send, expected);
    },
  };
}

let sb: RunningSandbox;
let base: RecordingClients;
let member: RecordingClients;

beforeAll(async () => {
  // No throttling: this runner has no rate budgets, and the point is what is called, not how fast.
  sb = await startSandbox({ port: 0, seed: 19, faults: { throttling: false } });
  base = new RecordingClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1, now: () => new Date(simulatedNow(0)) });
  member = base.withCredentials(assumeRoleProvider(base, sb.regions[0]!, `arn:aws:iam::${sb.memberAccounts[0]}:role/${sb.collectorRole}`, 'meta-test', undefined, 3600));
});
afterAll(async () => {
  member?.destroy();
  base?.destroy();
  await sb?.close();
});

describe('collectors call only what they declare', () => {
  for (const c of collectors) {
    it(`${c.id} calls exactly its permissions, every call through the runner`, async () => {
      const said: string[] = [];
      const before = base.sent.length;
      const targets = [sb.accountId, sb.memberAccounts[0]!].flatMap((account) => (c.scope === 'account' ? [sb.regions[0]!] : sb.regions).map((region) => ({ account, region })));
      for (const target of targets) {
        const clients = target.account === sb.accountId ? base : member;
        await c.collect({ target, clients, runner: recordingRunner(said, target), requests: [], regions: sb.regions, runnerIn: (region) => recordingRunner(said, { account: target.account, region }) });
      }
      const sent = base.sent.slice(before).filter((s) => !s.startsWith('sts.'));
      // every SDK call went through the runner, under its real service and operation
      expect([...sent].sort()).toEqual([...said].sort());
      const used = new Set(sent.map(iamAction));
      const declared = new Set(c.permissions);
      expect([...used].filter((a) => !declared.has(a)), 'called but not declared').toEqual([]);
      // the sandbox data exercises every branch, so a declared action never used is stale
      expect([...declared].filter((a) => !used.has(a)), 'declared but never called').toEqual([]);
    });
  }
});
