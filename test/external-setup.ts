// `npm run test:external` needs every tool below; without one it stops before any test and names
// what is missing and how to install it, rather than skipping tests quietly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const onPath = (cmd: string): boolean => (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, cmd)));

interface Tool {
  name: string;
  present: () => boolean;
  install: string;
}

const TOOLS: Tool[] = [
  ...['pdftotext', 'pdftoppm', 'pdfsig'].map((name) => ({ name, present: () => onPath(name), install: 'apt-get install poppler-utils' })),
  { name: 'openssl', present: () => onPath('openssl'), install: 'apt-get install openssl' },
  { name: 'chromium', present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'), install: 'apt-get install chromium, or set CHROMIUM_PATH' },
  { name: 'moto_server', present: () => onPath('moto_server'), install: 'pip install "moto[server]"' },
  // moto[server] brings boto3, which drives the sandbox as an independent AWS client.
  { name: 'boto3', present: () => spawnSync('python3', ['-c', 'import boto3']).status === 0, install: 'pip install "moto[server]" (or boto3)' },
  {
    name: 'cfn-lint',
    present: () => (process.env.CFN_LINT ? existsSync(process.env.CFN_LINT) : onPath('cfn-lint') || existsSync('/root/.pyenv/shims/cfn-lint')),
    install: 'pip install cfn-lint, or set CFN_LINT',
  },
];

/** The tools that are absent, each with how to install it. */
export function missingTools(): string[] {
  return TOOLS.filter((t) => !t.present()).map((t) => `${t.name} (${t.install})`);
}

export default function setup(): void {
  const missing = missingTools();
  if (missing.length > 0) {
    throw new Error(`npm run test:external needs tools that are not installed:\n  ${missing.join('\n  ')}\n(.ci/run installs the Debian ones; \`npm test\` runs without any of them)`);
  }
  // openssl 1.1 lacks `pkeyutl -rawin`, which the Ed25519 verification commands use.
  const v = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout;
  if (!/OpenSSL [3-9]/.test(v)) throw new Error(`npm run test:external needs OpenSSL 3 or later (found: ${v.trim() || 'none'})`);
}
