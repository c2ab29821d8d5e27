// The YAML format of a framework catalog, validated at load (DESIGN habit 3).
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);

export const ControlSchema = z
  .object({
    id: nonEmpty,
    title: nonEmpty,
    description: z.string().optional(),
    section: z.string().optional(),
    checks: z.array(nonEmpty).default([]),
    manual: z.boolean().default(false),
    /** What a person must attest (required for manual controls). */
    guidance: z.string().optional(),
    /** Where the control-to-check mapping comes from. */
    mappingSource: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.checks.length === 0 && !c.manual) {
      ctx.addIssue({ code: 'custom', message: 'a control needs at least one check, or manual: true with guidance', path: ['checks'] });
    }
    if (c.manual && !c.guidance?.trim()) {
      ctx.addIssue({ code: 'custom', message: 'a manual control needs guidance saying what to attest', path: ['guidance'] });
    }
    if (new Set(c.checks).size !== c.checks.length) {
      ctx.addIssue({ code: 'custom', message: 'a check is listed twice', path: ['checks'] });
    }
  });

export const FrameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lowercase letters, digits, dots and dashes'),
    name: nonEmpty,
    version: z.union([z.string(), z.number()]).transform(String),
    description: z.string().optional(),
    source: z.string().optional(),
    controls: z.array(ControlSchema).min(1),
  })
  .strict();

export type Control = z.infer<typeof ControlSchema>;
export type Framework = z.infer<typeof FrameworkSchema>;
