// Small derivations built in a test, evaluated at chosen sizes and values
// through the real pipeline (parse -> bind -> compile, via verify/instance.ts),
// and a property helper that compares them with a reference written in the test.
import fc from 'fast-check';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { Instance } from '../../src/verify/instance.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import type { Tensor } from '../../src/numeric/tensor.js';
import { expectAllClose, type Closeness } from './tensor.js';

export interface ModelSpec {
  readonly shapes: Record<string, (string | number)[]>;
  readonly forward: string[];
  readonly constants?: Record<string, number>;
  readonly domains?: Record<string, string>;
  /** Defaults to one matrix-form claim about the first declared tensor, which these tests never judge. */
  readonly gradients?: { wrt: string; steps?: string[]; result?: string; matrix?: string }[];
}

/** A derivation from a spec (JSON is YAML), checked by the real loader and binder. */
export function derivationOf(spec: ModelSpec, file = 'model.yaml'): Derivation {
  const first = Object.keys(spec.shapes)[0]!;
  const data = { name: 'model', title: 'a test model', ...spec, gradients: spec.gradients ?? [{ wrt: first, matrix: `d${first} = ${first}` }] };
  return buildDerivation(parseDerivationText(JSON.stringify(data, null, 2), file));
}

/** Runs the forward lines at `sizes` on `inputs` and returns every tensor by name. */
export function evaluate(d: Derivation, sizes: Record<string, number>, inputs: Record<string, ArrayLike<number>>): (name: string) => Tensor {
  const inst = new Instance(d, new Map(Object.entries(sizes)));
  for (const [name, values] of Object.entries(inputs)) {
    const t = inst.tensor(name);
    if (t.data.length !== values.length) throw new Error(`${name} needs ${t.data.length} values, got ${values.length}`);
    t.data.set(values);
  }
  inst.forward();
  return (name) => inst.tensor(name);
}

export type Values = Record<string, Float64Array>;

export interface ReferenceCheck {
  /** Size range of each dimension symbol. */
  readonly sizes: Record<string, readonly [number, number]>;
  /** The number of entries of each input at the drawn sizes. */
  readonly counts: (sizes: Record<string, number>) => Record<string, number>;
  /** Entry values per input; default [-3, 3]. */
  readonly ranges?: Record<string, readonly [number, number]>;
  /** The tensor compared with the reference; default the output. */
  readonly tensor?: string;
  readonly numRuns?: number;
  readonly tolerance?: Closeness;
}

const valuesArb = (n: number, [min, max]: readonly [number, number]): fc.Arbitrary<Float64Array> =>
  fc.array(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));

/**
 * Property: at random sizes and values, the compiled forward definition equals
 * `reference` (a plain-loop implementation written in the test), entry by entry.
 */
export function expectMatchesReference(d: Derivation, reference: (sizes: Record<string, number>, x: Values) => ArrayLike<number>, check: ReferenceCheck): void {
  const sizeArb = fc.record(Object.fromEntries(Object.entries(check.sizes).map(([k, [lo, hi]]) => [k, fc.integer({ min: lo, max: hi })])));
  const point = sizeArb.chain((sizes) => {
    const counts = check.counts({ ...sizes });
    const arbs = Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, valuesArb(n, check.ranges?.[name] ?? [-3, 3])]));
    return fc.record(arbs).map((values) => ({ sizes: { ...sizes }, values: { ...values } as Values }));
  });
  fc.assert(
    fc.property(point, ({ sizes, values }) => {
      const got = evaluate(d, sizes, values)(check.tensor ?? d.outputs[0]!.tensor);
      expectAllClose(got.data, reference(sizes, values), check.tolerance);
    }),
    { numRuns: check.numRuns ?? 200, seed: 20240501 },
  );
}
