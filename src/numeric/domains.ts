// Where input values are drawn from. Each domain is a fast-check arbitrary
// over a tensor of a given shape, so that a failure shrinks towards simple
// values inside the domain. "Rows" are along the last axis.
//
// Values lie on a grid of hundredths: a counterexample reads 0.25, not
// 2.2e-16, and no magnitude is so small that a kink's jump or a wrong entry
// hides below the tolerance. Kinks (relu at 0, ties in max) do get hit; the
// oracle detects them and judges a claim there against both one-sided slopes.
import fc from 'fast-check';
import { sizeOf } from './tensor.js';

export type Domain =
  | { readonly kind: 'normal' | 'positive' | 'nonzero' | 'one-hot' | 'probability' | 'symmetric' | 'spd' | 'invertible' }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number };

export const DOMAIN_NAMES = ['normal', 'positive', 'nonzero', 'one-hot', 'probability', 'symmetric', 'spd', 'invertible', 'uniform(a,b)'];

/** Parses `normal`, `uniform(-1, 2)`, ...; returns an error message for anything else. */
export function parseDomain(text: string): Domain | string {
  const t = text.trim();
  const uniform = /^uniform\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)$/.exec(t);
  if (uniform) {
    const low = Number(uniform[1]);
    const high = Number(uniform[2]);
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) return `uniform(a,b) needs finite a < b, got ${t}`;
    return { kind: 'uniform', low, high };
  }
  const names = DOMAIN_NAMES.slice(0, -1);
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

const GRID = 100;
const real = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.ceil(min * GRID), max: Math.floor(max * GRID) }).map((k) => k / GRID);

function values(n: number, arb: fc.Arbitrary<number>): fc.Arbitrary<Float64Array> {
  return fc.array(arb, { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
}

export function domainArbitrary(domain: Domain, shape: readonly number[]): fc.Arbitrary<Float64Array> {
  const n = sizeOf(shape);
  const row = shape.at(-1) ?? 1;
  const square = shape[0] ?? 1;
  switch (domain.kind) {
    case 'normal':
      return values(n, real(-3, 3));
    case 'positive':
      return values(n, real(0.1, 3));
    case 'nonzero':
      return fc
        .tuple(values(n, real(0.1, 3)), fc.array(fc.boolean(), { minLength: n, maxLength: n }))
        .map(([mag, neg]) => mag.map((m, k) => (neg[k] ? -m : m)));
    case 'uniform':
      return values(n, real(domain.low, domain.high));
    case 'probability':
      return values(n, real(0.05, 1)).map((v) => {
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
      return values(n, real(-3, 3)).map((a) => {
        const v = new Float64Array(n);
        for (let i = 0; i < square; i++) for (let j = 0; j < square; j++) v[i * square + j] = (a[i * square + j]! + a[j * square + i]!) / 2;
        return v;
      });
    case 'spd':
      // A A^T + m I: symmetric with eigenvalues at least m.
      return values(n, real(-1, 1)).map((a) => {
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
      return values(n, real(-1, 1)).map((a) => {
        const v = Float64Array.from(a);
        for (let i = 0; i < square; i++) v[i * square + i] = (a[i * square + i]! >= 0 ? 1 : -1) * (square + 1);
        return v;
      });
  }
}
