// The least-privilege IAM policy a run needs, built from the collectors' own declarations
// (DESIGN habit 6), so the policy and the code cannot drift apart.
import type { CheckDef } from '../catalog/index.ts';
import { collectorFor } from '../collect/index.ts';
import { CONFIG_AGGREGATOR_PERMISSIONS, CONFIG_ITEMS_PERMISSIONS, CONFIG_RULE_RESULTS_PERMISSIONS } from '../collect/index.ts';
import { ruleEvaluator } from '../managed-rules/index.ts';
import { planDatasets } from '../collect/index.ts';
import type { DatasetId } from '../domain/index.ts';
import { EXPORT_ACTIONS, PUSH_ACTIONS, TAG_ON_CREATE_ACTIONS } from '../auditmanager/index.ts';
import type { NotifyConfig } from '../notify/index.ts';

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string>> }[];
}

export interface PolicyOptions {
  /** Add what the account running the tool needs to reach members: Organizations and AssumeRole. */
  organization?: { roleName: string };
  /** Add what `evidence auditmanager push` and `export-framework --apply` call. */
  auditManagerWrite?: boolean;
  /** Regions are each account's enabled ones: add the Account ListRegions call. */
  allRegions?: boolean;
  /** Datasets a run collects besides the checks' (auditmanager-assessments with auditManager.compare). */
  extraDatasets?: DatasetId[];
  /** collection.configurationItems (on unless false). */
  configurationItems?: boolean;
  /** collection.configAggregator: items are read through the aggregator, not per account-region. */
  configAggregator?: boolean;
  /** The notify section: publish rights on exactly its topics, buses, secrets and metric namespace. */
  notify?: NotifyConfig | null;
}

/** Actions the selected checks need in every collected account. */
export function readActions(checks: CheckDef[], opts: { allRegions?: boolean; extraDatasets?: DatasetId[]; configurationItems?: boolean; configAggregator?: boolean } = {}): string[] {
  const { datasets, configRules } = planDatasets(checks, opts.extraDatasets);
  if (opts.allRegions) datasets.push('account-regions');
  const actions = new Set<string>(['sts:GetCallerIdentity']);
  for (const d of datasets) for (const p of collectorFor(d).permissions) actions.add(p);
  if (configRules.length > 0) for (const p of CONFIG_RULE_RESULTS_PERMISSIONS) actions.add(p);
  // Rules with a local evaluator are judged from configuration items wherever they are not deployed.
  if (opts.configurationItems !== false && configRules.some((sid) => ruleEvaluator(sid))) for (const p of opts.configAggregator ? CONFIG_AGGREGATOR_PERMISSIONS : CONFIG_ITEMS_PERMISSIONS) actions.add(p);
  return [...actions].sort();
}

export function buildPolicy(checks: CheckDef[], opts: PolicyOptions = {}): PolicyDocument {
  const statements: PolicyDocument['Statement'] = [{ Sid: 'EvidenceCollectionReadOnly', Effect: 'Allow', Action: readActions(checks, { allRegions: opts.allRegions === true, ...(opts.extraDatasets ? { extraDatasets: opts.extraDatasets } : {}), configurationItems: opts.configurationItems !== false, configAggregator: opts.configAggregator === true }), Resource: '*' }];
  if (opts.organization) {
    statements.push(
      { Sid: 'ListOrganizationAccounts', Effect: 'Allow', Action: ['organizations:DescribeOrganization', 'organizations:ListAccounts', 'organizations:ListParents'], Resource: '*' },
      { Sid: 'AssumeCollectorRoleInMembers', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:aws:iam::*:role/${opts.organization.roleName}` },
    );
  }
  if (opts.auditManagerWrite) {
    statements.push({ Sid: 'AuditManagerPushAndExport', Effect: 'Allow', Action: [...new Set([...PUSH_ACTIONS, ...EXPORT_ACTIONS, ...TAG_ON_CREATE_ACTIONS])].sort(), Resource: '*' });
  }
  statements.push(...notifyStatements(opts.notify ?? null));
  return { Version: '2012-10-17', Statement: statements };
}

const one = (xs: string[]): string | string[] => (xs.length === 1 ? xs[0]! : xs);

/** What sending the configured notifications calls, each action on the resources it names. */
export function notifyStatements(n: NotifyConfig | null): PolicyDocument['Statement'] {
  if (!n) return [];
  const out: PolicyDocument['Statement'] = [];
  const topics = [...new Set(n.targets.flatMap((t) => (t.kind === 'sns' ? [t.topicArn] : [])))].sort();
  if (topics.length > 0) out.push({ Sid: 'NotifySnsTopics', Effect: 'Allow', Action: ['sns:Publish'], Resource: one(topics) });
  // A bus named without an ARN is in the run's home region, in the account that runs the tool.
  const buses = [...new Set(n.targets.flatMap((t) => (t.kind === 'eventbridge' ? [t.bus.startsWith('arn:') ? t.bus : `arn:aws:events:${t.region ?? '*'}:*:event-bus/${t.bus}`] : [])))].sort();
  if (buses.length > 0) out.push({ Sid: 'NotifyEventBuses', Effect: 'Allow', Action: ['events:PutEvents'], Resource: one(buses) });
  const secrets = [...new Set(n.targets.flatMap((t) => (t.kind === 'webhook' && t.secret && 'secretArn' in t.secret ? [t.secret.secretArn] : [])))].sort();
  if (secrets.length > 0) out.push({ Sid: 'NotifyWebhookSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: one(secrets) });
  // PutMetricData has no resource; the namespace condition keeps it to the run's own metric.
  if (n.metric) out.push({ Sid: 'NotifyRunMetric', Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': n.metric.namespace } } });
  return out;
}
