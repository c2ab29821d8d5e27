// AWS SDK clients, made per region and injected into collectors (DESIGN habit 8). Credentials
// and endpoints come from the SDK's own chain unless given, so AWS_PROFILE, AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_<SERVICE> work as in any AWS tool.
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { STSClient } from '@aws-sdk/client-sts';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsClientOptions {
  endpoint?: string;
  credentials?: StaticCredentials;
  profile?: string;
  /** SDK attempts per call, including the first (adaptive retry mode). */
  maxAttempts?: number;
  /** Per-call socket timeout. */
  requestTimeoutMs?: number;
}

interface Closeable {
  destroy(): void;
}

export class AwsClients {
  private readonly cache = new Map<string, Closeable>();
  constructor(private readonly opts: AwsClientOptions = {}) {}

  private common(region: string) {
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

  private get<T extends Closeable>(kind: string, region: string, make: () => T): T {
    const k = `${kind}/${region}`;
    let c = this.cache.get(k) as T | undefined;
    if (!c) {
      c = make();
      this.cache.set(k, c);
    }
    return c;
  }

  config(region: string): ConfigServiceClient {
    return this.get('config', region, () => new ConfigServiceClient(this.common(region)));
  }

  cloudtrail(region: string): CloudTrailClient {
    return this.get('cloudtrail', region, () => new CloudTrailClient(this.common(region)));
  }

  sts(region: string): STSClient {
    return this.get('sts', region, () => new STSClient(this.common(region)));
  }

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
