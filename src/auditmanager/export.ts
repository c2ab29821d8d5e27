// `evidence auditmanager export-framework`: one of our frameworks as Audit Manager custom controls
// (CreateControl inputs) and a custom framework (CreateAssessmentFramework input, one control set
// per section). Config-rule checks become AWS_Config data sources keyed by the rule's
// SourceIdentifier; api checks and attestations become MANUAL sources carrying our guidance.
// Texts are cut to the API's field limits, and every cut is reported.
import {
  CreateAssessmentFrameworkCommand,
  CreateControlCommand,
  GetAssessmentFrameworkCommand,
  GetControlCommand,
  ListAssessmentFrameworksCommand,
  ListControlsCommand,
  type AuditManagerClient,
  type CreateAssessmentFrameworkRequest,
  type CreateControlMappingSource,
  type CreateControlRequest,
} from '@aws-sdk/client-auditmanager';
import type { Catalog } from '../catalog/index.ts';
import type { Control, Framework } from '../catalog/index.ts';
import { managedRule } from '../catalog/index.ts';
import { fit, KEYWORD_VALUE_RE, LIMITS, type Truncation } from './limits.ts';

/** Tags that tie an exported control back to the catalog (read back in the round trip). */
export const TAG_FRAMEWORK = 'evidence:framework';
export const TAG_CONTROL = 'evidence:control';

export interface ExportedControl {
  ours: string;
  controlSet: string;
  input: CreateControlRequest & { name: string; controlMappingSources: CreateControlMappingSource[] };
}

export interface ExportPlan {
  framework: string;
  controls: ExportedControl[];
  /** controlSets[].controls[].id hold "${control:<our id>}" until --apply knows the created ids. */
  frameworkInput: Omit<CreateAssessmentFrameworkRequest, 'name' | 'controlSets'> & { name: string; controlSets: { name: string; controls: { id: string }[] }[] };
  truncations: (Truncation & { control?: string })[];
}

/** Control set names may hold neither "\" nor "_" (^[^\\_]*$). */
const setName = (s: string): string => s.replace(/[\\_]+/g, ' ').replace(/\s+/g, ' ').trim();
const placeholder = (id: string): string => `\${control:${id}}`;

function sourcesOf(control: Control, catalog: Catalog, cuts: Truncation[]): CreateControlMappingSource[] {
  const out: CreateControlMappingSource[] = [];
  const keywords = new Set<string>();
  for (const id of control.checks) {
    const def = catalog.checks.get(id);
    if (def?.kind === 'config-rule' && def.sourceIdentifier.length <= LIMITS.keywordValue && KEYWORD_VALUE_RE.test(def.sourceIdentifier)) {
      // Audit Manager selects the managed rule by keyword only: variants with parameters are one source
      if (keywords.has(def.sourceIdentifier)) continue;
      keywords.add(def.sourceIdentifier);
      const rule = managedRule(def.sourceIdentifier)?.ruleName ?? def.sourceIdentifier;
      out.push({
        sourceName: fit(rule, LIMITS.sourceName, `${id}.sourceName`, cuts),
        sourceDescription: fit(`AWS Config managed rule ${rule} (source identifier ${def.sourceIdentifier}).`, LIMITS.sourceDescription, `${id}.sourceDescription`, cuts),
        sourceSetUpOption: 'System_Controls_Mapping',
        sourceType: 'AWS_Config',
        sourceKeyword: { keywordInputType: 'SELECT_FROM_LIST', keywordValue: def.sourceIdentifier },
      });
    } else {
      // An api check has no Audit Manager data source: its evidence arrives by `evidence auditmanager push`.
      out.push({
        sourceName: fit(def?.title ?? id, LIMITS.sourceName, `${id}.sourceName`, cuts),
        sourceDescription: fit(`Evaluated by aws-evidence-collector (check ${id}); its evidence is imported as manual evidence by "evidence auditmanager push".`, LIMITS.sourceDescription, `${id}.sourceDescription`, cuts),
        sourceSetUpOption: 'Procedural_Controls_Mapping',
        sourceType: 'MANUAL',
      });
    }
  }
  const attest = control.checks.length === 0 ? control.guidance : control.attestation;
  if (attest?.trim()) {
    out.push({
      sourceName: 'Attestation',
      sourceDescription: fit(attest, LIMITS.sourceDescription, 'attestation.sourceDescription', cuts),
      sourceSetUpOption: 'Procedural_Controls_Mapping',
      sourceType: 'MANUAL',
    });
  }
  return out;
}

