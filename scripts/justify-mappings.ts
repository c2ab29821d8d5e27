// Gives every (control, check) pair of the built-in catalogs its source and a one-line rationale,
// applies the precision rules (attestation-only controls lose their configuration checks), adds
// the public pairs that are sound but missing, and writes each framework's decisions.yaml for the
// public pairs the catalog does not carry as given. Reads the reference subsets in
// test/fixtures/mappings/. A rationale joins what the check verifies (mapping-facts/rules.ts) to
// the part of the control that kind of evidence bears on (mapping-facts/controls-*.ts); a pair whose
// check bears on no part of its control is dropped with the control's stated reason, and the run
// stops on a pair neither table decides. Rerunning gives the same catalog and decisions: records of
// pairs dropped earlier are carried over from the existing decisions.yaml.
//   node --import tsx scripts/justify-mappings.ts
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, isMap, isSeq, YAMLMap, YAMLSeq, stringify } from 'yaml';
import { parseCsv } from '../test/meta/reference.ts';
import { attestationOnlyReason } from '../src/catalog/attestation-only.ts';
import settings from '../src/catalog/data/conformance-pack-settings.json' with { type: 'json' };
import { ruleEvaluator } from '../src/managed-rules/index.ts';
import { RULE_FACTS, type Topic } from './mapping-facts/rules.ts';
import type { ControlBearings } from './mapping-facts/types.ts';
import { NIST } from './mapping-facts/controls-nist.ts';
import { PCI } from './mapping-facts/controls-pci.ts';
import { HIPAA, ISO, SOC2, BASELINE } from './mapping-facts/controls-other.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixtures = path.join(root, 'test/fixtures/mappings');
const csv = (name: string): Record<string, string>[] => parseCsv(readFileSync(path.join(fixtures, name), 'utf8'));

/** Public source label of a reference row. */
function sourceLabel(raw: string): string {
  const parts = raw.split(' | ').map((s) => {
    if (s.startsWith('aws-guard-rules-registry:mappings/')) return `AWS Guard Rules Registry ${s.slice('aws-guard-rules-registry:mappings/'.length)}`;
    if (s.startsWith('cdklabs/cdk-nag')) return 'cdk-nag RULES.md';
    if (s.startsWith('prowler pci_4.0_aws.json')) return 'Prowler pci_4.0_aws.json';
    return s;
  });
  return [...new Set(parts)].join('; ');
}

interface Ref {
  file: string;
  key: (r: Record<string, string>) => string;
}
const REFS: Record<string, Ref> = {
  'pci-dss-4.0': { file: 'control_to_config_rule_pci_dss_v4.csv', key: (r) => r.control_id! },
  'hipaa-security': { file: 'control_to_config_rule_hipaa.csv', key: (r) => r.control_id! },
  'nist-800-53-r5': { file: 'control_to_config_rule_nist_800_53_r5.csv', key: (r) => r.base_control_id! },
};

// Public pairs this project does not take, by rule: they need organization-specific parameters.
const PARAMETER_RULES = new Set(['IAM_POLICY_BLACKLISTED_CHECK', 'IAM_ROLE_MANAGED_POLICY_CHECK', 'EC2_MANAGEDINSTANCE_APPLICATIONS_REQUIRED', 'FMS_SHIELD_RESOURCE_POLICY_CHECK', 'FMS_WEBACL_RESOURCE_POLICY_CHECK', 'FMS_WEBACL_RULEGROUP_ASSOCIATION_CHECK']);

/**
 * Rules whose local evaluator needs a parameter that has no default: without a value in the
 * catalog they read NO_EVIDENCE wherever they are not deployed. Their pairs carry the values the
 * AWS sample conformance packs deploy. Other pack settings stay out of the catalog: they change a
 * rule's verdicts (an authorized port, a concurrency range) and belong to collection.ruleParameters.
 */
const PARAMETRIZED_RULES = new Set(['IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS']);

type PackSettings = Record<string, { inputParameters?: Record<string, string> }>;
const packSettings = settings as { default: PackSettings; packs: Record<string, PackSettings> };

