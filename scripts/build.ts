// `npm run build`: src/ compiled to dist/ by tsc, then the AWS SDK (and zod) that dist/ imports
// bundled into dist/vendor/. Every CLI process imports a dozen SDK clients before its first call,
// and Node spends most of that evaluating the clients' hundreds of modules, not reading them: the
// SDK's ES module builds, bundled and minified with only the commands the product uses (the rest
// shaken out), load in about half the CPU time. The clients share one copy of the SDK's core
// (code splitting), and the compiled files import the bundle by relative path.
//
//   node scripts/build.ts [--no-check] [--if-stale]
//
// --no-check skips tsc's type check (same output; `npm test` type checks beside the tests);
// --if-stale does nothing when dist/ was built after the last change to its inputs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Packages bundled into dist/vendor/: the SDK, and zod (every command validates its config with
 * it, and it too evaluates in about half the time bundled). The rest stays an import of
 * node_modules: pdfkit and the fonts read files beside their modules, pino starts workers by path. */
const BUNDLED = /^(@(aws-sdk|smithy)\/[^/]+|zod)$/;
/** Written last: its time is when dist/ was complete. */
const STAMP = path.join('vendor', 'bundle.json');

/** The newest modification time under `dir`; a folder's own time changes when a file is removed. */
function newest(dir: string): number {
  let t = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** dist/ was completely built after the last change to src/, the compiler options and this script. */
export function distIsFresh(root = ROOT): boolean {
  let built: number;
  try {
    built = statSync(path.join(root, 'dist', STAMP)).mtimeMs;
  } catch {
    return false;
  }
  const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', path.join('scripts', 'build.ts')];
  return built > Math.max(newest(path.join(root, 'src')), ...inputs.map((f) => statSync(path.join(root, f)).mtimeMs));
}

/** Every .js file under dist/, the vendor folder aside. */
function compiledFiles(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') && !f.startsWith(`vendor${path.sep}`))
    .map((f) => path.join(dist, f));
}

const STATIC_IMPORT = /^import\s+(?:(type)\s+)?\{([^}]*)\}\s+from\s+'([^']+)';?$/gm;
const DYNAMIC_IMPORT = /const\s*\{([^}]*)\}\s*=\s*await\s+import\('([^']+)'\)/g;
/** Every import specifier of a bundled package: its name, or (after an earlier build) its vendor file. */
const ANY_SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)'(@(?:aws-sdk|smithy)\/[^'/]+|zod|(?:\.\.?\/)+vendor\/[^'/]+\.js)'/g;

/** dist/vendor/<file> for a package: "@aws-sdk/client-s3" -> "aws-sdk__client-s3.js". */
const vendorFile = (pkg: string): string => `${pkg.replace(/^@/, '').replace('/', '__')}.js`;

/** The bundled package a specifier names, if any. tsc rewrites only the files it emits again, so
 * the others still import the vendor files of the previous build. */
function packageOf(spec: string): string | undefined {
  if (BUNDLED.test(spec)) return spec;
  const m = /\/vendor\/([^/]+)\.js$/.exec(spec);
  if (!m) return undefined;
  const [scope, name] = m[1]!.split('__');
  return name === undefined ? scope : `@${scope}/${name}`;
}

/** The names each bundled package must export, from the compiled files' imports of it. */
export function importedNames(files: { file: string; text: string }[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (pkg: string, list: string): void => {
    const set = names.get(pkg) ?? new Set<string>();
    for (const part of list.split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0]!.trim();
      if (name && !name.startsWith('type ')) set.add(name);
    }
    names.set(pkg, set);
  };
  for (const { file, text } of files) {
    let understood = 0;
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const pkg = packageOf(m[3]!);
      if (pkg && !m[1]) {
        add(pkg, m[2]!);
        understood++;
      }
    }
    for (const m of text.matchAll(DYNAMIC_IMPORT)) {
      const pkg = packageOf(m[2]!);
      if (pkg) {
        add(pkg, m[1]!);
        understood++;
      }
    }
    // Any other form (a default or namespace import, an import kept in a variable) would leave the
    // bundle without what the file uses: refuse rather than ship it.
    const all = [...text.matchAll(ANY_SPECIFIER)].length;
    if (all !== understood) throw new Error(`${file}: imports a bundled package in a form the SDK bundle does not handle (only \`import { a, b } from '…'\` and \`const { a } = await import('…')\`)`);
  }
  return names;
}

