// The sandbox's awsQuery front for IAM: form-encoded POST (Action, Version) answered with
// <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>… in IAM's namespace, and
// errors as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
// IAM is global: the SDK signs for us-east-1 whatever region the client has, so any region in
// the credential scope is accepted.
import type http from 'node:http';
import { AwsError } from './errors.ts';
import { credentialScope, delay, type SandboxState } from './server.ts';
import { identify, xml } from './rest.ts';
import { CredentialReports, iamHandlers } from './services/iam.ts';
import type { RequestContext } from './services/types.ts';

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const IAM_VERSION = '2010-05-08';

/** Report generation state, per running sandbox. */
const reportsByState = new WeakMap<SandboxState, CredentialReports>();

function sendXml(res: http.ServerResponse, status: number, text: string, requestId: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}

/** Answers an IAM request; false leaves any other request to the rest of the front. */
export async function serveQuery(state: SandboxState, req: http.IncomingMessage, res: http.ServerResponse, body: string, requestId: string): Promise<boolean> {
  const scope = credentialScope(req.headers.authorization);
  if (!scope || scope.service !== 'iam' || req.method !== 'POST' || req.headers['x-amz-target'] !== undefined) return false;
  try {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const handler = Object.hasOwn(iamHandlers, action) ? iamHandlers[action] : undefined;
    if (!handler || params.get('Version') !== IAM_VERSION) {
      throw new AwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version ${params.get('Version') ?? '(none)'}`);
    }
    const ctx: RequestContext = { org: state.org, region: scope.region, day: state.day, requestId, ...identify(state, scope.accessKeyId) };
    state.stats.requests[`iam.${action}`] = (state.stats.requests[`iam.${action}`] ?? 0) + 1;
    await delay(state.faults.apply(ctx.account, ctx.region, 'iam', action));
    let reports = reportsByState.get(state);
    if (!reports) {
      reports = new CredentialReports();
      reportsByState.set(state, reports);
    }
    const result = handler(params, ctx, reports);
    sendXml(res, 200, `<${action}Response xmlns="${IAM_NS}"><${action}Result>${result}</${action}Result><ResponseMetadata>${xml('RequestId', requestId)}</ResponseMetadata></${action}Response>`, requestId);
  } catch (err) {
    const e = err instanceof AwsError ? err : new AwsError('ServiceFailure', `sandbox error: ${(err as Error).message}`, 500);
    const type = e.status >= 500 ? 'Receiver' : 'Sender';
    sendXml(res, e.status, `<ErrorResponse xmlns="${IAM_NS}"><Error>${xml('Type', type)}${xml('Code', e.code)}${xml('Message', e.message)}</Error>${xml('RequestId', requestId)}</ErrorResponse>`, requestId);
  }
  return true;
}
