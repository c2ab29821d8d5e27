// `evidence auditmanager push | export-framework`: AWS Audit Manager interoperability.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AwsClients } from '../collect/index.ts';
import { defaultRegions, type Config } from '../config/index.ts';
import { loadCatalog, selectFrameworks } from '../catalog/index.ts';
import { keys, readManifest, resolveRunId } from '../store/index.ts';
import { NotFoundError, type EvidenceStore } from '../store/index.ts';
import { parseEnvelope, verifyEnvelope } from '../sign/index.ts';
import { readPinnedResults } from '../run/index.ts';
import { makeLogger } from '../util/index.ts';
import { loadMapping } from '../auditmanager/index.ts';
import { pushRun, type PushReport } from '../auditmanager/index.ts';
import { applyExport, planExport, readBack, shapeOfPlan } from '../auditmanager/index.ts';
import { resolvePath } from './common.ts';
import { EvidenceError } from '../domain/index.ts';
import { EXIT, UsageError } from './exit.ts';
import { configuredStore } from './store.ts';

interface AwsFlags {
  config?: string;
  region?: string;
  profile?: string;
  logLevel?: string;
  json?: boolean;
}

interface PushFlags extends AwsFlags {
  store?: string;
  assessment: string;
  run: string;
  framework?: string;
  mapping?: string;
  publicKey?: string;
}

interface ExportFlags extends AwsFlags {
  out?: string;
  apply?: boolean;
}

function clientsFor(config: Config, flags: AwsFlags): { clients: AwsClients; region: string } {
  const clients = new AwsClients({
    ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
    ...((flags.profile ?? config.aws.profile) ? { profile: flags.profile ?? config.aws.profile } : {}),
    maxAttempts: config.aws.maxAttempts,
    requestTimeoutMs: config.aws.requestTimeoutMs,
  });
  return { clients, region: flags.region ?? defaultRegions(config)[0]! };
}