export function planExport(framework: Framework, catalog: Catalog): ExportPlan {
  const truncations: ExportPlan['truncations'] = [];
  const controls: ExportedControl[] = framework.controls.map((c) => {
    const cuts: Truncation[] = [];
    const manual = c.checks.length === 0;
    const input = {
      name: fit(`${c.id} ${c.title}`.replace(/\\/g, '/'), LIMITS.controlName, 'name', cuts),
      description: fit(c.description?.trim() || c.title, LIMITS.controlDescription, 'description', cuts),
      ...(manual
        ? {}
        : {
            testingInformation: fit(
              `aws-evidence-collector evaluates ${c.checks.join(', ')} in every account and region in scope: the control passes only when every resource is COMPLIANT; a failed collection reads ERROR and a rule not deployed NO_EVIDENCE, never a pass.`,
              LIMITS.testingInformation,
              'testingInformation',
              cuts,
            ),
          }),
      actionPlanTitle: manual || c.attestation ? 'Attest with evidence' : 'Remediate the non-compliant resources',
      actionPlanInstructions: fit(
        (manual ? c.guidance : c.attestation) ?? 'Fix the resources the checks report as NON_COMPLIANT, or record an accepted risk with reason, approver and expiry.',
        LIMITS.actionPlanInstructions,
        'actionPlanInstructions',
        cuts,
      ),
      controlMappingSources: sourcesOf(c, catalog, cuts),
      tags: { [TAG_FRAMEWORK]: framework.id, [TAG_CONTROL]: fit(c.id, LIMITS.tagValue - 1, 'tags', cuts) },
    };
    truncations.push(...cuts.map((t) => ({ ...t, control: c.id })));
    const set = setName(fit(c.section ?? c.family ?? c.theme ?? c.category ?? 'Controls', LIMITS.controlSetName, 'controlSet', truncations)) || 'Controls';
    return { ours: c.id, controlSet: set, input };
  });
  const sets = new Map<string, { id: string }[]>();
  for (const c of controls) sets.set(c.controlSet, [...(sets.get(c.controlSet) ?? []), { id: placeholder(c.ours) }]);
  const frameworkInput = {
    name: fit(`${framework.name} (aws-evidence-collector, ${framework.version})`.replace(/\\/g, '/'), LIMITS.frameworkName, 'framework.name', truncations),
    description: fit(framework.description?.trim() || framework.name, LIMITS.frameworkDescription, 'framework.description', truncations),
    complianceType: fit(framework.id, LIMITS.complianceType, 'framework.complianceType', truncations),
    controlSets: [...sets].map(([name, list]) => ({ name, controls: list })),
    tags: { [TAG_FRAMEWORK]: framework.id },
  };
  return { framework: framework.id, controls, frameworkInput, truncations };
}

export interface ApplyResult {
  frameworkId: string;
  frameworkCreated: boolean;
  controlsCreated: number;
  controlsReused: number;
  /** Our control id → Audit Manager control id. */
  controlIds: Record<string, string>;
}

async function customControlsByName(client: AuditManagerClient): Promise<Map<string, string>> {
  const byName = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const out = await client.send(new ListControlsCommand({ controlType: 'Custom', maxResults: 100, ...(nextToken ? { nextToken } : {}) }));
    for (const c of out.controlMetadataList ?? []) if (c.name && c.id) byName.set(c.name, c.id);
    nextToken = out.nextToken;
  } while (nextToken);
  return byName;
}

/**
 * Creates the controls (reusing custom controls of the same name, so a second --apply creates
 * nothing), then the framework with its control sets, unless a custom framework of that name exists.
 */
