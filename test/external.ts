// Tests that need tools a fresh machine lacks (poppler, OpenSSL, Chromium, moto_server, cfn-lint)
// run in `npm run test:external` only. Whole files are listed in test/external-files.ts; in files
// that mix both kinds, the tool-bound tests use itExternal / describeExternal and the file runs in both
// suites. test/external-setup.ts fails the external suite, naming what is missing, before any test.
import { describe, it } from 'vitest';

export const EXTERNAL = process.env.EVIDENCE_TEST_EXTERNAL === '1';

export const itExternal = it.runIf(EXTERNAL);
export const describeExternal = describe.runIf(EXTERNAL);
/** A long test of a mixed file that needs no tool: `npm test` runs it, so the external suite need not again. */
export const itLocal = it.skipIf(EXTERNAL);
