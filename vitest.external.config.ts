import { defineConfig } from 'vitest/config';
import { EXTERNAL_FILES, MIXED_FILES } from './test/external-files.ts';

// `npm run test:external`: the tests that need poppler, OpenSSL, Chromium, moto_server and
// cfn-lint. test/external-setup.ts stops the run, naming what is missing, if any is absent.
export default defineConfig({
  test: {
    include: [...EXTERNAL_FILES, ...MIXED_FILES],
    globalSetup: ['test/external-setup.ts', 'test/build-setup.ts'],
    env: { EVIDENCE_TEST_EXTERNAL: '1' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
  },
});
