// The AWS SDK as installed: AWS publishes each @aws-sdk/client-* only when that client changes, so
// their version numbers differ even at the newest release. What makes them one release line is
// that they share one copy of the SDK's core and of every Smithy runtime package; two copies
// would mean two middleware stacks, two credential chains and a larger start. The SDK is a dev
// dependency: the build bundles it into dist/vendor/ (scripts/build.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: Record<string, string> };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, { version?: string }> };

const SDK = /^@(aws-sdk|smithy|aws-crypto)\//;

describe('one AWS SDK release line', () => {
  it('pins every SDK dependency to an exact version', () => {
    const sdk = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([name]) => SDK.test(name));
    expect(Object.keys(pkg.dependencies).filter((name) => SDK.test(name))).toEqual([]);
    expect(sdk.length).toBeGreaterThan(10);
    for (const [name, range] of sdk) expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('installs one version of each SDK runtime package, shared by every client', () => {
    const versions = new Map<string, Set<string>>();
    for (const [path, info] of Object.entries(lock.packages)) {
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (!path || !SDK.test(name) || !info.version) continue;
      versions.set(name, (versions.get(name) ?? new Set()).add(info.version));
    }
    expect(versions.has('@aws-sdk/core')).toBe(true);
    expect(versions.has('@smithy/core')).toBe(true);
    const duplicated = [...versions].filter(([, v]) => v.size > 1).map(([name, v]) => `${name}: ${[...v].join(', ')}`);
    expect(duplicated).toEqual([]);
  });
});
