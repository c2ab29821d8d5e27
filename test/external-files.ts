// Which test files belong to `npm test` and which to `npm run test:external` (see test/external.ts).
// Read by the vitest configs, so it imports nothing.

/** Files whose every test needs an external tool: left out of `npm test`. */
export const EXTERNAL_FILES = [
  'test/report/pdf.test.ts',
  'test/report/pades.test.ts',
  'test/report/html-browser.test.ts',
  'test/store/s3-store.test.ts',
  'test/store/s3-cli.test.ts',
  'test/sign/kms-signer.test.ts',
  'test/sandbox/moto-compare.test.ts',
  'test/crash/kill-s3.test.ts',
  'test/notify/moto-notify.external.test.ts',
];

/** Files that mix both kinds: in `npm test` their tool-bound tests are skipped. */
export const MIXED_FILES = [
  'test/report/hostile.test.ts',
  'test/report/pipeline.e2e.test.ts',
  'test/sign/signer.test.ts',
  'test/sign/verify-matrix.test.ts',
  'test/history/pack.test.ts',
  'test/deploy/template.test.ts',
];
