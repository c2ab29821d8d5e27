// `evidence trend` and `evidence diff` start without what they do not use: the managed rules'
// evaluators (needed only to check collection.ruleParameters), YAML (needed only to read a config
// file or a catalog file missing from the parse cache), the report renderers, the zip libraries
// and the AWS SDK; trend also without the catalog (its runs name their frameworks). Checked on the compiled CLI, as users
// start it.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every module URL resolved while importing `entry` from dist/. */
function loadedBy(entry: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
    await import(${JSON.stringify(`./dist/${entry}`)});
    process.stdout.write(JSON.stringify(seen));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
}

const HEAVY = /node_modules\/(yaml|pdfkit|fontkit|handlebars|node-forge|@signpdf|archiver|yauzl|@aws-sdk\/client-[a-z0-9-]+)\/|\/dist\/(managed-rules|report|collect|evaluate)\//;

describe('what trend and diff load before their work', () => {
  it('trend: the config, store and history layers, without the catalog, YAML or managed rules', () => {
    const urls = loadedBy('cli/trend.js');
    expect(urls.some((u) => u.endsWith('/dist/history/trend.js'))).toBe(true);
    expect(urls.some((u) => u.endsWith('/dist/config/config.js'))).toBe(true);
    expect(urls.filter((u) => HEAVY.test(u) || /\/dist\/(catalog|checks)\//.test(u))).toEqual([]);
  });

  it('diff: the catalog too, but no YAML parser, managed rules or renderers', () => {
    const urls = loadedBy('cli/diff.js');
    expect(urls.some((u) => u.endsWith('/dist/history/diff.js'))).toBe(true);
    expect(urls.some((u) => u.endsWith('/dist/catalog/load.js'))).toBe(true);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
  });
});
