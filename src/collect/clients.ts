// AWS SDK clients, made per (account, region) and injected into collectors (DESIGN habit 8).
// Credentials and endpoints come from the SDK's own chain unless given, so AWS_PROFILE,
// AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work as in any AWS tool.
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';

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
}

interface Closeable {
  destroy(): void;
}

type ClientClass<T> = new (config: ReturnType<AwsClients['common']>) => T;

export class AwsClients {
  private readonly cache = new Map<string, Closeable>();
  constructor(readonly opts: AwsClientOptions = {}) {}

  /** The same settings with other credentials (an assumed role in a member account). */
  withCredentials(credentials: StaticCredentials | CredentialProvider): AwsClients {
    return new AwsClients({ ...this.opts, credentials });
  }

  common(region: string) {
    return {
      region,
      ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
      ...(this.opts.credentials ? { credentials: this.opts.credentials } : {}),
      ...(this.opts.profile ? { profile: this.opts.profile } : {}),
      maxAttempts: this.opts.maxAttempts ?? 3,
      retryMode: 'adaptive',
      requestHandler: { requestTimeout: this.opts.requestTimeoutMs ?? 15_000, connectionTimeout: 5_000 },
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

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
