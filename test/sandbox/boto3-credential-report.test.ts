// boto3 (an AWS client this project did not write) drives the sandbox's credential report the way
// many scripts do: generate once, then poll GetCredentialReport until it stops answering
// ReportInProgress. The report must finish on its own, without a second GenerateCredentialReport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';

const SCRIPT = `
import json, os, time, boto3
from botocore.exceptions import ClientError
iam = boto3.client('iam', endpoint_url=os.environ['SBX_URL'], region_name=os.environ['SBX_REGION'],
                   aws_access_key_id=os.environ['SBX_KEY'], aws_secret_access_key=os.environ['SBX_SECRET'])
generated = iam.generate_credential_report()['State']
polls, errors = 0, []
deadline = time.time() + 20
while True:
    polls += 1
    try:
        report = iam.get_credential_report()
        break
    except ClientError as e:
        errors.append(e.response['Error']['Code'])
        if time.time() > deadline:
            raise
        time.sleep(0.1)
print(json.dumps({'generated': generated, 'polls': polls, 'errors': sorted(set(errors)),
                  'header': report['Content'].decode().split('\\n')[0], 'format': report['ReportFormat'],
                  'time': report['GeneratedTime'].isoformat()}))
`;

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 3, accounts: 0, resources: 10, faults: { throttling: false } });
});
afterAll(async () => {
  await sb?.close();
});

describe('credential report polled by boto3', () => {
  it('is built on its own after one GenerateCredentialReport', async () => {
    const env = { ...process.env, SBX_URL: sb.url, SBX_REGION: sb.regions[0]!, SBX_KEY: sb.credentials.accessKeyId, SBX_SECRET: sb.credentials.secretAccessKey };
    // Run without blocking the sandbox's event loop: spawnSync would freeze the server it polls.
    const { spawn } = await import('node:child_process');
    const child = spawn('python3', ['-c', SCRIPT], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { generated: string; polls: number; errors: string[]; header: string; format: string; time: string };
    expect(out.generated).toBe('STARTED');
    expect(out.format).toBe('text/csv');
    expect(out.header.startsWith('user,arn,user_creation_time,password_enabled')).toBe(true);
    // while building, the only answer is ReportInProgress (how many polls that takes depends on load)
    expect(out.errors.filter((e) => e !== 'ReportInProgress')).toEqual([]);
    expect(Number.isNaN(Date.parse(out.time))).toBe(false);
  }, 60_000);
});
