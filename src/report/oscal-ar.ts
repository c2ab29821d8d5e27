// OSCAL assessment results (OSCAL 1.1.x JSON) for one run and framework: one result covering the
// run's observation period, a finding per control, an observation per check target with links to
// the stored evidence (key, version id, sha256 in back-matter), a risk per failing control, the
// accepted exceptions as deviation-approved risks. `import-ap` points to an assessment plan that
// is embedded in back-matter, since the tool has no separate plan document to point to.
import type { ControlStatus } from '../domain/index.ts';
import type { CheckView, ControlView, ReportViewModel, TargetView } from './types.ts';
import {
  controlLabel,
  endOfDay,
  evidenceByKey,
  evidenceResource,
  evidenceUuid,
  oscalControlId,
  oscalMetadata,
  OSCAL_VERSION,
  organizationParty,
  prop,
  reviewedControls,
  STATUS_MAP,
  storeHref,
  toJsonText,
  TOOL_NAME,
  uuidOf,
  writeJsonDocument,
} from './oscal-common.ts';

type Json = Record<string, unknown>;

export const observationUuid = (vm: ReportViewModel, checkId: string, t: { account: string; region: string }): string =>
  uuidOf(vm.run.runId, vm.framework.id, 'observation', checkId, t.account, t.region);
export const riskUuid = (vm: ReportViewModel, controlId: string): string => uuidOf(vm.run.runId, vm.framework.id, 'risk', controlId);
export const findingUuid = (vm: ReportViewModel, controlId: string): string => uuidOf(vm.run.runId, vm.framework.id, 'finding', controlId);
const toolUuids = new WeakMap<ReportViewModel, string>();
/** The tool's component UUID, named by every observation: made once per document. */
const toolUuid = (vm: ReportViewModel): string => {
  let uuid = toolUuids.get(vm);
  if (uuid === undefined) toolUuids.set(vm, (uuid = uuidOf(vm.run.runId, vm.framework.id, 'tool')));
  return uuid;
};

/** Checks of the framework, each once, in catalog order. */
export function frameworkChecks(vm: ReportViewModel): CheckView[] {
  const seen = new Map<string, CheckView>();
  for (const c of vm.controls) for (const ch of c.checks) if (!seen.has(ch.id)) seen.set(ch.id, ch);
  return [...seen.values()];
}

function targetDescription(check: CheckView, t: TargetView): string {
  const c = t.counts;
  const counts = `${c.COMPLIANT} compliant, ${c.NON_COMPLIANT} non-compliant, ${c.NOT_APPLICABLE} not applicable, ${c.INSUFFICIENT_DATA} with insufficient data`;
  return `${check.title} (${check.id}) in account ${t.account}, region ${t.region}: ${t.status}; ${counts}.${t.reason ? ` ${t.reason}` : ''}`;
}

/** The observation of one check in one account-region. */
export function targetObservation(vm: ReportViewModel, check: CheckView, t: TargetView): Json {
  const index = evidenceByKey(vm);
  const evidence = t.evidenceKeys.map((key) => {
    const e = index.get(key);
    return {
      href: e ? `#${evidenceUuid(vm, key)}` : storeHref(vm.run.store, key, ''),
      description: `Stored evidence object ${key}${e ? ` (version ${e.versionId}, sha256 ${e.sha256})` : ''}.`,
      ...(e ? { props: [prop('evidence-key', key), prop('version-id', e.versionId), prop('sha256', e.sha256)] } : {}),
    };
  });
  return {
    uuid: observationUuid(vm, check.id, t),
    title: `${check.id} in ${t.account}/${t.region}`,
    description: targetDescription(check, t),
    props: [prop('check-id', check.id), prop('check-kind', check.kind), prop('account', t.account), prop('region', t.region), prop('target-status', t.status)],
    methods: ['TEST'],
    types: ['control-objective'],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid(vm) }] }],
    ...(evidence.length ? { 'relevant-evidence': evidence } : {}),
    collected: vm.run.finishedAt,
  };
}

