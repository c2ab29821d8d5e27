// Rewrites the actions between "# BEGIN evidence policy" and "# END evidence policy" in the
// templates with what `evidence policy` prints for the default frameworks, so the deployed roles
// and the collectors' declared permissions cannot drift apart (test/deploy/template.test.ts fails
// until this is run after a collector's permissions change).
//   node --import tsx deploy/sync-policy.ts
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const TEMPLATES = ['deploy/evidence-collector.yaml', 'deploy/member-role.yaml'];
const BLOCK = /^( *)# BEGIN evidence policy\n[\s\S]*?^ *# END evidence policy$/m;

/** `evidence policy` for the default frameworks: run from a folder without a config file. */
export function defaultPolicyActions(): string[] {
  const r = spawnSync(process.execPath, [`${ROOT}bin/evidence.js`, 'policy'], { cwd: os.tmpdir(), encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`evidence policy failed: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as { Statement: { Sid: string; Action: string[] }[] };
  if (doc.Statement.length !== 1) throw new Error('evidence policy printed more than one statement: update the templates by hand');
  return doc.Statement[0]!.Action;
}

export function withActions(template: string, actions: string[]): string {
  if (!BLOCK.test(template)) throw new Error('no "# BEGIN evidence policy" … "# END evidence policy" block');
  return template.replace(BLOCK, (_m, indent: string) => [`${indent}# BEGIN evidence policy`, ...actions.map((a) => `${indent}- ${a}`), `${indent}# END evidence policy`].join('\n'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const actions = defaultPolicyActions();
  for (const t of TEMPLATES) {
    const file = `${ROOT}${t}`;
    const before = await fs.readFile(file, 'utf8');
    const after = withActions(before, actions);
    if (after !== before) await fs.writeFile(file, after);
    process.stdout.write(`${t}: ${after === before ? 'up to date' : 'updated'} (${actions.length} actions)\n`);
  }
}