export async function applyExport(client: AuditManagerClient, plan: ExportPlan): Promise<ApplyResult> {
  const existing = await customControlsByName(client);
  const controlIds: Record<string, string> = {};
  let created = 0;
  for (const c of plan.controls) {
    const known = existing.get(c.input.name);
    if (known) {
      controlIds[c.ours] = known;
      continue;
    }
    const out = await client.send(new CreateControlCommand(c.input));
    controlIds[c.ours] = out.control!.id!;
    created += 1;
  }
  let nextToken: string | undefined;
  do {
    const out = await client.send(new ListAssessmentFrameworksCommand({ frameworkType: 'Custom', ...(nextToken ? { nextToken } : {}) }));
    const same = (out.frameworkMetadataList ?? []).find((f) => f.name === plan.frameworkInput.name);
    if (same?.id) return { frameworkId: same.id, frameworkCreated: false, controlsCreated: created, controlsReused: plan.controls.length - created, controlIds };
    nextToken = out.nextToken;
  } while (nextToken);
  const input: CreateAssessmentFrameworkRequest = {
    ...plan.frameworkInput,
    controlSets: plan.frameworkInput.controlSets.map((s) => ({ name: s.name, controls: s.controls.map((x) => ({ id: controlIds[/^\$\{control:(.*)\}$/.exec(x.id)![1]!]! })) })),
  };
  const out = await client.send(new CreateAssessmentFrameworkCommand(input));
  return { frameworkId: out.framework!.id!, frameworkCreated: true, controlsCreated: created, controlsReused: plan.controls.length - created, controlIds };
}

/** A framework as compared in the round trip: what the catalog says, in Audit Manager's terms. */
export interface FrameworkShape {
  name: string;
  complianceType: string;
  controlSets: {
    name: string;
    controls: { ours: string; name: string; configRules: string[]; manualSources: string[]; actionPlanInstructions: string }[];
  }[];
}

export function shapeOfPlan(plan: ExportPlan): FrameworkShape {
  const byOurs = new Map(plan.controls.map((c) => [c.ours, c]));
  return {
    name: plan.frameworkInput.name,
    complianceType: plan.frameworkInput.complianceType ?? '',
    controlSets: plan.frameworkInput.controlSets.map((s) => ({
      name: s.name,
      controls: s.controls.map((x) => {
        const c = byOurs.get(/^\$\{control:(.*)\}$/.exec(x.id)![1]!)!;
        return {
          ours: c.ours,
          name: c.input.name,
          configRules: c.input.controlMappingSources.filter((m) => m.sourceType === 'AWS_Config').map((m) => m.sourceKeyword!.keywordValue!),
          manualSources: c.input.controlMappingSources.filter((m) => m.sourceType === 'MANUAL').map((m) => `${m.sourceName}: ${m.sourceDescription ?? ''}`),
          actionPlanInstructions: c.input.actionPlanInstructions ?? '',
        };
      }),
    })),
  };
}

/** Reads a custom framework and each of its controls back from Audit Manager. */
export async function readBack(client: AuditManagerClient, frameworkId: string): Promise<FrameworkShape> {
  const f = (await client.send(new GetAssessmentFrameworkCommand({ frameworkId }))).framework!;
  const sets: FrameworkShape['controlSets'] = [];
  for (const s of f.controlSets ?? []) {
    const controls: FrameworkShape['controlSets'][number]['controls'] = [];
    for (const partial of s.controls ?? []) {
      // The framework's controls are partial: GetControl has the data sources.
      const c = (await client.send(new GetControlCommand({ controlId: partial.id! }))).control!;
      const sources = c.controlMappingSources ?? [];
      controls.push({
        ours: c.tags?.[TAG_CONTROL] ?? '',
        name: c.name ?? '',
        configRules: sources.filter((m) => m.sourceType === 'AWS_Config').map((m) => m.sourceKeyword?.keywordValue ?? ''),
        manualSources: sources.filter((m) => m.sourceType === 'MANUAL').map((m) => `${m.sourceName}: ${m.sourceDescription ?? ''}`),
        actionPlanInstructions: c.actionPlanInstructions ?? '',
      });
    }
    sets.push({ name: s.name ?? s.id ?? '', controls });
  }
  return { name: f.name ?? '', complianceType: f.complianceType ?? '', controlSets: sets };
}
