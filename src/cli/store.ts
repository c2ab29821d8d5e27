// `evidence store check`: the evidence store's safety checks, and opening the configured store
// (URL plus storeOptions: Object Lock retention, SSE-KMS key, endpoint) for every command.
import type { Command } from 'commander';
import { loadConfig, type Config, type LoadedConfig } from '../config/index.ts';
import { openStore, type OpenStoreOptions } from '../store/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import { EXIT } from './exit.ts';
import { checkProfile } from './options.ts';
import { paint } from './color.ts';

export interface StoreFlags {
  config?: string;
  store?: string;
  /** AWS shared-config profile: overrides the config's aws.profile. */
  profile?: string;
  /** AWS Region for the store and KMS when the config names none. */
  region?: string;
  /** The built-in sandbox answers instead of AWS: no profile is needed. */
  sandbox?: boolean;
}

export function storeOptionsFrom(config: Config): OpenStoreOptions {
  const o = config.storeOptions;
  const region = o.s3.region ?? config.regions?.[0];
  return {
    ...(o.objectLock ? { objectLock: o.objectLock } : {}),
    s3: {
      ...(o.s3.kmsKeyId ? { kmsKeyId: o.s3.kmsKeyId } : {}),
      ...(o.s3.endpoint ? { endpoint: o.s3.endpoint } : {}),
      ...(region ? { region } : {}),
      ...(config.aws.profile ? { profile: config.aws.profile } : {}),
    },
  };
}

/** The config with --profile and --region applied; a profile that does not exist fails here, by name. */
export async function configured(flags: StoreFlags): Promise<LoadedConfig> {
  const loaded = await loadConfig(flags.config);
  const { config } = loaded;
  if (flags.profile !== undefined) {
    if (!flags.sandbox) checkProfile(flags.profile, { flag: true });
    config.aws = { ...config.aws, profile: flags.profile };
  } else if (config.aws.profile && !flags.sandbox) {
    checkProfile(config.aws.profile, { configFile: loaded.file });
  }
  if (flags.region !== undefined) config.regions = [flags.region];
  return loaded;
}

/** The config, and the store named by --store or the config, opened with the config's store options. */
export async function configuredStore(flags: StoreFlags, hooks?: OpenStoreOptions['hooks']): Promise<{ loaded: LoadedConfig; store: EvidenceStore }> {
  const loaded = await configured(flags);
  return { loaded, store: openStore(flags.store ?? loaded.config.store, process.cwd(), { ...storeOptionsFrom(loaded.config), ...(hooks ? { hooks } : {}) }) };
}

export function registerStore(program: Command): void {
  const store = program.command('store').description('the evidence store: safety checks');
  store
    .command('check')
    .description('check the store before writing to it: versioning, public access, write access, Object Lock, encryption')
    .option('-c, --config <file>', 'config file')
    .option('--store <url>', 'evidence store URL: file://DIR or s3://bucket/prefix (default from config)')
    .option('--json', 'print the findings as JSON')
    .addHelpText(
      'after',
      `
Exit codes:
  0  the store is safe to write to
  1  it is not (each failed check says why and how to fix it), or it cannot be reached

A run makes the same checks and refuses to write to a store that fails them:
  - S3: the bucket must have versioning enabled and Block Public Access on (bucket or account),
    and the role must be able to write under the prefix (checked with a multipart upload that is
    aborted, so nothing is left behind); with storeOptions.objectLock the bucket needs Object Lock.
  - file: the folder must be writable by this user and not by every user.`,
    )
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      const { store: s } = await configuredStore(flags);
      const report = await s.check();
      if (flags.json) {
        process.stdout.write(JSON.stringify(report) + '\n');
      } else {
        const width = Math.max(...report.findings.map((f) => f.check.length));
        const lines = [`store ${report.url}`];
        for (const f of report.findings) lines.push(`  ${paint(f.ok ? 'ok  ' : 'FAIL')}  ${f.check.padEnd(width)}  ${f.detail}`);
        const bad = report.findings.filter((f) => !f.ok).length;
        lines.push(report.ok ? paint('safe to write') : `${paint('NOT SAFE')}: ${bad} check(s) failed; runs refuse to write here`);
        process.stdout.write(lines.join('\n') + '\n');
      }
      process.exitCode = report.ok ? EXIT.OK : EXIT.FAILED;
    });
}
