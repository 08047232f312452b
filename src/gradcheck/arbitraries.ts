// Inputs for checkProperty: tensors whose shapes are built from named
// dimensions (as in derivation files), so that a failure shrinks to the
// smallest sizes, with values from the derivations' domains, shrinking
// towards simple values. They lie on a grid of tenths: float32 finite
// differences step about 5e-3 * max|x|, and values a hundredth apart would
// sit within a step of each other's kinks (a near-tie in max, relu near 0).
import fc from 'fast-check';
import { domainArbitrary, domainShapeError, parseDomain, type Domain } from '../numeric/domains.js';
import { GradcheckError } from './result.js';

/** One input's values, row-major. */
export interface TensorValue {
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
}

export interface InputsOptions {
  /** Size range [min, max] (or a fixed size) of each named dimension; default [1, 4]. */
  readonly sizes?: Readonly<Record<string, readonly [number, number] | number>>;
  /** The domain of each input: normal (default, [-3, 3]), positive, nonzero, uniform(a,b), ... as in derivation files. */
  readonly domains?: readonly string[];
}

const DEFAULT_SIZES: readonly [number, number] = [1, 4];
const GRID = 10;

/** Arbitrary inputs for f: `shapes[i]` lists input i's dimensions, each a name (drawn) or a number. */
export function inputsArbitrary(shapes: readonly (readonly (string | number)[])[], options: InputsOptions = {}): fc.Arbitrary<TensorValue[]> {
  const names = [...new Set(shapes.flat().filter((d): d is string => typeof d === 'string'))];
  for (const d of shapes.flat()) {
    if (typeof d === 'number' && !(Number.isInteger(d) && d >= 1)) throw new GradcheckError(`inputsArbitrary: a dimension must be a positive integer or a name, got ${d}`);
  }
  const ranges = Object.fromEntries(
    names.map((name) => {
      const spec = options.sizes?.[name] ?? DEFAULT_SIZES;
      const [min, max] = typeof spec === 'number' ? [spec, spec] : spec;
      if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && min <= max)) {
        throw new GradcheckError(`inputsArbitrary: sizes.${name} must be a positive integer or a range [min, max] of them, got ${JSON.stringify(spec)}`);
      }
      return [name, fc.integer({ min, max })];
    }),
  );
  const domains = shapes.map((shape, i): Domain => {
    const domain = parseDomain(options.domains?.[i] ?? 'normal');
    if (typeof domain === 'string') throw new GradcheckError(`inputsArbitrary: input ${i}: ${domain}`);
    const shapeError = domainShapeError(domain, shape);
    if (shapeError !== undefined) throw new GradcheckError(`inputsArbitrary: input ${i}: ${shapeError}`);
    return domain;
  });
  return fc.record(ranges).chain((sizes) =>
    fc.tuple(
      ...shapes.map((shape, i) => {
        const concrete = shape.map((d) => (typeof d === 'number' ? d : sizes[d]!));
        return domainArbitrary(domains[i]!, concrete, GRID).map((values): TensorValue => ({ shape: concrete, values }));
      }),
    ),
  );
}