function attestationObservations(vm: ReportViewModel, c: ControlView): Json[] {
  return c.attestations.map((a, i) => {
    const doc = a.document;
    const known = doc && evidenceByKey(vm).has(doc.key);
    return {
      uuid: uuidOf(vm.run.runId, vm.framework.id, 'attestation', c.id, String(i)),
      title: `Attestation of ${c.id} by ${a.attester}`,
      description: `${a.statement} (attested ${a.date}, valid until ${a.validUntil}; ${a.state}).`,
      props: [prop('attester', a.attester), prop('attestation-state', a.state), prop('source-key', a.source.key)],
      methods: ['EXAMINE'],
      ...(doc
        ? {
            'relevant-evidence': [
              {
                href: known ? `#${evidenceUuid(vm, doc.key)}` : storeHref(vm.run.store, doc.key, doc.versionId),
                description: `Attested document ${doc.name}: ${doc.key} (version ${doc.versionId}, sha256 ${doc.sha256}).`,
                props: [prop('evidence-key', doc.key), prop('version-id', doc.versionId), prop('sha256', doc.sha256)],
              },
            ],
          }
        : {}),
      collected: vm.run.finishedAt,
    };
  });
}

const FAILING: ReadonlySet<ControlStatus> = new Set<ControlStatus>(['FAIL', 'EXCEPTION']);

/** Whether a control gets a risk: it failed, whether or not exceptions cover the failures. */
export const isFailing = (c: ControlView): boolean => FAILING.has(c.status);

