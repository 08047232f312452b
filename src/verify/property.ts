// The property test: a gradient's claims hold at random sizes and values
// drawn from the declared domains. fast-check shrinks a failure to the
// smallest sizes and simplest values, and its seed replays the run.
import fc from 'fast-check';
import { InputError } from '../notation/errors.js';
import { dimSize } from '../notation/shapes.js';
import { domainArbitrary } from '../numeric/domains.js';
import type { Derivation, GradientSpec } from './derivation.js';
import { checkGradientAt, type Point, type PointVerdict } from './point.js';

export interface PropertyOptions {
  readonly runs: number;
  readonly seed: number;
}

export interface PropertyOutcome {
  readonly ok: boolean;
  readonly cases: number;
  readonly seed: number;
  readonly shrinks: number;
  /** The largest relative error seen over all cases. */
  readonly maxRelErr: number;
  /** The shrunk failing point and what the claims give there. */
  readonly counterexample: { readonly point: Point; readonly verdict: PointVerdict } | undefined;
}

export function pointArbitrary(d: Derivation): fc.Arbitrary<Point> {
  const sizeRecord = Object.fromEntries([...d.dimensions].map(([dim, [low, high]]) => [dim, fc.integer({ min: low, max: high })]));
  return fc
    .record(sizeRecord)
    .map((record) => new Map(Object.entries(record)))
    .filter((sizes) => [...d.tensors.values()].every((dims) => dims.every((dim) => dimSize(dim, sizes) >= 1)))
    .chain((sizes) => {
      const shapeOf = (name: string): number[] => d.tensors.get(name)!.map((dim) => dimSize(dim, sizes));
      const inputs = [...d.inputs].map(([name, domain]) => domainArbitrary(domain, shapeOf(name)));
      // A scalar output's upstream gradient is 1 (checkGradientAt sets it): draw none, so none is reported.
      const upstreamShape = shapeOf(d.upstream);
      const upstream = upstreamShape.length === 0 ? fc.constant(new Float64Array(0)) : domainArbitrary({ kind: 'normal' }, upstreamShape);
      return fc.tuple(fc.tuple(...inputs), upstream).map(
        ([values, up]): Point => ({
          sizes,
          inputs: new Map([...d.inputs.keys()].map((name, k) => [name, values[k]!])),
          upstream: up,
        }),
      );
    });
}

export function checkProperty(d: Derivation, g: GradientSpec, options: PropertyOptions): PropertyOutcome {
  let maxRelErr = 0;
  const property = fc.property(pointArbitrary(d), (point) => {
    try {
      const verdict = checkGradientAt(d, g, point);
      if (verdict.ok) maxRelErr = Math.max(maxRelErr, verdict.maxRelErr);
      return verdict.ok;
    } catch (err) {
      if (err instanceof InputError) return false; // shrunk like a failure, then reported as bad input below
      throw err;
    }
  });
  const run = fc.check(property, { numRuns: options.runs, seed: options.seed });
  if (!run.failed) return { ok: true, cases: run.numRuns, seed: run.seed, shrinks: 0, maxRelErr, counterexample: undefined };
  if (run.counterexample === null) throw run.errorInstance;
  const [point] = run.counterexample;
  return {
    ok: false,
    cases: run.numRuns,
    seed: run.seed,
    shrinks: run.numShrinks,
    maxRelErr,
    counterexample: { point, verdict: checkGradientAt(d, g, point) },
  };
}