/** The run's manifest must verify (against --public-key, or the key it names) before we export from it. */
async function verifiedManifest(store: EvidenceStore, runId: string, publicKeyFile: string | undefined) {
  const loaded = await readManifest(store, runId);
  const key = keys.manifest(runId);
  let pem: string;
  if (publicKeyFile) {
    try {
      pem = await fs.readFile(publicKeyFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--public-key ${publicKeyFile}: ${(err as Error).message}`);
    }
  } else {
    try {
      pem = Buffer.from(await store.get(loaded.manifest.signer.publicKey)).toString('utf8');
    } catch (err) {
      throw new EvidenceError(`run ${runId}: cannot read the public key ${loaded.manifest.signer.publicKey} its manifest names (${(err as Error).message}); pass --public-key`);
    }
  }
  let sig: Uint8Array;
  try {
    sig = await store.get(keys.signature(key));
  } catch (err) {
    if (err instanceof NotFoundError) throw new EvidenceError(`${key} has no signature: the run cannot be pushed`);
    throw err;
  }
  const verdict = verifyEnvelope(loaded.bytes, parseEnvelope(sig, keys.signature(key)), pem);
  if (!verdict.ok) throw new EvidenceError(`${key}: ${verdict.reason}`);
  return loaded;
}

function printPush(r: PushReport): void {
  const lines = [`Run ${r.runId} (${r.framework}) → Audit Manager assessment ${r.assessmentId} "${r.assessmentName}" on ${r.day} (UTC)`];
  for (const c of r.controls) lines.push(`  ${c.ours.padEnd(10)} → ${c.controlName} [${c.controlSetId}]: ${c.message}`);
  for (const u of r.unmatched) lines.push(`  (no match) ${u.name} [${u.controlSetId}]: no control of ${r.framework} matches it; name the pair in a --mapping file`);
  const t = r.totals;
  lines.push(`Total: ${t.imported} imported, ${t.skipped} already there, ${t.deferred} deferred to a later day, ${t.rejected} rejected (of ${t.items} items)`);
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerAuditManager(program: Command): void {
  const am = program.command('auditmanager').description('AWS Audit Manager: push a run\'s evidence into an assessment, export a framework as custom controls');
  const common = (c: Command): Command =>
    c
      .option('-c, --config <file>', 'config file')
      .option('--region <region>', 'the Audit Manager region (default: the first configured region)')
      .option('--profile <name>', 'AWS profile (default from config)')
      .option('--json', 'print one JSON object as the last line of stdout')
      .option('--log-level <level>', 'log level on stderr: debug, info, warn, error, silent');

  common(
    am
      .command('push')
      .description('import a stored run\'s evidence into an assessment as manual evidence (a summary per control and its evidence objects)')
      .requiredOption('--assessment <id>', 'the Audit Manager assessment id')
      .option('--run <id>', 'run id, "latest" or "previous"', 'latest')
      .option('--store <url>', 'evidence store URL (default from config)')
      .option('-f, --framework <id>', 'our framework the assessment corresponds to (default: the mapping file\'s, else the run\'s framework matching most controls by id)')
      .option('--mapping <file>', 'YAML file pairing our controls with the assessment\'s where names differ')
      .option('--public-key <file>', 'trusted public key (PEM) of the run\'s manifest signature (default: the key the manifest names)'),
  )
    .addHelpText(
      'after',
      `
Audit Manager takes 50 items a call and 100 manual evidence imports per control per day: what does
not fit today is reported as deferred and imported by the next push on a later day. Items already
imported (recorded in the store at auditmanager/<assessment>/pushed.json) are skipped.

Exit codes: 0 everything imported or already there; 2 some items deferred or rejected; 1 failed.`,
    )
    .action(async (flags: PushFlags) => {
      const log = makeLogger(flags.logLevel);
      const { loaded, store } = await configuredStore(flags);
      const runId = await resolveRunId(store, flags.run);
      const manifest = await verifiedManifest(store, runId, flags.publicKey);
      const results = await readPinnedResults(store, runId);
      const catalog = await loadCatalog(loaded.config.customFrameworks.map((p) => resolvePath(p)));
      const mapping = flags.mapping ? await loadMapping(resolvePath(flags.mapping)) : null;
      const { clients, region } = clientsFor(loaded.config, flags);
      try {
        const report = await pushRun({
          client: clients.auditmanager(region),
          store,
          assessmentId: flags.assessment,
          results,
          manifestSha256: manifest.sha256,
          storeUrl: store.url,
          frameworks: results.frameworks.map((f) => catalog.byId.get(f.id)).filter((f) => f !== undefined),
          ...(flags.framework ? { framework: flags.framework } : {}),
          mapping,
          ...(flags.mapping ? { mappingSource: flags.mapping } : {}),
          now: () => new Date(),
          log,
        });
        const partial = report.totals.deferred + report.totals.rejected > 0;
        if (flags.json) process.stdout.write(JSON.stringify({ status: partial ? 'partial' : 'complete', ...report }) + '\n');
        else printPush(report);
        process.exitCode = partial ? EXIT.PARTIAL : EXIT.OK;
      } finally {
        clients.destroy();
      }
    });

  common(
    am
      .command('export-framework <id>')
      .description('write a framework as Audit Manager CreateControl and CreateAssessmentFramework inputs (JSON); --apply creates them')
      .option('-o, --out <dir>', 'folder for the JSON inputs', './auditmanager-export')
      .option('--apply', 'create the custom controls, then the framework, in Audit Manager (reuses custom controls and frameworks of the same name)'),
  ).action(async (id: string, flags: ExportFlags) => {
    const { loaded } = await configuredStore(flags);
    const catalog = await loadCatalog(loaded.config.customFrameworks.map((p) => resolvePath(p)));
    const [framework] = selectFrameworks(catalog, [id]);
    const plan = planExport(framework!, catalog);
    const out = resolvePath(flags.out ?? './auditmanager-export');
    await fs.mkdir(out, { recursive: true });
    const files = {
      controls: path.join(out, `${plan.framework}.create-control.json`),
      framework: path.join(out, `${plan.framework}.create-assessment-framework.json`),
      truncations: path.join(out, `${plan.framework}.truncations.json`),
    };
    await fs.writeFile(files.controls, JSON.stringify(plan.controls, null, 2) + '\n');
    await fs.writeFile(files.framework, JSON.stringify(plan.frameworkInput, null, 2) + '\n');
    await fs.writeFile(files.truncations, JSON.stringify(plan.truncations, null, 2) + '\n');
    const summary: Record<string, unknown> = { framework: plan.framework, controls: plan.controls.length, controlSets: plan.frameworkInput.controlSets.length, truncations: plan.truncations.length, files };
    if (flags.apply) {
      const { clients, region } = clientsFor(loaded.config, flags);
      try {
        const client = clients.auditmanager(region);
        const applied = await applyExport(client, plan);
        const back = await readBack(client, applied.frameworkId);
        const same = JSON.stringify(back) === JSON.stringify(shapeOfPlan(plan));
        Object.assign(summary, { region, frameworkId: applied.frameworkId, frameworkCreated: applied.frameworkCreated, controlsCreated: applied.controlsCreated, controlsReused: applied.controlsReused, readBackMatches: same });
        if (!same) process.exitCode = EXIT.FAILED;
      } finally {
        clients.destroy();
      }
    }
    if (flags.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      const lines = [`${plan.framework}: ${plan.controls.length} controls in ${plan.frameworkInput.controlSets.length} control sets → ${out}/`];
      for (const t of plan.truncations) lines.push(`  truncated ${t.control ? `${t.control} ` : ''}${t.field}: ${t.length} → ${t.limit} characters`);
      if (flags.apply) {
        lines.push(`  framework ${String(summary.frameworkId)} ${summary.frameworkCreated ? 'created' : 'already existed (same name)'}; controls: ${String(summary.controlsCreated)} created, ${String(summary.controlsReused)} reused`);
        lines.push(summary.readBackMatches ? '  read back from Audit Manager: equal to the catalog' : '  read back from Audit Manager: DIFFERS from the catalog (an existing framework or control of the same name?)');
      }
      process.stdout.write(lines.join('\n') + '\n');
    }
  });
}