/** The risk of a failing control; covered by active exceptions, it is a deviation-approved one. */
export function controlRisk(vm: ReportViewModel, c: ControlView): Json {
  const active = c.exceptions.filter((e) => e.state === 'active');
  const failing = c.checks.flatMap((ch) => ch.targets.filter((t) => t.status === 'FAIL').map((t) => observationUuid(vm, ch.id, t)));
  const resources = c.checks.flatMap((ch) => ch.failingResources.map((r) => `${r.resourceType} ${r.resourceId} (${r.account}/${r.region}, ${ch.id})`));
  const omitted = c.checks.reduce((n, ch) => n + ch.failingResourcesOmitted, 0);
  const deviation = c.status === 'EXCEPTION';
  const deadline = active.map((e) => e.expires).sort()[0];
  return {
    uuid: riskUuid(vm, c.id),
    title: `${controlLabel(c)}: ${deviation ? 'failures covered by accepted exceptions' : 'not satisfied'}`,
    description: [
      c.statusReason,
      ...active.map((e) => `Exception ${e.id}, approved by ${e.approver}, expires ${e.expires}: ${e.reason} (covers ${e.coveredResources} of ${e.failingResources} failing resources).`),
    ].join('\n'),
    statement:
      resources.length > 0
        ? `Non-compliant resources: ${resources.join('; ')}${omitted > 0 ? `; and ${omitted} more (every one is in the CSV report and the run's resources.ndjson)` : ''}.`
        : c.statusReason,
    props: [prop('control-id', c.id), prop('control-status', c.status), ...active.map((e) => prop('exception-id', e.id))],
    status: deviation ? 'deviation-approved' : 'open',
    ...(deviation && deadline ? { deadline: endOfDay(deadline) } : {}),
    ...(failing.length ? { 'related-observations': failing.map((u) => ({ 'observation-uuid': u })) } : {}),
  };
}

function controlFinding(vm: ReportViewModel, c: ControlView, attestationUuids: string[]): Json {
  const map = STATUS_MAP[c.status];
  // Passing targets are left out: with every account and region they would make the findings as
  // large as the observations; each observation names its check, so they are found from there.
  const observations = [...c.checks.flatMap((ch) => ch.targets.filter((t) => t.status !== 'PASS').map((t) => observationUuid(vm, ch.id, t))), ...attestationUuids];
  return {
    uuid: findingUuid(vm, c.id),
    title: controlLabel(c),
    description: c.statusReason,
    props: [
      prop('control-status', c.status),
      ...(c.evaluatedStatus ? [prop('evaluated-status', c.evaluatedStatus)] : []),
      prop('manual', String(c.manual)),
    ],
    target: {
      type: 'objective-id',
      'target-id': oscalControlId(vm.framework.id, c.id),
      title: c.title,
      props: [{ name: 'label', value: c.id }],
      status: { state: map.state, reason: map.reason, remarks: map.remark },
    },
    ...(observations.length ? { 'related-observations': observations.map((u) => ({ 'observation-uuid': u })) } : {}),
    ...(isFailing(c) ? { 'related-risks': [{ 'risk-uuid': riskUuid(vm, c.id) }] } : {}),
  };
}

/** The assessment plan the results import: scope, the controls reviewed, and the tool as the assessor. */
export function assessmentPlan(vm: ReportViewModel): Json {
  const scopeUuid = uuidOf(vm.run.runId, vm.framework.id, 'plan-scope');
  return {
    'assessment-plan': {
      uuid: uuidOf(vm.run.runId, vm.framework.id, 'assessment-plan'),
      metadata: oscalMetadata(vm, `Assessment plan: ${vm.framework.name} ${vm.framework.version}, run ${vm.run.runId}`, []),
      'import-ssp': {
        href: `#${scopeUuid}`,
        remarks: 'No system security plan is imported: the system assessed is the AWS accounts and regions described by the referenced resource.',
      },
      'reviewed-controls': reviewedControls(vm),
      'back-matter': {
        resources: [
          {
            uuid: scopeUuid,
            title: 'Assessment scope',
            description: `AWS accounts ${vm.scope.accounts.join(', ')}; regions ${vm.scope.regions.join(', ')}. Every automated check is run by ${TOOL_NAME} in each account and region it applies to.`,
          },
        ],
      },
    },
  };
}

/** The OSCAL assessment-results document of one run and framework. */
export function buildAssessmentResults(vm: ReportViewModel): Json {
  const observations: Json[] = [];
  for (const check of frameworkChecks(vm)) for (const t of check.targets) observations.push(targetObservation(vm, check, t));
  const findings: Json[] = [];
  const risks: Json[] = [];
  for (const c of vm.controls) {
    const attestations = attestationObservations(vm, c);
    observations.push(...attestations);
    findings.push(controlFinding(vm, c, attestations.map((o) => o.uuid as string)));
    if (isFailing(c)) risks.push(controlRisk(vm, c));
  }
  const planUuid = uuidOf(vm.run.runId, vm.framework.id, 'assessment-plan-resource');
  const plan = Buffer.from(toJsonText(assessmentPlan(vm))).toString('base64');
  const org = organizationParty(vm);
  return {
    'assessment-results': {
      uuid: uuidOf(vm.run.runId, vm.framework.id, 'assessment-results'),
      metadata: oscalMetadata(vm, `Assessment results: ${vm.framework.name} ${vm.framework.version}, run ${vm.run.runId}`, []),
      'import-ap': { href: `#${planUuid}`, remarks: 'The assessment plan is embedded (base64) in the back-matter resource this points to.' },
      results: [
        {
          uuid: uuidOf(vm.run.runId, vm.framework.id, 'result'),
          title: `Run ${vm.run.runId}`,
          description: `Automated assessment of ${vm.framework.name} ${vm.framework.version} for ${org.name}: ${vm.summary.total} controls, ${Object.entries(vm.summary.byStatus)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ')}.`,
          start: vm.run.startedAt,
          end: vm.run.finishedAt,
          props: [prop('run-status', vm.run.status), ...(vm.summary.passRate === null ? [] : [prop('pass-rate', vm.summary.passRate.toFixed(4))])],
          'local-definitions': {
            'assessment-assets': {
              components: [
                {
                  uuid: toolUuid(vm),
                  type: 'software',
                  title: `${TOOL_NAME} ${vm.toolVersion}`,
                  description: 'The continuous compliance evidence collector that collected, evaluated and signed this run.',
                  props: [{ name: 'version', value: vm.toolVersion }],
                  status: { state: 'operational' },
                },
              ],
              'assessment-platforms': [{ uuid: uuidOf(vm.run.runId, vm.framework.id, 'platform'), title: `${TOOL_NAME} ${vm.toolVersion}`, 'uses-components': [{ 'component-uuid': toolUuid(vm) }] }],
            },
          },
          'reviewed-controls': reviewedControls(vm),
          ...(observations.length ? { observations } : {}),
          ...(risks.length ? { risks } : {}),
          ...(findings.length ? { findings } : {}),
          remarks: 'Control status mapping: PASS → satisfied (pass); ATTESTED → satisfied (other); FAIL → not-satisfied (fail); EXCEPTION, MANUAL, NO_EVIDENCE, ERROR → not-satisfied (other). The tool status is in each finding\'s control-status prop.',
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: planUuid,
            title: 'Assessment plan',
            description: `The OSCAL ${OSCAL_VERSION} assessment plan of this run, generated with the results.`,
            base64: { filename: `${vm.framework.id}.oscal-ap.json`, 'media-type': 'application/json', value: plan },
          },
          ...vm.evidence.map((e) => evidenceResource(vm, e)),
        ],
      },
    },
  };
}

export async function writeOscalAssessmentResults(vm: ReportViewModel, file: string): Promise<void> {
  await writeJsonDocument(buildAssessmentResults(vm), file);
}