/** The parameters a pair carries and where they come from: the framework's own pack, else the most common setting. */
function pairParameters(check: string, pack: string | undefined): { parameters: Record<string, string>; from: string } | undefined {
  const sid = check.slice('config:'.length);
  const evaluator = ruleEvaluator(sid);
  if (!check.startsWith('config:') || !PARAMETRIZED_RULES.has(sid) || !evaluator) return undefined;
  const own = pack ? packSettings.packs[pack]?.[sid]?.inputParameters : undefined;
  const raw = own ?? packSettings.default[sid]?.inputParameters;
  // only parameters the evaluator declares, and only where they differ from its default
  const parameters = Object.fromEntries(Object.entries(raw ?? {}).filter(([k, v]) => Object.hasOwn(evaluator.parameters, k) && evaluator.parameters[k] !== v));
  if (Object.keys(parameters).length === 0) return undefined;
  const from = own ? `as the AWS sample conformance pack ${pack} deploys the rule` : 'the most common setting of the rule in the AWS sample conformance packs';
  return { parameters, from };
}

interface Difference {
  controls: string[];
  checks?: string[];
  action: 'moved' | 'dropped';
  to?: string;
  reason: string;
}

/** Decisions made by hand: ids that do not exist in the framework version, and unsound public pairs. */
const MOVES: Record<string, Difference[]> = {
  'nist-800-53-r5': [
    {
      controls: ['CP-1(2)'],
      action: 'moved',
      to: 'CP-9',
      reason: 'CP-1 has no enhancements in rev 5; the backup and versioning rules describe system backup, CP-9',
    },
    {
      controls: ['SI-1(1)'],
      action: 'moved',
      to: 'AU-12',
      reason: 'SI-1 has no enhancements in rev 5; the trail and logging rules describe audit record generation, AU-12',
    },
    {
      controls: ['SA-1(1)'],
      action: 'moved',
      to: 'AU-9',
      reason: 'SA-1 has no enhancements in rev 5; log file validation protects audit information, AU-9',
    },
    {
      controls: ['SC-7(2)'],
      action: 'moved',
      to: 'SC-7',
      reason: 'SC-7(2) Public Access was withdrawn in rev 5 and incorporated into SC-7',
    },
    {
      controls: ['CP-9'],
      checks: ['config:RDS_SNAPSHOT_ENCRYPTED'],
      action: 'moved',
      to: 'CP-9(8)',
      reason: 'an encrypted snapshot is cryptographic protection of backup information (CP-9(8)); CP-9 asks whether backups are taken',
    },
    {
      controls: ['CP-9'],
      checks: [
        'config:API_GW_CACHE_ENABLED_AND_ENCRYPTED', 'config:CLOUDWATCH_LOG_GROUP_ENCRYPTED', 'config:CLOUD_TRAIL_ENCRYPTION_ENABLED',
        'config:CODEBUILD_PROJECT_ARTIFACT_ENCRYPTION', 'config:DYNAMODB_TABLE_ENCRYPTED_KMS', 'config:EC2_EBS_ENCRYPTION_BY_DEFAULT',
        'config:EFS_ENCRYPTED_CHECK', 'config:ELASTICSEARCH_ENCRYPTED_AT_REST', 'config:ENCRYPTED_VOLUMES', 'config:KINESIS_STREAM_ENCRYPTED',
        'config:OPENSEARCH_ENCRYPTED_AT_REST', 'config:RDS_STORAGE_ENCRYPTED', 'config:REDSHIFT_CLUSTER_KMS_ENABLED',
        'config:S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'config:S3_DEFAULT_ENCRYPTION_KMS', 'config:SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED',
        'config:SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED', 'config:SECRETSMANAGER_USING_CMK', 'config:SNS_ENCRYPTED_KMS', 'cloudtrail-kms-encryption',
      ],
      action: 'dropped',
      reason: 'encryption at rest of live resources does not show that backups are taken; it is evidence for SC-28(1), which carries these rules',
    },
    {
      controls: ['SC-8(5)'],
      action: 'dropped',
      reason: 'SC-8(5) asks for a protected physical distribution system (conduits, locked wiring closets); a TLS setting says nothing about it',
    },
    {
      controls: ['SC-7(12)', 'SC-7(16)'],
      checks: ['config:ACM_CERTIFICATE_EXPIRATION_CHECK'],
      action: 'moved',
      to: 'SC-12',
      reason: 'host-based protection and concealment of components are not about certificates; renewing certificates before they expire is key lifecycle management, SC-12',
    },
    {
      controls: ['AC-3(1)'],
      action: 'dropped',
      reason: 'AC-3(1) was withdrawn in rev 5 (incorporated into AC-6, least privilege); logging rules do not evidence least privilege',
    },
  ],
  'hipaa-security': [
    {
      controls: ['164.308(a)(5)(ii)(A)'],
      checks: ['config:ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED', 'config:RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED', 'config:REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK'],
      action: 'moved',
      to: '164.308(a)(5)(ii)(B)',
      reason: 'security reminders are a training measure; automatic patching is part of guarding against malicious software',
    },
  ],
  'pci-dss-4.0': [
    {
      controls: ['10.3.3'],
      checks: [
        'config:AURORA_RESOURCES_PROTECTED_BY_BACKUP_PLAN', 'config:BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', 'config:BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
        'config:DB_INSTANCE_BACKUP_ENABLED', 'config:DYNAMODB_IN_BACKUP_PLAN', 'config:DYNAMODB_PITR_ENABLED', 'config:DYNAMODB_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
        'config:EBS_IN_BACKUP_PLAN', 'config:EBS_RESOURCES_PROTECTED_BY_BACKUP_PLAN', 'config:EC2_RESOURCES_PROTECTED_BY_BACKUP_PLAN', 'config:EFS_IN_BACKUP_PLAN',
        'config:EFS_RESOURCES_PROTECTED_BY_BACKUP_PLAN', 'config:ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK', 'config:FSX_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
        'config:NEPTUNE_CLUSTER_BACKUP_RETENTION_CHECK', 'config:RDS_IN_BACKUP_PLAN', 'config:RDS_RESOURCES_PROTECTED_BY_BACKUP_PLAN', 'config:REDSHIFT_BACKUP_ENABLED',
        'config:S3_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
      ],
      action: 'moved',
      to: '12.10.1',
      reason: '10.3.3 asks for copies of audit logs in a central store; backups of data stores are the data backup processes 12.10.1 requires the incident response plan to cover',
    },
    {
      controls: ['8.2.8', '1.4.5'],
      checks: ['config:AUTOSCALING_LAUNCHCONFIG_REQUIRES_IMDSV2', 'config:ECS_TASK_DEFINITION_PID_MODE_CHECK'],
      action: 'moved',
      to: '2.2.6',
      reason: 'idle-session timeouts (8.2.8) and hidden internal addressing (1.4.5) are not what these settings show; requiring IMDSv2 and an unshared process namespace are security parameters set against misuse, 2.2.6',
    },
    {
      controls: ['10.3.4', '10.3.2', '3.5.1.3'],
      checks: ['config:CLOUDFRONT_ORIGIN_ACCESS_IDENTITY_ENABLED', 'config:CLOUDFRONT_S3_ORIGIN_ACCESS_CONTROL_ENABLED', 'config:NEPTUNE_CLUSTER_SNAPSHOT_PUBLIC_PROHIBITED'],
      action: 'moved',
      to: '1.4.4',
      reason: 'these settings neither detect changes to logs nor separate disk-encryption access; they keep S3 origins and database snapshots out of direct public reach, 1.4.4',
    },
    {
      controls: ['3.3.1.1', '3.3.1.3', '3.3.2', '3.3.3'],
      action: 'dropped',
      reason: 'requirement 3.3 forbids keeping sensitive authentication data after authorization; backup and log retention rules do not bear on it (retention is judged under 3.2.1 and 10.5.1)',
    },
  ],
};

