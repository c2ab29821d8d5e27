import { defineConfig } from 'vitest/config';
import { EXTERNAL_FILES } from './test/external-files.ts';

// Test files whose modules may be shared with the files run before them in the same worker
// (isolate: false): they change no process-wide state (environment, globals, listeners), their few
// time bounds are loose, and they pass that way. Re-importing the sources, the AWS SDK and the
// catalog for each file cost more CPU than many of their tests.
const SHARED = ['domain', 'catalog', 'checks', 'managed-rules', 'evaluate', 'config', 'report', 'meta', 'store', 'sign', 'notify', 'collect', 'sandbox', 'auditmanager', 'e2e'].map((d) => `test/${d}/**/*.test.ts`);
// Kept in a process of their own: one sets AWS_ENDPOINT_URL process-wide, one times a call.
const OWN_PROCESS = ['test/collect/endpoint-env.test.ts', 'test/collect/request-timeout.test.ts'];

// `npm test`: everything that runs with only Node and npm. The tests that need poppler, OpenSSL,
// Chromium, moto_server or cfn-lint are in vitest.external.config.ts.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', ...EXTERNAL_FILES],
    globalSetup: ['test/build-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files wait on child processes, loopback servers and injected latency rather than
    // the CPU: three at once halves the suite's wall time on a 2-core machine.
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, exclude: OWN_PROCESS, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: SHARED } },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
    ],
  },
});
