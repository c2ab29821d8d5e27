// Resource-based policies the sandbox's configuration items carry, as the services return them
// and AWS Config records them (JSON text in supplementaryConfiguration.Policy). Each grant names a
// caller that exists in the sandbox where one does: a bucket S3 lists, an API Gateway API whose
// stages Config records.
import { unit } from '../prng.ts';
import type { OrgModel } from '../org.ts';

type Statement = Record<string, unknown>;

const invoke = (functionArn: string, Sid: string, Principal: unknown, Condition?: Record<string, unknown>): Statement => ({
  Sid,
  Effect: 'Allow',
  Principal,
  Action: 'lambda:InvokeFunction',
  Resource: functionArn,
  ...(Condition ? { Condition } : {}),
});

/**
 * A function's policy (Lambda GetPolicy's text), or undefined for a function without one.
 * Following LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED: a private function has no policy, or lets
 * one of the account-region's buckets (pinned by aws:SourceAccount) or APIs invoke it; a public
 * one lets anyone invoke it, or lets S3 invoke it without aws:SourceAccount, so any account's
 * bucket of that name could.
 */
export function lambdaPolicy(org: OrgModel, account: string, region: string, functionArn: string, i: number, isPublic: boolean): string | undefined {
  const u = unit(org.seed, functionArn, 'policy');
  const buckets = org.count('bucket', account, region);
  const bucket = buckets > 0 ? org.bucketName(account, region, i % buckets) : undefined;
  const stages = org.count('apistage', account, region);
  const api = stages > 0 ? /\/restapis\/([^/]+)\//.exec(org.resource('apistage', account, region, i % stages).id)?.[1] : undefined;
  let statement: Statement | undefined;
  if (isPublic) {
    statement = bucket && u < 0.5 ? invoke(functionArn, 's3-invoke', { Service: 's3.amazonaws.com' }, { ArnLike: { 'AWS:SourceArn': `arn:aws:s3:::${bucket}` } }) : invoke(functionArn, 'public-invoke', '*');
  } else if (u >= 0.4 && bucket && (u < 0.7 || !api)) {
    statement = invoke(functionArn, 's3-invoke', { Service: 's3.amazonaws.com' }, { StringEquals: { 'AWS:SourceAccount': account }, ArnLike: { 'AWS:SourceArn': `arn:aws:s3:::${bucket}` } });
  } else if (u >= 0.4 && api) {
    statement = invoke(functionArn, 'apigateway-invoke', { Service: 'apigateway.amazonaws.com' }, { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${region}:${account}:${api}/*/*/*` } });
  }
  return statement ? JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement] }) : undefined;
}