const PACK_DOCS = 'AWS Config conformance pack Operational-Best-Practices-for-NIST-800-53-rev-5 (mapping table of the AWS documentation page)';

/** Sound public pairs that the reference files lack, added by hand with the reason they are kept. */
const EXTRA: Record<string, { control: string; check: string; source: string; reason: string }[]> = {
  'nist-800-53-r5': [
    { control: 'AC-2(1)', check: 'config:SECRETSMANAGER_SECRET_UNUSED', source: PACK_DOCS, reason: 'kept: AC-2(1) asks for automated mechanisms in account management; finding service credentials nobody uses is such a mechanism' },
    { control: 'AC-2(1)', check: 'config:SECRETSMANAGER_SECRET_PERIODIC_ROTATION', source: PACK_DOCS, reason: 'kept: AC-2(1) asks for automated mechanisms in account management; scheduled rotation of service credentials is such a mechanism' },
  ],
};

const ACCOUNT_LEVEL = ['config:GUARDDUTY_ENABLED_CENTRALIZED', 'config:ROOT_ACCOUNT_MFA_ENABLED', 'config:IAM_PASSWORD_POLICY', 'config:ACCESS_KEYS_ROTATED'];
const SECRETS = ['config:SECRETSMANAGER_SECRET_UNUSED', 'config:SECRETSMANAGER_SECRET_PERIODIC_ROTATION'];
const ACCOUNT_LEVEL_NOTE = 'threat detection, root MFA, the password policy and access-key age are evidenced at SI-4, IA-2(1), IA-5(1) and IA-5';
const SECRETS_NOTE = 'whether a secret is used or rotated is evidenced at AC-2(1)';

