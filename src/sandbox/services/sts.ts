// AWS STS (awsQuery): identity of the caller, and AssumeRole into member accounts.
import { AwsError } from '../errors.ts';
import { EPOCH } from '../clock.ts';
import { MEMBER_ROLES } from '../org.ts';
import type { RequestContext } from './types.ts';

export type QueryHandler = (params: URLSearchParams, ctx: RequestContext, sessions: SessionStore) => string;

export interface Session {
  account: string;
  role: string;
  sessionName: string;
}

/** Credentials issued by AssumeRole: the access key id names the account it belongs to. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private counter = 0;

  issue(s: Session): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
    this.counter += 1;
    const accessKeyId = `ASIA${s.account}${(this.counter % 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
    this.sessions.set(accessKeyId, s);
    return { accessKeyId, secretAccessKey: `sandbox-secret-${this.counter}`, sessionToken: `sandbox-session-${accessKeyId}` };
  }

  lookup(accessKeyId: string): Session | undefined {
    return this.sessions.get(accessKeyId);
  }
}

const xml = (fields: Record<string, string | Record<string, string>>): string =>
  Object.entries(fields)
    .map(([k, v]) => (typeof v === 'string' ? `<${k}>${esc(v)}</${k}>` : `<${k}>${xml(v)}</${k}>`))
    .join('');

export function esc(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@/-]+)$/;

export const stsHandlers: Record<string, QueryHandler> = {
  GetCallerIdentity(_params, ctx) {
    return xml({ Arn: ctx.principal.arn, UserId: ctx.principal.userId, Account: ctx.account });
  },

  AssumeRole(params, ctx, sessions) {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    if (!roleArn || !sessionName) throw new AwsError('ValidationError', 'RoleArn and RoleSessionName are required');
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new AwsError('ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    const m = ROLE_ARN.exec(roleArn);
    const role = m?.[2]?.split('/').at(-1) ?? '';
    if (!m || !ctx.org.isAccount(m[1]!) || !MEMBER_ROLES.includes(role)) {
      throw new AwsError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    const duration = Number(params.get('DurationSeconds') ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw new AwsError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
    }
    const creds = sessions.issue({ account: m[1]!, role, sessionName });
    const expiration = new Date(Math.max(Date.now(), EPOCH) + duration * 1000).toISOString();
    return xml({
      Credentials: { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: `AROASANDBOX${role.slice(0, 8).toUpperCase()}:${sessionName}`, Arn: `arn:aws:sts::${m[1]}:assumed-role/${role}/${sessionName}` },
    });
  },
};
