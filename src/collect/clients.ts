// AWS SDK clients, made per (account, region) and injected into collectors (DESIGN habit 8).
// Credentials and endpoints come from the SDK's own chain unless given, so AWS_PROFILE,
// AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work as in any AWS tool.
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { KMSClient } from '@aws-sdk/client-kms';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AuditManagerClient } from '@aws-sdk/client-auditmanager';
import { AccountClient } from '@aws-sdk/client-account';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import https from 'node:https';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** The SDK's credential provider shape: called again when the credentials near expiry. */
export type CredentialProvider = () => Promise<StaticCredentials>;

export interface AwsClientOptions {
  endpoint?: string;
  credentials?: StaticCredentials | CredentialProvider;
  profile?: string;
  /** SDK attempts per call, including the first (adaptive retry mode). */
  maxAttempts?: number;
  /** Per-call socket timeout. */
  requestTimeoutMs?: number;
  /**
   * The clock of the AWS side, which evidence windows (the last 24 hours of CloudTrail events)
   * are measured against: the system clock for AWS, the simulated day for the sandbox.
   */
  now?: () => Date;
}

interface Closeable {
  destroy(): void;
}

type ClientClass<T> = new (config: ReturnType<AwsClients['common']>) => T;

/**
 * One HTTP handler for every client of a run. Each SDK client otherwise makes its own handler
 * and agents, with their own idle keep-alive sockets: at 50 accounts × 3 regions × 11 services
 * that is some 1,700 pools. The run's p-limit bounds calls in flight, so the per-host socket cap
 * only needs to stay out of its way. A client's destroy() must not close what the others use;
 * the AwsClients that made the handler closes it.
 */
class SharedHttpHandler extends NodeHttpHandler {
  override destroy(): void {}
  close(): void {
    super.destroy();
  }
}

const SOCKETS_PER_HOST = 1024;

export class AwsClients {
  private readonly cache = new Map<string, Closeable>();
  private readonly handler: SharedHttpHandler;
  private readonly ownsHandler: boolean;
  constructor(
    readonly opts: AwsClientOptions = {},
    shared?: SharedHttpHandler,
  ) {
    this.ownsHandler = !shared;
    this.handler =
      shared ??
      new SharedHttpHandler({
        requestTimeout: opts.requestTimeoutMs ?? 15_000,
        // Without this the SDK only warns (in plain text on stderr) and the call runs on unbounded.
        throwOnRequestTimeout: true,
        connectionTimeout: 5_000,
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST }),
        httpsAgent: new https.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST }),
      });
  }

  /** The same settings with other credentials (an assumed role in a member account), same connections. */
  withCredentials(credentials: StaticCredentials | CredentialProvider): AwsClients {
    return new AwsClients({ ...this.opts, credentials }, this.handler);
  }

  common(region: string) {
    return {
      region,
      ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
      ...(this.opts.credentials ? { credentials: this.opts.credentials } : {}),
      ...(this.opts.profile ? { profile: this.opts.profile } : {}),
      maxAttempts: this.opts.maxAttempts ?? 3,
      retryMode: 'adaptive',
      // Resolve each command's middleware stack once per client, not on every call (a third of the SDK's CPU per call).
      cacheMiddleware: true,
      requestHandler: this.handler,
    };
  }

  /** A cached client of any SDK class for a region; extra config merges over the common one. */
  client<T extends Closeable>(Class: ClientClass<T>, region: string, extra: Record<string, unknown> = {}): T {
    const k = `${Class.name}/${region}`;
    let c = this.cache.get(k) as T | undefined;
    if (!c) {
      c = new Class({ ...this.common(region), ...extra });
      this.cache.set(k, c);
    }
    return c;
  }

  config(region: string): ConfigServiceClient {
    return this.client(ConfigServiceClient, region);
  }

  cloudtrail(region: string): CloudTrailClient {
    return this.client(CloudTrailClient, region);
  }

  sts(region: string): STSClient {
    return this.client(STSClient, region);
  }

  organizations(region: string): OrganizationsClient {
    return this.client(OrganizationsClient, region);
  }

  /** IAM is global; the SDK signs for us-east-1 whatever the region. */
  iam(region: string): IAMClient {
    return this.client(IAMClient, region);
  }

  /** Path-style addressing when an endpoint is set: bucket names as DNS labels need real DNS. */
  s3(region: string): S3Client {
    return this.client(S3Client, region, this.customEndpoint('S3') ? { forcePathStyle: true } : {});
  }

  /** The endpoint set in the options or through AWS_ENDPOINT_URL(_<SERVICE>), the SDK's own variables. */
  private customEndpoint(service: 'S3' | 'S3_CONTROL'): string | undefined {
    const env = (name: string): string | undefined => (process.env[name] ? process.env[name] : undefined);
    return this.opts.endpoint ?? env(`AWS_ENDPOINT_URL_${service}`) ?? env('AWS_ENDPOINT_URL');
  }

  /**
   * S3 Control addresses "<account>.s3-control.<region>.amazonaws.com": its endpoint rules put
   * the account id in front of any configured endpoint's host too (an invalid URL for an IP
   * address), so with an endpoint set, requests go to the endpoint as given, signed as "s3".
   */
  s3control(region: string): S3ControlClient {
    const endpoint = this.customEndpoint('S3_CONTROL');
    if (!endpoint) return this.client(S3ControlClient, region);
    return this.client(S3ControlClient, region, {
      disableHostPrefix: true,
      endpointProvider: () => ({ url: new URL(endpoint), properties: { authSchemes: [{ name: 'sigv4', signingName: 's3', signingRegion: region, disableDoubleEncoding: true }] } }),
    });
  }

  kms(region: string): KMSClient {
    return this.client(KMSClient, region);
  }

  guardduty(region: string): GuardDutyClient {
    return this.client(GuardDutyClient, region);
  }

  securityhub(region: string): SecurityHubClient {
    return this.client(SecurityHubClient, region);
  }

  accessanalyzer(region: string): AccessAnalyzerClient {
    return this.client(AccessAnalyzerClient, region);
  }

  auditmanager(region: string): AuditManagerClient {
    return this.client(AuditManagerClient, region);
  }

  /** AWS Account Management (global; answers from any region's endpoint). */
  account(region: string): AccountClient {
    return this.client(AccountClient, region);
  }

  /** Now, as the AWS side sees it (AwsClientOptions.now). */
  now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /** Closes this object's clients, and the connections too when it made them (not a member's view). */
  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
    if (this.ownsHandler) this.handler.close();
  }
}