/**
 * Public pairs, absent from the reference files, that this project does not add: the pack's
 * account-level and Secrets Manager rules at access-enforcement controls, reviewed control by control.
 */
const NOT_ADDED: Record<string, { controls: string[]; checks: string[]; source: string; reason: string }[]> = {
  'nist-800-53-r5': [
    ['AC-3(3)', 'AC-3(3) asks for a mandatory access control policy enforced uniformly over all subjects and objects, which subjects cannot pass on or change; no account-level setting or secret state shows such a policy'],
    ['AC-3(4)', 'AC-3(4) asks for a discretionary access control policy under which subjects may pass on access; none of these rules shows how such a policy is enforced'],
    ['AC-3(8)', 'AC-3(8) asks that authorizations are revoked when the security attributes of subjects or objects change, within set times; credential age, secret use and account-level settings do not show revocation on attribute change'],
    ['AC-3(12)', 'AC-3(12) asks applications to assert the access they need at installation and the system to enforce and approve it; none of these rules concerns application installation'],
    ['AC-3(13)', 'AC-3(13) asks for access decisions on subject and object attributes; none of these rules shows attribute-based policies'],
    ['AC-3(15)', 'AC-3(15) asks for mandatory and discretionary access control policies together; none of these rules shows either policy being enforced'],
    ['AC-4(28)', 'AC-4(28) asks for a linear content-filter pipeline between security domains; none of these rules concerns information filtering'],
    ['AC-24', 'AC-24 asks that an access control decision is applied to each access request before enforcement; none of these rules shows how decisions are reached and applied'],
    ['CM-5(1)', 'CM-5(1) asks that access restrictions on changes are enforced automatically and the enforcement actions logged; threat detection, MFA, the password policy and credential age do not restrict or record changes'],
    ['SC-23(3)', 'SC-23(3) asks for unique, randomly generated session identifiers that the system alone issues; none of these rules concerns session identifiers'],
  ].flatMap(([control, reason]) => [
    { controls: [control!], checks: [...ACCOUNT_LEVEL], source: PACK_DOCS, reason: `${reason}; ${ACCOUNT_LEVEL_NOTE}` },
    { controls: [control!], checks: [...SECRETS], source: PACK_DOCS, reason: `${reason}; ${SECRETS_NOTE}` },
  ]),
};

/** Bearings of each framework's controls (which part of the control each topic of evidence bears on). */
const BEARINGS: Record<string, ControlBearings> = { 'aws-baseline': BASELINE, soc2: SOC2, 'pci-dss-4.0': PCI, 'hipaa-security': HIPAA, 'iso27001-2022': ISO, 'nist-800-53-r5': NIST };

