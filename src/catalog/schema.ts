// The YAML format of a framework catalog, validated at load (DESIGN habit 3).
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);

/**
 * Why a check evidences a control, and which public mapping (or this project) pairs them. An
 * auditor reads the rationale next to the check, so it is one line.
 */
export const CheckPairSchema = z
  .object({
    check: nonEmpty,
    source: nonEmpty,
    rationale: nonEmpty.refine((s) => !s.includes('\n'), 'a rationale is one line'),
  })
  .strict();
export type CheckPair = { check: string; source?: string; rationale?: string };

/** NIST SP 800-53B baselines (plus the privacy baseline) a control can belong to. */
export const BASELINES = ['low', 'moderate', 'high', 'privacy'] as const;
export type Baseline = (typeof BASELINES)[number];

export const ControlSchema = z
  .object({
    id: nonEmpty,
    title: nonEmpty,
    description: z.string().optional(),
    section: z.string().optional(),
    /** A check id, or a check with its source and rationale (built-in catalogs always give both). */
    checks: z.array(z.union([nonEmpty, CheckPairSchema])).default([]),
    manual: z.boolean().default(false),
    /** What a person must attest (required for manual controls). */
    guidance: z.string().optional(),
    /**
     * What a person must attest besides the automated checks: the control is "partly automated".
     * Only for controls that have checks; a control without checks is manual and uses guidance.
     */
    attestation: z.string().trim().min(1).optional(),
    /** Where the control-to-check mapping comes from. */
    mappingSource: z.string().optional(),
    /** Id of the control this one refines (a NIST enhancement's base control, a HIPAA standard…). */
    parent: nonEmpty.optional(),
    /** Control family (NIST: the two-letter family id, e.g. AC). */
    family: nonEmpty.optional(),
    /** Baselines the control belongs to (NIST SP 800-53B), so a user can select one. */
    baselines: z.array(z.enum(BASELINES)).optional(),
    /** HIPAA Security Rule: a required or an addressable implementation specification or standard. */
    requirement: z.enum(['required', 'addressable']).optional(),
    /** ISO/IEC 27001:2022 Annex A theme. */
    theme: nonEmpty.optional(),
    /** SOC 2 Trust Services category. */
    category: nonEmpty.optional(),
  })
  .strict()
  .transform(({ checks, ...rest }) => {
    const pairs: CheckPair[] = checks.map((k) => (typeof k === 'string' ? { check: k } : k));
    return { ...rest, checks: pairs.map((p) => p.check), pairs };
  })
  .superRefine((c, ctx) => {
    if (c.checks.length === 0 && !c.manual) {
      ctx.addIssue({ code: 'custom', message: 'a control needs at least one check, or manual: true with guidance', path: ['checks'] });
    }
    if (c.manual && !c.guidance?.trim()) {
      ctx.addIssue({ code: 'custom', message: 'a manual control needs guidance saying what to attest', path: ['guidance'] });
    }
    if (c.attestation !== undefined && c.checks.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'attestation is for controls with checks (partly automated); a control without checks is manual: true with guidance', path: ['attestation'] });
    }
    if (new Set(c.checks).size !== c.checks.length) {
      ctx.addIssue({ code: 'custom', message: 'a check is listed twice', path: ['checks'] });
    }
    if (c.baselines && new Set(c.baselines).size !== c.baselines.length) {
      ctx.addIssue({ code: 'custom', message: 'a baseline is listed twice', path: ['baselines'] });
    }
    if (c.parent !== undefined && c.parent === c.id) {
      ctx.addIssue({ code: 'custom', message: 'a control cannot be its own parent', path: ['parent'] });
    }
  });

const controls = z.array(ControlSchema);

export const FrameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lowercase letters, digits, dots and dashes'),
    name: nonEmpty,
    version: z.union([z.string(), z.number()]).transform(String),
    description: z.string().optional(),
    source: z.string().optional(),
    /**
     * The AWS Config sample conformance pack (awslabs/aws-config-rules template file name) whose
     * rules this framework's automated checks cover; the meta-tests hold the catalog to it.
     */
    conformancePack: nonEmpty.optional(),
    /** More YAML files, relative to this one, each `controls: [...]`, appended in order. */
    include: z.array(nonEmpty).optional(),
    controls: controls.default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.controls.length === 0 && !f.include?.length) {
      ctx.addIssue({ code: 'custom', message: 'a framework needs at least one control (in controls, or in files listed in include)', path: ['controls'] });
    }
    if (f.include && new Set(f.include).size !== f.include.length) {
      ctx.addIssue({ code: 'custom', message: 'a file is included twice', path: ['include'] });
    }
  });

/** A file named in a framework's `include` list. */
export const ControlsFileSchema = z.object({ controls: controls.min(1) }).strict();

/** A control; `pairs` (each check with its source and rationale) is set whenever it was loaded from YAML. */
export type Control = Omit<z.infer<typeof ControlSchema>, 'pairs'> & { pairs?: CheckPair[] };
export type Framework = Omit<z.infer<typeof FrameworkSchema>, 'include' | 'controls'> & { controls: Control[] };

/** How a control is evidenced: only by checks, by checks plus an attestation, or only by attestation. */
export type ControlKind = 'automated' | 'partial' | 'manual';

export function controlKind(c: Pick<Control, 'checks' | 'attestation' | 'manual'>): ControlKind {
  if (c.checks.length === 0) return 'manual';
  return c.attestation !== undefined || c.manual ? 'partial' : 'automated';
}

export const KIND_LABEL: Record<ControlKind, string> = { automated: 'automated', partial: 'partly automated', manual: 'manual' };
