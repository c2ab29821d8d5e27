import { defineConfig } from 'vitest/config';
import { EXTERNAL_FILES } from './test/external-files.ts';

// `npm test`: everything that runs with only Node and npm. The tests that need poppler, OpenSSL,
// Chromium, moto_server or cfn-lint are in vitest.external.config.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...EXTERNAL_FILES],
    globalSetup: ['test/build-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files wait on child processes, loopback servers and injected latency rather than
    // the CPU: three at once halves the suite's wall time on a 2-core machine.
    maxWorkers: 3,
  },
});