function upperFirst(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

/** What a check verifies: its fact from the table, or for an unknown id, nothing (the caller stops). */
function factOf(check: string): [Topic[], string] | undefined {
  return RULE_FACTS[check.replace(/^config:/, '')];
}

/**
 * The rationale of a pair: what the check verifies, then the part of the control it bears on, chosen
 * by the first of the check's topics the control names; or the control's reason to drop it.
 */
function judge(fwId: string, control: string, check: string): { rationale: string } | { drop: string } {
  const fact = factOf(check);
  if (!fact) throw new Error(`${check}: no entry in scripts/mapping-facts/rules.ts`);
  const bearings = BEARINGS[fwId]?.[control];
  if (!bearings) throw new Error(`${fwId} ${control}: no bearings in scripts/mapping-facts (carries ${check})`);
  const [topics, verifies] = fact;
  for (const t of topics) {
    const key = Object.keys(bearings).find((k) => k !== 'drop' && k.split(' ').includes(t));
    if (key) return { rationale: `${upperFirst(verifies)}. ${upperFirst(bearings[key]!)}.` };
  }
  if (bearings.drop) return { drop: bearings.drop };
  throw new Error(`${fwId} ${control}: ${check} (${topics.join('/')}) matches no topic the control names and it has no drop reason`);
}

function attestationToGuidance(text: string): string {
  let t = text.replace(/\s+/g, ' ').trim();
  t = t.replace(/^Beyond the automated checks, (\w)/, (_m, a: string) => a.toUpperCase());
  t = t.replace(/, covering what the checks do not see \([^)]*\)\.?$/, '.');
  return t;
}

/** Splits at `sep` outside parentheses. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
    }
  }
  out.push(text.slice(start));
  return out.map((x) => x.trim()).filter(Boolean);
}

/**
 * The source a control's mappingSource gives one check: its text reads "label: RULE (note), RULE;
 * label: ...", where a label is a public file or "this project (reason)".
 */
function sourceFromMappingSource(mappingSource: string, check: string): string | undefined {
  const name = check.replace(/^config:/, '');
  for (const segment of splitTop(mappingSource.replace(/\s+/g, ' '), '; ')) {
    const colon = splitTop(segment, ': ');
    if (colon.length < 2) continue;
    const label = colon[0]!;
    for (const item of splitTop(colon.slice(1).join(': '), ', ')) {
      const m = /^(\S+)(?: \((.*)\))?$/.exec(item);
      if (!m || m[1] !== name) continue;
      const project = /^this project(?:, | \()(.*?)\)?$/.exec(label);
      if (project) return `this project: ${project[1]}`;
      if (/^prowler/i.test(label)) return `${label.replace(/ through the equivalent Config rule$/, '')}${m[2] ? ` (${m[2]})` : ''}, through the equivalent Config rule`;
      return label;
    }
  }
  return undefined;
}

const GENERIC_SOURCE = 'this project: the rule reads a setting the control names (see mappingSource)';

function frameworkFiles(id: string): string[] {
  const dir = path.join(root, 'frameworks', id);
  const main = path.join(dir, 'framework.yaml');
  const doc = parseDocument(readFileSync(main, 'utf8'));
  const include = (doc.get('include') as YAMLSeq | undefined)?.items.map((n) => String((n as { value: unknown }).value)) ?? [];
  return [main, ...include.map((f) => path.join(dir, f))];
}

