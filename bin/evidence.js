#!/usr/bin/env node
// Runs the compiled CLI. A clone needs `npm run build` first (npm test does it); `npm start` runs
// the TypeScript sources instead.
try {
  await import('../dist/cli/main.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('evidence: dist/ is missing: run `npm run build` in the package folder\n');
    process.exit(1);
  }
  throw err;
}