export async function bundleVendor(root = ROOT): Promise<{ packages: number; bytes: number }> {
  const dist = path.join(root, 'dist');
  const vendor = path.join(dist, 'vendor');
  const files = compiledFiles(dist).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const names = importedNames(files.map((f) => ({ file: path.relative(root, f.file), text: f.text })));
  rmSync(vendor, { recursive: true, force: true });
  // The entries live inside the package so that they resolve the packages from its node_modules.
  const entries = path.join(dist, '.vendor-entries');
  rmSync(entries, { recursive: true, force: true });
  mkdirSync(entries, { recursive: true });
  // The SDK's packages share one build (their common core split into chunks/sdk-*); any other
  // package is a build of its own, so that loading it loads nothing of the SDK.
  const groups = new Map<string, Record<string, string>>();
  for (const [pkg, set] of names) {
    const file = path.join(entries, vendorFile(pkg));
    writeFileSync(file, `export { ${[...set].sort().join(', ')} } from '${pkg}';\n`);
    const group = /^@(aws-sdk|smithy)\//.test(pkg) ? 'sdk' : vendorFile(pkg).replace(/\.js$/, '');
    groups.set(group, { ...groups.get(group), [vendorFile(pkg).replace(/\.js$/, '')]: file });
  }
  const esbuild = (await import('esbuild')) as typeof Esbuild;
  let bytes = 0;
  try {
    for (const [group, entryPoints] of groups) {
      const result = await esbuild.build({
        entryPoints,
        outdir: vendor,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node24',
        // The ES module builds: their unused commands and models are shaken out.
        mainFields: ['module', 'main'],
        chunkNames: `chunks/${group}-[hash]`,
        // CommonJS dependencies inside the SDK call require() for Node's built-in modules.
        banner: { js: "import { createRequire as __vendorRequire } from 'node:module'; const require = __vendorRequire(import.meta.url);" },
        legalComments: 'linked',
        minify: true,
        // Class and function names stay as the packages wrote them (errors, stack traces).
        keepNames: true,
        metafile: true,
        logLevel: 'warning',
      });
      bytes += Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    }
  } finally {
    rmSync(entries, { recursive: true, force: true });
  }
  // The compiled files import the bundle by relative path.
  for (const { file, text } of files) {
    const rel = (pkg: string): string => {
      const r = path.relative(path.dirname(file), path.join(vendor, vendorFile(pkg))).split(path.sep).join('/');
      return r.startsWith('.') ? r : `./${r}`;
    };
    const out = text.replace(ANY_SPECIFIER, (whole, spec: string) => whole.replace(`'${spec}'`, `'${rel(packageOf(spec)!)}'`));
    if (out !== text) writeFileSync(file, out);
  }
  const packages = [...names.keys()].sort();
  writeFileSync(path.join(dist, STAMP), `${JSON.stringify({ packages, bytes }, null, 2)}\n`);
  return { packages: packages.length, bytes };
}

export async function build(opts: { check?: boolean; ifStale?: boolean; root?: string } = {}): Promise<boolean> {
  const root = opts.root ?? ROOT;
  if (opts.ifStale && distIsFresh(root)) return false;
  // Without the stamp, a build stopped half-way is never taken for a fresh one.
  rmSync(path.join(root, 'dist', STAMP), { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...(opts.check === false ? ['--noCheck'] : [])], { cwd: root, stdio: 'inherit' });
  await bundleVendor(root);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--no-check' && a !== '--if-stale');
  if (unknown.length > 0) {
    process.stderr.write(`build: unknown option ${unknown.join(' ')} (options: --no-check, --if-stale)\n`);
    process.exit(2);
  }
  try {
    await build({ check: !args.includes('--no-check'), ifStale: args.includes('--if-stale') });
  } catch (err) {
    // tsc has printed its errors already; anything else is said here.
    if (!(err as { status?: number }).status) process.stderr.write(`build: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