const problems: string[] = [];
for (const fwId of ['aws-baseline', 'soc2', 'pci-dss-4.0', 'hipaa-security', 'iso27001-2022', 'nist-800-53-r5']) {
  const ref = REFS[fwId];
  // reference pairs: "control|config:RULE" → source label
  const refPairs = new Map<string, string>();
  if (ref) for (const r of csv(ref.file)) refPairs.set(`${ref.key(r)}|config:${r.config_rule_source_identifier}`, sourceLabel(r.source!));
  const moves = MOVES[fwId] ?? [];
  const files = frameworkFiles(fwId);
  const docs = files.map((f) => ({ file: f, doc: parseDocument(readFileSync(f, 'utf8')) }));
  const controls = new Map<string, YAMLMap>();
  for (const { doc } of docs) {
    const seq = doc.get('controls');
    if (isSeq(seq)) for (const n of seq.items) if (isMap(n)) controls.set(String(n.get('id')), n);
  }
  const differences: Difference[] = [...moves];
  const exceptions: { control: string; check: string; reason: string }[] = [];
  const pack = docs[0]!.doc.get('conformancePack') as string | undefined;
  const pairsOf = (n: YAMLMap): { check: string; source?: string; rationale?: string }[] => {
    const items = (n.get('checks') as YAMLSeq | undefined)?.items ?? [];
    return items.map((it) => (isMap(it) ? (it.toJSON() as { check: string; source: string; rationale: string }) : { check: String((it as { value: unknown }).value) }));
  };
  // 1. moved public pairs land on their valid control
  const additions = new Map<string, { check: string; source: string; why: string }[]>();
  for (const [key, source] of refPairs) {
    const [ctl, check] = key.split('|') as [string, string];
    const mv = moves.find((m) => m.controls.includes(ctl) && (!m.checks || m.checks.includes(check)));
    if (mv?.action === 'moved' && mv.to) {
      const list = additions.get(mv.to) ?? [];
      list.push({ check, source: `${source} (at ${ctl}, moved here)`, why: mv.reason });
      additions.set(mv.to, list);
    } else if (!mv && controls.has(ctl) && !PARAMETER_RULES.has(check.slice(7)) && !attestationOnlyReason(fwId, ctl)) {
      const list = additions.get(ctl) ?? [];
      list.push({ check, source, why: '' });
      additions.set(ctl, list);
    }
  }
  // the same decisions apply to the pairs the catalog already carries
  const undone = new Set<string>();
  for (const [id, n] of controls) {
    for (const p of pairsOf(n)) {
      const mv = moves.find((m) => m.controls.includes(id) && (!m.checks || m.checks.includes(p.check)));
      if (!mv) continue;
      undone.add(`${id}|${p.check}`);
      if (mv.action === 'moved' && mv.to) {
        const list = additions.get(mv.to) ?? [];
        list.push({ check: p.check, source: `${p.source ?? 'this project'} (at ${id}, moved here)`, why: mv.reason });
        additions.set(mv.to, list);
      }
    }
  }
  for (const e of EXTRA[fwId] ?? []) {
    const list = additions.get(e.control) ?? [];
    list.push({ check: e.check, source: e.source, why: e.reason });
    additions.set(e.control, list);
  }
  const removedByControl = new Map<string, string[]>();
  for (const [id, n] of controls) {
    let pairs = pairsOf(n).filter((p) => !undone.has(`${id}|${p.check}`));
    for (const a of additions.get(id) ?? []) if (!pairs.some((p) => p.check === a.check)) pairs.push({ check: a.check, source: a.source });
    const reason = attestationOnlyReason(fwId, id);
    // a pair stays only if the check bears on a part of the control; the others are recorded as dropped
    if (!reason) {
      const dropped = new Map<string, string[]>();
      pairs = pairs.flatMap((p) => {
        let j: ReturnType<typeof judge>;
        try {
          j = judge(fwId, id, p.check);
        } catch (e) {
          problems.push((e as Error).message);
          return [];
        }
        if ('rationale' in j) return [{ ...p, rationale: j.rationale }];
        dropped.set(j.drop, [...(dropped.get(j.drop) ?? []), p.check]);
        return [];
      });
      for (const [why, checks] of dropped) differences.push({ controls: [id], checks, action: 'dropped', reason: why });
    }
    const emptied = pairs.length === 0 && pairsOf(n).length > 0;
    if ((reason && pairs.length > 0) || emptied) {
      if (reason) removedByControl.set(id, pairs.map((p) => p.check));
      pairs = [];
      const att = n.get('attestation');
      n.delete('attestation');
      n.set('manual', true);
      if (!n.get('guidance') && typeof att === 'string') n.set('guidance', attestationToGuidance(att));
      n.set('mappingSource', reason ? `Attestation only (${reason}); configuration rules that public mappings attach here are recorded in decisions.yaml` : 'No configuration rule is direct evidence; the rules public mappings attach here are recorded in decisions.yaml');
    }
    pairs = pairs.map((p) => ({
      check: p.check,
      source:
        (p.source !== GENERIC_SOURCE ? p.source : undefined) ??
        refPairs.get(`${id}|${p.check}`) ??
        sourceFromMappingSource(String(n.get('mappingSource') ?? ''), p.check) ??
        GENERIC_SOURCE,
      rationale: p.rationale!,
    }));
    if (pairs.length > 0) {
      const seq = new YAMLSeq();
      seq.items = pairs.map((p) => {
        const m = new YAMLMap();
        m.set('check', p.check);
        const params = pairParameters(p.check, pack);
        if (params) m.set('parameters', params.parameters);
        m.set('source', p.source);
        m.set('rationale', params ? `${p.rationale} Parameters: ${params.from}.` : p.rationale);
        return m;
      });
      n.set('checks', seq);
    } else n.delete('checks');
  }
  for (const [id, checks] of removedByControl) {
    const inRef = checks.filter((c) => refPairs.has(`${id}|${c}`));
    differences.push({ controls: [id], checks: inRef.length > 0 ? inRef : checks, action: 'dropped', reason: `attestation only: ${attestationOnlyReason(fwId, id)}` });
  }
  // public pairs still unexplained: rules needing organization parameters, or ids the catalog lacks
  const have = new Set<string>();
  for (const [id, n] of controls) for (const p of pairsOf(n)) have.add(`${id}|${p.check}`);
  const param = new Map<string, Set<string>>();
  const unknownIds = new Set<string>();
  for (const key of refPairs.keys()) {
    if (have.has(key)) continue;
    const [ctl, check] = key.split('|') as [string, string];
    if (differences.some((d) => d.controls.includes(ctl) && (!d.checks || d.checks.includes(check)))) continue;
    if (PARAMETER_RULES.has(check.slice(7))) {
      const s = param.get(check) ?? new Set<string>();
      s.add(ctl);
      param.set(check, s);
    } else if (attestationOnlyReason(fwId, ctl)) {
      const d = differences.find((x) => x.controls.length === 1 && x.controls[0] === ctl && x.action === 'dropped' && x.checks);
      if (d) d.checks!.push(check);
      else differences.push({ controls: [ctl], checks: [check], action: 'dropped', reason: `attestation only: ${attestationOnlyReason(fwId, ctl)}` });
    } else if (!controls.has(ctl)) unknownIds.add(ctl);
  }
  for (const [check, ctls] of param) differences.push({ controls: [...ctls].sort(), checks: [check], action: 'dropped', reason: 'the rule needs organization-specific parameters (a deny list, required policies or applications, a Firewall Manager setup)' });
  if (unknownIds.size > 0) {
    differences.push({
      controls: [...unknownIds].sort(),
      action: 'dropped',
      reason: fwId === 'pci-dss-4.0' ? 'an x.y number is a section heading, not a requirement; the section\'s rules are paired with the defined requirements beneath it' : 'the id is not a control of this framework version',
    });
  }
  if (problems.length > 0) continue;
  for (const { file, doc } of docs) writeFileSync(file, doc.toString({ lineWidth: 110, flowCollectionPadding: false }));
  const out = path.join(root, 'frameworks', fwId, 'decisions.yaml');
  // a pair an earlier run dropped is gone from the catalog, so a rerun no longer sees it unless a
  // public file holds it; the earlier record is carried over for every pair nothing else explains
  if (existsSync(out)) {
    const before = (parseDocument(readFileSync(out, 'utf8')).toJSON() as { differences?: Difference[] }).differences ?? [];
    const carried = new Set<string>();
    for (const d of differences) for (const c of d.controls) for (const k of d.checks ?? []) carried.add(`${c}|${k}`);
    for (const d of before) {
      if (d.action !== 'dropped' || !d.checks?.length) continue;
      const checks = d.checks.filter((k) => d.controls.every((c) => !carried.has(`${c}|${k}`) && !have.has(`${c}|${k}`)));
      if (checks.length === 0) continue;
      const same = differences.find((x) => x.reason === d.reason && x.controls.join() === d.controls.join() && x.action === d.action);
      if (same?.checks) same.checks.push(...checks.filter((k) => !same.checks!.includes(k)));
      else differences.push({ ...d, checks });
    }
  }
  if (ref || differences.length > 0 || existsSync(out)) {
    const header =
      `# Mapping decisions for ${fwId}: public (control, rule) pairs the catalog does not carry as the\n` +
      '# source gives them, each moved to the valid control it describes or dropped, with the reason; and\n' +
      '# exceptions: attestation-only controls that keep a check because the setting is direct evidence.\n' +
      '# test/meta/mappings.test.ts fails on a public pair that is neither in the catalog nor explained here.\n';
    writeFileSync(out, header + stringify({ reference: ref?.file ?? null, exceptions, differences, notAdded: NOT_ADDED[fwId] ?? [], ...(EXTRA[fwId] ? { added: EXTRA[fwId].map((e) => ({ controls: [e.control], checks: [e.check], source: e.source, reason: e.reason })) } : {}) }, { lineWidth: 110 }));
  }
  console.log(fwId, 'differences', differences.length, 'removed', removedByControl.size);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
