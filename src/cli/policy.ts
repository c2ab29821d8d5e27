import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { checksOf, loadCatalog } from '../catalog/index.ts';
import { buildPolicy } from '../run/index.ts';
import { chosenFrameworks, resolvePath, splitList } from './common.ts';
import { AUDIT_MANAGER_DATASET } from '../auditmanager/index.ts';
import { notifySection } from './notify.ts';

interface Flags {
  config?: string;
  framework?: string[];
  organization?: boolean;
  role?: string;
  auditmanagerWrite?: boolean;
  allRegions?: boolean;
  auditmanagerCompare?: boolean;
  configAggregator?: string;
  metricNamespace?: string;
}

export function registerPolicy(program: Command): void {
  program
    .command('policy')
    .description('print the least-privilege IAM policy (JSON) the selected frameworks need, from the collectors\' declared actions')
    .option('-c, --config <file>', 'config file (frameworks, scope.role)')
    .option('-f, --framework <ids...>', 'frameworks (default from config: all)')
    .option('--organization', 'also the actions the running account needs to list the organization and assume the member role')
    .option('--auditmanager-write', 'also the Audit Manager actions of `evidence auditmanager push` and `export-framework --apply` (for the identity that runs them)')
    .option('--auditmanager-compare', 'also the Audit Manager read actions of `run --auditmanager-compare` (implied by auditManager.compare in the config)')
    .option('--all-regions', 'also account:ListRegions, which collecting every enabled region needs (implied by regions: all in the config)')
    .option('--config-aggregator <name>', 'configuration items are read through this AWS Config aggregator: its actions instead of the per-account ones (implied by collection.configAggregator)')
    .option('--metric-namespace <ns>', 'also cloudwatch:PutMetricData in this namespace, as `run --metric-namespace` publishes (implied by notify.metric in the config)')
    .option('--role <name>', 'member role name for --organization (default from config: EvidenceCollectorReadOnly)')
    .addHelpText('after', '\nAttach the plain policy to the read-only role in every member account; use --organization for the task role in the account that runs the tool.\nThe notify section of the config adds exactly the publish actions of its targets (sns:Publish on each topic, events:PutEvents on each bus, secretsmanager:GetSecretValue on each webhook secret, cloudwatch:PutMetricData in the metric namespace); they belong to the task role only.')
    .action(async (flags: Flags) => {
      const loaded = await loadConfig(flags.config);
      const { config } = loaded;
      const catalog = await loadCatalog(config.customFrameworks.map((p) => resolvePath(p)));
      const frameworks = chosenFrameworks(catalog, loaded, splitList(flags.framework));
      const checks = checksOf(catalog, frameworks);
      const policy = buildPolicy(checks, { ...(flags.organization ? { organization: { roleName: flags.role ?? config.scope.role.name } } : {}), ...(flags.auditmanagerWrite ? { auditManagerWrite: true } : {}), allRegions: flags.allRegions === true || config.regions === 'all', ...(flags.auditmanagerCompare || config.auditManager?.compare ? { extraDatasets: [AUDIT_MANAGER_DATASET] } : {}), configurationItems: config.collection.configurationItems !== false, configAggregator: (flags.configAggregator ?? config.collection.configAggregator) !== undefined, notify: notifySection(config, flags.metricNamespace) });
      process.stdout.write(JSON.stringify(policy, null, 2) + '\n');
    });
}
