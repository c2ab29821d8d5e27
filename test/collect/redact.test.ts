// Nothing secret enters a dataset: the redaction helper, and the credential report's CSV parser.
import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/collect/redact.ts';
import { parseCsv } from '../../src/collect/collectors/iam-credential-report.ts';
import { bucketRegion } from '../../src/collect/collectors/s3-buckets.ts';

describe('redact', () => {
  it('replaces credentials, passwords, tokens and environment variables wherever they sit', () => {
    const record = {
      userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice' },
      requestParameters: { userName: 'bob', password: 'hunter2', 'x-amz-security-token': 'tok' },
      responseElements: {
        credentials: { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'FQoGZXIvYXdzE', expiration: 'soon' },
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      },
      Environment: { Variables: { DB_PASSWORD: 'x' } },
      list: [{ client_secret: 's' }, 'key AKIAIOSFODNN7EXAMPLE in text'],
    };
    expect(redact(record)).toEqual({
      userIdentity: { type: 'IAMUser', accessKeyId: REDACTED, userName: 'alice' },
      requestParameters: { userName: 'bob', password: REDACTED, 'x-amz-security-token': REDACTED },
      responseElements: { credentials: REDACTED, accessKey: { accessKeyId: REDACTED, status: 'Active', SecretAccessKey: REDACTED } },
      Environment: REDACTED,
      list: [{ client_secret: REDACTED }, `key ${REDACTED} in text`],
    });
    expect(JSON.stringify(redact(record))).not.toMatch(/AKIA|ASIA|hunter2|wJalr|FQoG|DB_PASSWORD/);
  });

  it('leaves everything else, and the input, untouched', () => {
    const ok = { EventName: 'ConsoleLogin', password_enabled: 'true', mfa_active: 'false', n: 3, flag: false, none: null, principalId: 'AIDAEXAMPLE' };
    const input = { ...ok, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' };
    expect(redact(input)).toEqual({ ...ok, accessKeyId: REDACTED });
    expect(input.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    // an empty or null secret field says "none": kept as is
    expect(redact({ password: null, accessKeyId: '' })).toEqual({ password: null, accessKeyId: '' });
  });
});

describe('credential report CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF and a trailing newline', () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
    ]);
    expect(parseCsv('user,arn\n<root_account>,arn:aws:iam::1:root')).toEqual([
      ['user', 'arn'],
      ['<root_account>', 'arn:aws:iam::1:root'],
    ]);
  });
});

describe('bucket regions', () => {
  it("reads GetBucketLocation's answers", () => {
    expect(bucketRegion(undefined)).toBe('us-east-1');
    expect(bucketRegion('')).toBe('us-east-1');
    expect(bucketRegion('EU')).toBe('eu-west-1');
    expect(bucketRegion('ap-southeast-2')).toBe('ap-southeast-2');
  });
});
