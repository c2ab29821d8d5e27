// The REST services the sandbox serves, by SigV4 signing name: the hook server.ts calls.
import type http from 'node:http';
import { serveRestWith, type RestService } from '../rest.ts';
import type { SandboxState } from '../server.ts';
import { guardDutyService } from './guardduty.ts';
import { securityHubService } from './securityhub.ts';
import { accessAnalyzerService } from './accessanalyzer.ts';
import { auditManagerService } from './auditmanager.ts';
import { s3ControlService, s3Service } from './s3.ts';
import { accountService } from './account.ts';

const BY_SIGNING_NAME: Record<string, RestService> = {
  guardduty: guardDutyService,
  securityhub: securityHubService,
  'access-analyzer': accessAnalyzerService,
  auditmanager: auditManagerService,
  account: accountService,
};

/** S3 Control signs as "s3" too; its operations live under /v20180820/. */
function serviceFor(signingName: string, path: string): RestService | undefined {
  if (signingName === 's3') return path.startsWith('/v20180820/') ? s3ControlService : s3Service;
  return Object.hasOwn(BY_SIGNING_NAME, signingName) ? BY_SIGNING_NAME[signingName] : undefined;
}

export function serveRest(state: SandboxState, req: http.IncomingMessage, res: http.ServerResponse, body: string, requestId: string): Promise<boolean> {
  return serveRestWith(serviceFor, state, req, res, body, requestId);
}
