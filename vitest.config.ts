import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files wait on child processes, loopback servers and injected latency rather than
    // the CPU: three at once halves the suite's wall time on a 2-core machine.
    maxWorkers: 3,
    // The SDK versions are pinned for Node 20 (see README); its notice about Node 22 is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
