import { item, ruleCases } from './helpers.ts';

// A function's item; AWS Config records its resource-based policy as JSON text in supplementaryConfiguration.Policy.
const fn = (policy?: unknown) =>
  item('AWS::Lambda::Function', {
    resourceId: 'orders-handler',
    configuration: { functionName: 'orders-handler', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-handler', runtime: 'nodejs22.x', role: 'arn:aws:iam::123456789012:role/orders', handler: 'index.handler', memorySize: 512, timeout: 30 },
    supplementaryConfiguration: policy === undefined ? {} : { Policy: typeof policy === 'string' ? policy : JSON.stringify(policy) },
  });
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Id: 'default', Statement });
const invoke = (Sid: string, Principal: unknown, Condition?: Record<string, unknown>) => ({
  Sid,
  Effect: 'Allow',
  Principal,
  Action: 'lambda:InvokeFunction',
  Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-handler',
  ...(Condition ? { Condition } : {}),
});
const fromBucket = { StringEquals: { 'AWS:SourceAccount': '123456789012' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-uploads' } };

ruleCases('LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED', {
  compliant: [
    { name: 'no resource-based policy', item: fn() },
    { name: 'another account', item: fn(doc(invoke('partner', { AWS: 'arn:aws:iam::210987654321:root' }))) },
    { name: 'S3 with aws:SourceAccount', item: fn(doc(invoke('s3-invoke', { Service: 's3.amazonaws.com' }, fromBucket))) },
    { name: 'API Gateway from one API', item: fn(doc(invoke('apigw', { Service: 'apigateway.amazonaws.com' }, { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/POST/orders' } }))) },
    { name: 'wildcard principal pinned to the organization', item: fn(doc(invoke('org', '*', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }))) },
    { name: 'a public Deny', item: fn(doc({ ...invoke('deny', '*'), Effect: 'Deny' })) },
  ],
  nonCompliant: [
    { name: 'Principal "*"', item: fn(doc(invoke('public', '*'))) },
    { name: 'Principal {"AWS": "*"}', item: fn(doc(invoke('partner', { AWS: 'arn:aws:iam::210987654321:root' }), invoke('public', { AWS: '*' }))) },
    { name: 'S3 without aws:SourceAccount', item: fn(doc(invoke('s3-invoke', { Service: 's3.amazonaws.com' }, { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-uploads' } }))) },
    { name: 'wildcard principal with a wildcard condition', item: fn(doc(invoke('loose', '*', { StringLike: { 'aws:SourceAccount': '*' } }))) },
    { name: 'NotPrincipal', item: fn(doc({ Sid: 'np', Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'lambda:InvokeFunction', Resource: '*' })) },
  ],
  malformed: [
    { name: 'policy text not JSON', item: fn('{"Version": "2012-10-17", "Statement": [') },
    { name: 'statement without Effect', item: fn(doc({ Principal: '*', Action: 'lambda:InvokeFunction' })) },
    { name: 'functionName missing', item: item('AWS::Lambda::Function', { resourceId: 'orders-handler', configuration: {}, supplementaryConfiguration: {} }) },
  ],
});
