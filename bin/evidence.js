#!/usr/bin/env node
// Runs the compiled CLI. A clone needs `npm run build` first (npm test does it); `npm start` runs
// the TypeScript sources instead.
import module from 'node:module';

// V8's compiled code for the CLI and the AWS SDK, cached on disk (in the OS temp folder unless
// NODE_COMPILE_CACHE says otherwise): later starts skip most of the parsing and compiling.
module.enableCompileCache?.();

let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('evidence: dist/ is missing: run `npm run build` in the package folder\n');
    process.exit(1);
  }
  throw err;
}
await cli.main(process.argv);
