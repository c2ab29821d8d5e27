// The build bundles the AWS SDK and zod into dist/vendor/ with only the names dist/ imports, so it
// must read every import of those packages or refuse the build: a name it missed would be missing
// from the bundle at run time.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importedNames } from '../../scripts/build.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the names the SDK bundle exports', () => {
  it('come from named imports, destructured dynamic imports and earlier builds\' vendor paths', () => {
    const names = importedNames([
      { file: 'a.js', text: "import { S3Client, GetObjectCommand as Get } from '@aws-sdk/client-s3';\nimport { z } from 'zod';\nimport { readFile } from 'node:fs';" },
      { file: 'b.js', text: "const { SNSClient, PublishCommand } = await import('@aws-sdk/client-sns');" },
      { file: 'c.js', text: "import { PutObjectCommand } from '../vendor/aws-sdk__client-s3.js';\nimport { NodeHttpHandler } from '../../vendor/smithy__node-http-handler.js';" },
    ]);
    expect(Object.fromEntries([...names].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      '@aws-sdk/client-s3': ['GetObjectCommand', 'PutObjectCommand', 'S3Client'],
      zod: ['z'],
      '@aws-sdk/client-sns': ['PublishCommand', 'SNSClient'],
      '@smithy/node-http-handler': ['NodeHttpHandler'],
    });
  });

  it('refuse a form whose names cannot be read, naming the file', () => {
    for (const text of ["import * as S3 from '@aws-sdk/client-s3';", "import S3 from '@aws-sdk/client-s3';", "const s3 = await import('@aws-sdk/client-s3');", "import '@smithy/core';"]) {
      expect(() => importedNames([{ file: 'dist/x.js', text }]), text).toThrow(/dist\/x\.js: imports a bundled package in a form/);
    }
  });

  it('the built dist/ imports the SDK only from dist/vendor/, and the bundle exports what it imports', async () => {
    const dist = path.join(ROOT, 'dist');
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') && !f.startsWith('vendor/'));
    const bare = files.filter((f) => /from '@(aws-sdk|smithy)\/|import\('@(aws-sdk|smithy)\/|from 'zod'/.test(readFileSync(path.join(dist, f), 'utf8')));
    expect(bare).toEqual([]);
    const names = importedNames(files.map((f) => ({ file: f, text: readFileSync(path.join(dist, f), 'utf8') })));
    expect(names.size).toBeGreaterThan(10);
    for (const [pkg, wanted] of names) {
      const file = path.join(dist, 'vendor', `${pkg.replace(/^@/, '').replace('/', '__')}.js`);
      expect(existsSync(file), file).toBe(true);
      const mod = (await import(file)) as Record<string, unknown>;
      for (const name of wanted) expect(mod[name], `${pkg} ${name}`).toBeDefined();
    }
  });
});
