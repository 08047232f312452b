// Where input values are drawn from. Each domain is a fast-check arbitrary
// over a tensor of a given shape, so that a failure shrinks towards simple
// values inside the domain. "Rows" are along the last axis.
//
// Values lie on a grid of hundredths: a counterexample reads 0.25, not
// 2.2e-16, and no magnitude is so small that a kink's jump or a wrong entry
// hides below the tolerance. Kinks (relu at 0, ties in max) do get hit; the
// oracle detects them and judges a claim there against both one-sided slopes.
//
// Tensors of more than BULK_ENTRIES entries (production sizes, --sizes) are
// the exception: their values are continuous, drawn from a seeded generator
// (only the seed shrinks). fast-check's per-value generation would cost about
// a second per million values, and a grid would put hundreds of entries
// exactly on relu's kink, where fast mode's single direction cannot judge.
import fc from 'fast-check';
import { seededRandom } from './direction.js';
import { sizeOf } from './tensor.js';

export type Domain =
  | { readonly kind: 'normal' | 'positive' | 'nonzero' | 'one-hot' | 'probability' | 'symmetric' | 'spd' | 'invertible' }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  /** Whole numbers 0 .. size of `dim` - 1: a tensor of indices into that dimension. */
  | { readonly kind: 'index'; readonly dim: string };

export const DOMAIN_NAMES = ['normal', 'positive', 'nonzero', 'one-hot', 'probability', 'symmetric', 'spd', 'invertible', 'uniform(a,b)', 'index(D)'];

/** Parses `normal`, `uniform(-1, 2)`, ...; returns an error message for anything else. */
export function parseDomain(text: string): Domain | string {
  const t = text.trim();
  const uniform = /^uniform\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)$/.exec(t);
  if (uniform) {
    const low = Number(uniform[1]);
    const high = Number(uniform[2]);
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) return `uniform(a,b) needs finite a < b, got ${t}`;
    if (Math.ceil(low * GRID) > Math.floor(high * GRID)) return `uniform(a,b) draws multiples of ${1 / GRID}, and there are none in ${t}`;
    return { kind: 'uniform', low, high };
  }
  const index = /^index\(\s*([A-Z][A-Za-z0-9_]*)\s*\)$/.exec(t);
  if (index) return { kind: 'index', dim: index[1]! };
  const names = DOMAIN_NAMES.slice(0, -2);
  if (names.includes(t)) return { kind: t } as Domain;
  return `unknown domain ${JSON.stringify(t)}; expected one of ${DOMAIN_NAMES.join(', ')}`;
}

/** The domains that need a square matrix, with the reason for the message. */
export function domainShapeError(domain: Domain, shape: readonly (string | number)[]): string | undefined {
  if (domain.kind === 'symmetric' || domain.kind === 'spd' || domain.kind === 'invertible') {
    if (shape.length !== 2 || shape[0] !== shape[1]) return `domain ${domain.kind} needs a square matrix, got shape [${shape.join(', ')}]`;
  }
  if ((domain.kind === 'one-hot' || domain.kind === 'probability') && shape.length === 0) {
    return `domain ${domain.kind} needs at least one axis (rows run along the last one)`;
  }
  return undefined;
}

export const GRID = 100;
export const BULK_ENTRIES = 4096;

const real = (min: number, max: number, grid: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.ceil(min * grid), max: Math.floor(max * grid) }).map((k) => k / grid);

/** n values in [min, max]: on the grid (1/grid apart), or continuous in bulk; with random signs when `signed`. */
function values(n: number, min: number, max: number, grid: number, signed = false): fc.Arbitrary<Float64Array> {
  if (n > BULK_ENTRIES) {
    return fc.integer().map((seed) => {
      const random = seededRandom(seed);
      // A loop, not Float64Array.from with a callback: at a million entries the generic path costs more than the draws.
      const v = new Float64Array(n);
      for (let k = 0; k < n; k++) v[k] = (signed && random() < 0.5 ? -1 : 1) * (min + (max - min) * random());
      return v;
    });
  }
  const onGrid = fc.array(real(min, max, grid), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
  if (!signed) return onGrid;
  return fc.tuple(onGrid, fc.array(fc.boolean(), { minLength: n, maxLength: n })).map(([mag, neg]) => mag.map((m, k) => (neg[k] ? -m : m)));
}

/** `grid`: values are multiples of 1/grid (hundredths by default); `sizes` give index domains their range. */
export function domainArbitrary(domain: Domain, shape: readonly number[], grid = GRID, sizes: ReadonlyMap<string, number> = new Map()): fc.Arbitrary<Float64Array> {
  const n = sizeOf(shape);
  const row = shape.at(-1) ?? 1;
  const square = shape[0] ?? 1;
  switch (domain.kind) {
    case 'normal':
      return values(n, -3, 3, grid);
    case 'positive':
      return values(n, 0.1, 3, grid);
    case 'nonzero':
      return values(n, 0.1, 3, grid, true);
    case 'uniform':
      return values(n, domain.low, domain.high, grid);
    case 'index': {
      const size = sizes.get(domain.dim);
      if (size === undefined) throw new Error(`index(${domain.dim}) drawn without a size for ${domain.dim}`);
      // Shrinks towards index 0.
      return fc.array(fc.nat(size - 1), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
    }
    case 'probability':
      return values(n, 0.05, 1, grid).map((v) => {
        for (let r = 0; r < n; r += row) {
          let total = 0;
          for (let k = r; k < r + row; k++) total += v[k]!;
          for (let k = r; k < r + row; k++) v[k] = v[k]! / total;
        }
        return v;
      });
    case 'one-hot':
      return fc.array(fc.nat(row - 1), { minLength: n / row, maxLength: n / row }).map((hot) => {
        const v = new Float64Array(n);
        hot.forEach((h, r) => (v[r * row + h] = 1));
        return v;
      });
    case 'symmetric':
      return values(n, -3, 3, grid).map((a) => {
        const v = new Float64Array(n);
        for (let i = 0; i < square; i++) for (let j = 0; j < square; j++) v[i * square + j] = (a[i * square + j]! + a[j * square + i]!) / 2;
        return v;
      });
    case 'spd':
      // A A^T + m I: symmetric with eigenvalues at least m.
      return values(n, -1, 1, grid).map((a) => {
        const v = new Float64Array(n);
        for (let i = 0; i < square; i++) {
          for (let j = 0; j < square; j++) {
            let s = i === j ? square : 0;
            for (let k = 0; k < square; k++) s += a[i * square + k]! * a[j * square + k]!;
            v[i * square + j] = s;
          }
        }
        return v;
      });
    case 'invertible':
      // Strictly diagonally dominant, hence invertible (Levy–Desplanques).
      return values(n, -1, 1, grid).map((a) => {
        const v = Float64Array.from(a);
        for (let i = 0; i < square; i++) v[i * square + i] = (a[i * square + i]! >= 0 ? 1 : -1) * (square + 1);
        return v;
      });
  }
}
