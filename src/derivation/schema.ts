// The schema of a derivation file (the fields README's "Writing a derivation"
// describes). Field-level checks only;
// the expressions inside are checked by the notation module.
import { z } from 'zod';

const dim = z.union([z.string().min(1), z.number().int().positive()]);
const expression = z.string().min(1, 'expected an expression');
const sizeRange = z.union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.number().int().positive()])]);

const gradientFields = z.strictObject({
  wrt: z.string().min(1),
  steps: z.array(expression).optional(),
  result: expression.optional(),
  matrix: expression.optional(),
});

const gradient = gradientFields
  .refine((g) => g.steps !== undefined || g.result !== undefined || g.matrix !== undefined, {
    message: 'a gradient needs at least one of steps, result or matrix',
  });

/** E[of] over one random variable equals `equals`, for every drawn value of the parameters. */
const expectation = z.strictObject({
  of: expression,
  over: z.record(z.string(), expression).refine((o) => Object.keys(o).length === 1, {
    message: 'over names exactly one random variable, e.g. {f: normal(0, sigma)}',
  }),
  equals: expression,
});

const fields = {
  name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'name must be kebab-case, e.g. linear-backward'),
  title: z.string().min(1),
  source: z.string().optional(),
  description: z.string().optional(),
  shapes: z.record(z.string(), z.array(dim)).optional(),
  domains: z.record(z.string(), z.string()).optional(),
  constants: z.record(z.string(), z.number()).optional(),
  /** Size ranges for the property test, per dimension symbol; 1–4 otherwise. */
  sizes: z.record(z.string(), sizeRange).optional(),
  /** LaTeX spellings of tensors, constants and functions (`xt: '\\tilde{x}'`), for derivations read from LaTeX. */
  symbols: z.record(z.string(), z.string()).optional(),
  /** In LaTeX, what two matrices side by side mean: the matrix product (default) or the element-wise one. */
  juxtaposition: z.enum(['matrix', 'elementwise']).optional(),
  tolerance: z.strictObject({ rtol: z.number().positive().optional(), atol: z.number().positive().optional() }).optional(),
  forward: z.array(expression).min(1, 'forward needs at least one line').optional(),
  /** The tensors the forward returns, each with its own upstream gradient; the last forward line's by default. */
  outputs: z.array(z.string().min(1)).min(1, 'outputs names at least one tensor').optional(),
  gradients: z.array(gradient).min(1, 'gradients needs at least one entry').optional(),
  /** Scalar parameters of expectation identities, each with the domain its values are drawn from. */
  parameters: z.record(z.string(), z.string()).optional(),
  expectations: z.array(expectation).min(1, 'expectations needs at least one entry').optional(),
};

export const derivationSchema = z
  .strictObject(fields)
  .refine((d) => d.expectations !== undefined || (d.forward !== undefined && d.gradients !== undefined && d.shapes !== undefined), {
    message: 'a derivation needs shapes, forward and gradients, or expectations',
  })
  .refine((d) => (d.forward === undefined) === (d.gradients === undefined), {
    message: 'forward and gradients go together',
  });

export type DerivationData = z.infer<typeof derivationSchema>;

/**
 * What `derive` reads: the same file, but a gradient may be just its wrt
 * (derive finds the claims) and gradients may be left out (--wrt names them).
 */
export const deriveInputSchema = z.strictObject({
  ...fields,
  shapes: z.record(z.string(), z.array(dim)),
  forward: z.array(expression).min(1, 'forward needs at least one line'),
  gradients: z.array(gradientFields).optional(),
});
