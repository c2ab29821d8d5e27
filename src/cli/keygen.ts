import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { generateKeyFile, fingerprintOf } from '../sign/index.ts';
import { publicKeyFileOf, resolvePath } from './common.ts';

export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('create an Ed25519 signing key (mode 0600) and write its public key beside it')
    .option('-c, --config <file>', 'config file (for signing.key)')
    .option('--key <file>', 'where to write the private key (default from config: ~/.config/aws-evidence/signing.key)')
    .addHelpText('after', '\nKeep the private key outside the evidence store. The public key (<key>.pub.pem) is what auditors use.')
    .action(async (flags: { config?: string; key?: string; json?: boolean }) => {
      const { config } = await loadConfig(flags.config);
      const file = resolvePath(flags.key ?? config.signing.key);
      const signer = await generateKeyFile(file);
      const pub = publicKeyFileOf(file);
      await fs.writeFile(pub, signer.publicKeyPem());
      if (flags.json) {
        process.stdout.write(JSON.stringify({ key: file, keyId: signer.keyId, publicKey: pub, sha256: fingerprintOf(signer.publicKeyPem()) }) + '\n');
        return;
      }
      process.stdout.write(
        `created ${path.relative(process.cwd(), file) || file} (mode 0600)\n` +
          `key id      ${signer.keyId}\n` +
          `public key  ${path.relative(process.cwd(), pub) || pub}\n` +
          `sha256      ${fingerprintOf(signer.publicKeyPem())}\n`,
      );
    });
}
