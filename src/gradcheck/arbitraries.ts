// Inputs for checkProperty: tensors whose shapes are built from named
// dimensions (as in derivation files), so that a failure shrinks to the
// smallest sizes, with values from the derivations' domains, shrinking
// towards simple values. They lie on a grid of tenths: float32 finite
// differences step about 5e-3 * max|x|, and values a hundredth apart would
// sit within a step of each other's kinks (a near-tie in max, relu near 0).
// Integer and boolean inputs (indices, segment ids, masks) are drawn from
// their valid range, which may be a named dimension's size, and shrink
// towards 0; gradcheck passes them through.
import fc from 'fast-check';
import { domainArbitrary, domainShapeError, parseDomain, type Domain } from '../numeric/domains.js';
import { sizeOf } from '../numeric/tensor.js';
import { GradcheckError } from './result.js';

/** One input's values, row-major. */
export interface TensorValue {
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
  /** float32 (default) is differentiated; int32 and bool are passed through. */
  readonly dtype?: 'float32' | 'int32' | 'bool';
}

export interface InputsOptions {
  /** Size range [min, max] (or a fixed size) of each named dimension; default [1, 4]. */
  readonly sizes?: Readonly<Record<string, readonly [number, number] | number>>;
  /**
   * The domain of each input: normal (default, [-3, 3]), positive, nonzero,
   * uniform(a,b), ... as in derivation files; or, for an int32 input,
   * index(D) (0 to D's size - 1, D a name or a number) or integer(a,b); bool
   * for a mask.
   */
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
  const domains = shapes.map((shape, i): Domain | Discrete => {
    const text = options.domains?.[i] ?? 'normal';
    const discrete = parseDiscrete(text, names);
    if (typeof discrete === 'string') throw new GradcheckError(`inputsArbitrary: input ${i}: ${discrete}`);
    if (discrete !== undefined) return discrete;
    const domain = parseDomain(text);
    if (typeof domain === 'string') throw new GradcheckError(`inputsArbitrary: input ${i}: ${domain}`);
    const shapeError = domainShapeError(domain, shape);
    if (shapeError !== undefined) throw new GradcheckError(`inputsArbitrary: input ${i}: ${shapeError}`);
    return domain;
  });
  return fc.record(ranges).chain((sizes) =>
    fc.tuple(
      ...shapes.map((shape, i) => {
        const concrete = shape.map((d) => (typeof d === 'number' ? d : sizes[d]!));
        const domain = domains[i]!;
        if (domain.kind !== 'discrete') return domainArbitrary(domain, concrete, GRID).map((values): TensorValue => ({ shape: concrete, values }));
        const max = typeof domain.max === 'number' ? domain.max : sizes[domain.max]! - 1;
        const entries = fc.array(fc.integer({ min: domain.min, max }), { minLength: sizeOf(concrete), maxLength: sizeOf(concrete) });
        return entries.map((values): TensorValue => ({ shape: concrete, values, dtype: domain.dtype }));
      }),
    ),
  );
}

/** An int32 or bool input's range; max may be a dimension's name (its size - 1). */
interface Discrete {
  readonly kind: 'discrete';
  readonly dtype: 'int32' | 'bool';
  readonly min: number;
  readonly max: number | string;
}

function parseDiscrete(text: string, names: readonly string[]): Discrete | string | undefined {
  const t = text.trim();
  if (t === 'bool') return { kind: 'discrete', dtype: 'bool', min: 0, max: 1 };
  const index = /^index\(\s*(\w+)\s*\)$/.exec(t);
  if (index !== null) {
    const d = index[1]!;
    if (/^\d+$/.test(d)) return Number(d) >= 1 ? { kind: 'discrete', dtype: 'int32', min: 0, max: Number(d) - 1 } : `index(${d}) needs a size of at least 1`;
    return names.includes(d) ? { kind: 'discrete', dtype: 'int32', min: 0, max: d } : `index(${d}) names no dimension of the inputs (${names.join(', ') || 'none'})`;
  }
  const integer = /^integer\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/.exec(t);
  if (integer !== null) {
    const [min, max] = [Number(integer[1]), Number(integer[2])];
    return min <= max ? { kind: 'discrete', dtype: 'int32', min, max } : `integer(a,b) needs a <= b, got ${t}`;
  }
  return undefined;
}
