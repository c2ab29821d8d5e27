// OSCAL plan of action and milestones (OSCAL 1.1.x JSON) for one run and framework: an item per
// failing control (with its risk and the observations of its failing check targets) and an item
// per open (active) exception, whose owner and expiry are the milestone of a planned remediation.
import type { ExceptionRecord } from '../domain/index.ts';
import type { ControlView, ReportViewModel } from './types.ts';
import { controlRisk, frameworkChecks, observationUuid, riskUuid, targetObservation } from './oscal-ar.ts';
import { controlLabel, endOfDay, evidenceResource, oscalMetadata, prop, uuidOf, writeJsonDocument, type OscalParty } from './oscal-common.ts';

type Json = Record<string, unknown>;

/** Active exceptions of the framework's controls, each once, with the controls naming it. */
export function openExceptions(vm: ReportViewModel): { exception: ExceptionRecord; controls: ControlView[] }[] {
  const byId = new Map<string, { exception: ExceptionRecord; controls: ControlView[] }>();
  for (const c of vm.controls) {
    for (const e of c.exceptions) {
      if (e.state !== 'active') continue;
      const entry = byId.get(e.id) ?? { exception: e, controls: [] };
      entry.controls.push(c);
      byId.set(e.id, entry);
    }
  }
  return [...byId.values()];
}

const ownerParty = (vm: ReportViewModel, approver: string): OscalParty => ({ uuid: uuidOf(vm.run.runId, vm.framework.id, 'party', 'person', approver), type: 'person', name: approver });

function exceptionScope(e: ExceptionRecord): string {
  const parts = [e.control ? `control ${e.control}` : null, e.check ? `check ${e.check}` : null].filter(Boolean);
  const resources = e.resources?.length ? e.resources.map((r) => [r.type, r.id, r.account, r.region].filter(Boolean).join(' ')).join('; ') : 'every failing resource in scope';
  return `${parts.join(', ') || 'its scope'}: ${resources}`;
}

function exceptionRisk(vm: ReportViewModel, e: ExceptionRecord, controls: ControlView[]): Json {
  const owner = ownerParty(vm, e.approver);
  const date = endOfDay(e.expires);
  return {
    uuid: uuidOf(vm.run.runId, vm.framework.id, 'exception-risk', e.id),
    title: `Accepted exception ${e.id}`,
    description: e.reason,
    statement: `Accepted for ${exceptionScope(e)}; covers ${e.coveredResources} of ${e.failingResources} failing resources of ${controls.map((c) => c.id).join(', ')}.`,
    props: [prop('exception-id', e.id), prop('approver', e.approver), prop('expires', e.expires), prop('source-key', e.source.key)],
    status: 'deviation-approved',
    deadline: date,
    remediations: [
      {
        uuid: uuidOf(vm.run.runId, vm.framework.id, 'exception-remediation', e.id),
        lifecycle: 'planned',
        title: `Remediate or renew before ${e.expires}`,
        description: `The exception lapses after ${e.expires}; by then the failures must be fixed or the exception renewed by its owner, ${e.approver}.`,
        tasks: [
          {
            uuid: uuidOf(vm.run.runId, vm.framework.id, 'exception-milestone', e.id),
            type: 'milestone',
            title: `Exception ${e.id} expires`,
            timing: { 'on-date': { date } },
            'responsible-roles': [{ 'role-id': 'exception-owner', 'party-uuids': [owner.uuid] }],
          },
        ],
      },
    ],
  };
}

/** The POA&M document of one run and framework. */
export function buildPoam(vm: ReportViewModel): Json {
  const failing = vm.controls.filter((c) => c.status === 'FAIL');
  const exceptions = openExceptions(vm);
  const observations: Json[] = [];
  const seen = new Set<string>();
  const checks = new Map(frameworkChecks(vm).map((c) => [c.id, c]));
  for (const c of failing) {
    for (const ch of c.checks) {
      for (const t of ch.targets) {
        const uuid = observationUuid(vm, ch.id, t);
        if (t.status !== 'FAIL' || seen.has(uuid)) continue;
        seen.add(uuid);
        observations.push(targetObservation(vm, checks.get(ch.id) ?? ch, t));
      }
    }
  }
  const risks: Json[] = [...failing.map((c) => controlRisk(vm, c)), ...exceptions.map((x) => exceptionRisk(vm, x.exception, x.controls))];
  const items: Json[] = [
    ...failing.map((c) => ({
      uuid: uuidOf(vm.run.runId, vm.framework.id, 'poam-item', c.id),
      title: `${controlLabel(c)}: not satisfied`,
      description: c.statusReason,
      props: [prop('control-id', c.id), prop('control-status', c.status), prop('item-kind', 'failing-control')],
      ...(c.checks.some((ch) => ch.targets.some((t) => t.status === 'FAIL'))
        ? { 'related-observations': c.checks.flatMap((ch) => ch.targets.filter((t) => t.status === 'FAIL').map((t) => ({ 'observation-uuid': observationUuid(vm, ch.id, t) }))) }
        : {}),
      'related-risks': [{ 'risk-uuid': riskUuid(vm, c.id) }],
    })),
    ...exceptions.map(({ exception: e, controls }) => ({
      uuid: uuidOf(vm.run.runId, vm.framework.id, 'poam-item', 'exception', e.id),
      title: `Exception ${e.id} (owner ${e.approver}, expires ${e.expires})`,
      description: e.reason,
      props: [prop('exception-id', e.id), prop('item-kind', 'open-exception'), ...controls.map((c) => prop('control-id', c.id))],
      'related-risks': [{ 'risk-uuid': uuidOf(vm.run.runId, vm.framework.id, 'exception-risk', e.id) }],
    })),
  ];
  if (items.length === 0) {
    // OSCAL requires at least one item; this one says there is nothing open.
    items.push({
      uuid: uuidOf(vm.run.runId, vm.framework.id, 'poam-item', 'none'),
      title: 'No open items',
      description: `Run ${vm.run.runId} found no failing control and no open exception for ${vm.framework.name} ${vm.framework.version}.`,
      props: [prop('item-kind', 'none')],
    });
  }
  const owners = [...new Map(exceptions.map((x) => [x.exception.approver, ownerParty(vm, x.exception.approver)])).values()];
  const evidenceKeys = new Set(observations.flatMap((o) => ((o['relevant-evidence'] as { props?: { name: string; value: string }[] }[] | undefined) ?? []).map((r) => r.props?.find((p) => p.name === 'evidence-key')?.value)));
  const resources = vm.evidence.filter((e) => evidenceKeys.has(e.key)).map((e) => evidenceResource(vm, e));
  return {
    'plan-of-action-and-milestones': {
      uuid: uuidOf(vm.run.runId, vm.framework.id, 'poam'),
      metadata: oscalMetadata(vm, `Plan of action and milestones: ${vm.framework.name} ${vm.framework.version}, run ${vm.run.runId}`, owners, owners.length ? [{ id: 'exception-owner', title: 'Exception owner' }] : []),
      ...(observations.length ? { observations } : {}),
      ...(risks.length ? { risks } : {}),
      'poam-items': items,
      ...(resources.length ? { 'back-matter': { resources } } : {}),
    },
  };
}

export async function writeOscalPoam(vm: ReportViewModel, file: string): Promise<void> {
  await writeJsonDocument(buildPoam(vm), file);
}
