// The finite-difference oracle on functions whose gradients are known in
// closed form, and its kink detection (relu at 0, ties in max).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directionalDerivative, gradientFull } from '../../src/numeric/finite-diff.js';
import { expectAllClose } from '../helpers/tensor.js';

type Phi = (x: Float64Array) => number;
/** gradientFull of f at a copy of x (phi reads the vector in place). */
const grad = (f: Phi, x: ArrayLike<number>) => {
  const v = Float64Array.from(x);
  return gradientFull(v, () => f(v));
};
const vec = (n: number, min = -3, max = 3) =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
const RUNS = { numRuns: 200, seed: 7 };

/** Smooth test functions with their gradients. */
const smooth: { name: string; f: Phi; g: (x: Float64Array) => number[] }[] = [
  { name: 'sum of squares', f: (x) => x.reduce((a, v) => a + v * v, 0), g: (x) => Array.from(x, (v) => 2 * v) },
  { name: 'sum of exp', f: (x) => x.reduce((a, v) => a + Math.exp(v), 0), g: (x) => Array.from(x, Math.exp) },
  {
    name: 'product of tanh',
    f: (x) => x.reduce((a, v) => a * Math.tanh(v), 1),
    g: (x) => Array.from(x, (_, k) => x.reduce((a, v, j) => a * (j === k ? 1 - Math.tanh(v) ** 2 : Math.tanh(v)), 1)),
  },
  {
    name: 'log-sum-exp',
    f: (x) => Math.log(x.reduce((a, v) => a + Math.exp(v), 0)),
    g: (x) => {
      const z = x.reduce((a, v) => a + Math.exp(v), 0);
      return Array.from(x, (v) => Math.exp(v) / z);
    },
  },
];

describe('gradientFull', () => {
  it.each(smooth)('matches the analytic gradient of $name, with no kink flagged', ({ f, g }) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => vec(n)), (x) => {
        const r = grad(f, x);
        const expected = g(x);
        const scale = Math.max(1, ...expected.map(Math.abs));
        expectAllClose(r.grad, expected, { rtol: 0, atol: 1e-7 * scale });
        expect(Array.from(r.kink)).toEqual(Array.from(x, () => 0));
        expect(Array.from(r.lower)).toEqual(Array.from(r.grad));
        expect(Array.from(r.upper)).toEqual(Array.from(r.grad));
      }),
      RUNS,
    );
  });

  it('is exact to rounding on linear functions, with no kink flagged, at any scale', () => {
    const linear = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(vec(n, -1e3, 1e3), vec(n, -1e3, 1e3), fc.double({ min: -1e3, max: 1e3, noNaN: true })));
    fc.assert(
      fc.property(linear, ([a, x, c]) => {
        const r = grad((v) => v.reduce((acc, vk, k) => acc + a[k]! * vk, c), x);
        expectAllClose(r.grad, a, { rtol: 1e-6, atol: 1e-6 });
        expect(r.kink.every((k) => k === 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it('differentiates rows read alongside phi from the same probes: their Jacobian, row-major', () => {
    // rows(x) = [x0 * x1, sin(x2), x0 + x1 + x2]; phi is unrelated to them.
    const rows = (x: Float64Array) => [x[0]! * x[1]!, Math.sin(x[2]!), x[0]! + x[1]! + x[2]!];
    const jacobianOf = (x: Float64Array) => [[x[1]!, x[0]!, 0], [0, 0, Math.cos(x[2]!)], [1, 1, 1]].flat();
    fc.assert(
      fc.property(vec(3), (x) => {
        const v = Float64Array.from(x);
        let evaluations = 0;
        // Linear in each entry, so its one-sided slopes agree and no kink probe is spent.
        const phi = () => (evaluations++, v[0]! * v[1]! - 2 * v[2]!);
        const r = gradientFull(v, phi, undefined, { rows: 3, read: (into) => into.set(rows(v)) });
        expectAllClose(r.jacobian, jacobianOf(x), { rtol: 0, atol: 1e-8 });
        expectAllClose(r.grad, [x[1]!, x[0]!, -2], { rtol: 0, atol: 1e-7 });
        // No evaluation of phi beyond the gradient's own: 1 at x, 4 per entry.
        expect(evaluations).toBe(1 + 4 * 3);
      }),
      RUNS,
    );
  });

  it('restores x exactly after probing', () => {
    fc.assert(
      fc.property(vec(4), (x) => {
        const v = Float64Array.from(x);
        gradientFull(v, () => Math.sin(v[0]!) * v[1]! + Math.max(v[2]!, v[3]!));
        expect(Array.from(v)).toEqual(Array.from(x));
      }),
      RUNS,
    );
  });

  it('flags relu at 0 as a kink between its one-sided slopes 0 and 1 (times the upstream factor)', () => {
    for (const c of [1, -2.5]) {
      const r = grad((x) => c * Math.max(x[0]!, 0) + 3 * x[1]!, [0, 0.7]);
      expect(Array.from(r.kink)).toEqual([1, 0]);
      expect(r.lower[0]).toBeCloseTo(Math.min(0, c), 6);
      expect(r.upper[0]).toBeCloseTo(Math.max(0, c), 6);
      expect(r.grad[1]).toBeCloseTo(3, 8);
      expect(r.lower[1]).toBe(r.grad[1]);
    }
  });

  it('does not flag relu away from 0, on either side', () => {
    for (const x0 of [-0.5, -0.01, 0.01, 2]) {
      const r = grad((x) => Math.max(x[0]!, 0), [x0]);
      expect(r.kink[0]).toBe(0);
      expect(r.grad[0]).toBeCloseTo(x0 > 0 ? 1 : 0, 8);
    }
  });

  it('flags a tie in max for both arguments, with interval [0, 1]', () => {
    const r = grad((x) => Math.max(x[0]!, x[1]!), [0.3, 0.3]);
    expect(Array.from(r.kink)).toEqual([1, 1]);
    for (const k of [0, 1]) {
      expect(r.lower[k]).toBeCloseTo(0, 6);
      expect(r.upper[k]).toBeCloseTo(1, 6);
    }
    const apart = grad((x) => Math.max(x[0]!, x[1]!), [0.3, 0.2]);
    expect(Array.from(apart.kink)).toEqual([0, 0]);
    expectAllClose(apart.grad, [1, 0], { atol: 1e-8 });
  });

  it('flags abs at 0 with interval [-1, 1]', () => {
    const r = grad((x) => Math.abs(x[0]!), [0]);
    expect(r.kink[0]).toBe(1);
    expect(r.lower[0]).toBeCloseTo(-1, 6);
    expect(r.upper[0]).toBeCloseTo(1, 6);
  });

  it('does not mistake strong curvature for a kink (exp(10 x))', () => {
    const r = grad((x) => Math.exp(10 * x[0]!), [1]);
    expect(r.kink[0]).toBe(0);
    expect(r.grad[0]! / (10 * Math.exp(10))).toBeCloseTo(1, 6);
  });
});

describe('directionalDerivative', () => {
  it('equals <grad, v> for smooth functions, with no kink flagged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(vec(n), vec(n))), ([x, v]) => {
        const { f, g } = smooth[3]!;
        const xx = Float64Array.from(x);
        const r = directionalDerivative(xx, v, () => f(xx));
        const expected = g(x).reduce((a, gk, k) => a + gk * v[k]!, 0);
        expect(Math.abs(r.value - expected)).toBeLessThan(1e-7 * Math.max(1, ...Array.from(v, Math.abs)));
        expect(r.kink).toBe(false);
        expect(Array.from(xx)).toEqual(Array.from(x));
      }),
      RUNS,
    );
  });

  it('is exact on a linear function and gives 0 along the zero direction', () => {
    const x = Float64Array.of(1, -2, 3);
    const phi = () => 2 * x[0]! - x[1]! + 0.5 * x[2]!;
    expect(directionalDerivative(x, Float64Array.of(1, 1, 1), phi).value).toBeCloseTo(1.5, 8);
    expect(directionalDerivative(x, Float64Array.of(0, 0, 0), phi)).toEqual({ value: 0, kink: false });
  });

  it('is linear in the direction: a tiny direction gives a tiny finite value, not NaN', () => {
    const x = Float64Array.of(0.5, -1);
    const phi = () => Math.exp(x[0]!) * x[1]!;
    const unit = directionalDerivative(x, Float64Array.of(1, 0), phi).value;
    expect(unit).toBeCloseTo(-Math.exp(0.5), 8);
    for (const scale of [1e-300, 5e-324, 1e300]) {
      const r = directionalDerivative(x, Float64Array.of(scale, 0), phi);
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.value / (unit * scale)).toBeCloseTo(1, scale === 5e-324 ? 0 : 8);
      expect(r.kink).toBe(false);
    }
  });

  it('flags a kink when the direction crosses relu at 0', () => {
    const x = Float64Array.of(0, 1);
    const phi = () => Math.max(x[0]!, 0) + x[1]!;
    expect(directionalDerivative(x, Float64Array.of(1, 0), phi).kink).toBe(true);
    // Along x[1] only, relu stays at its kink but is not crossed: smooth.
    const along = directionalDerivative(x, Float64Array.of(0, 1), phi);
    expect(along.kink).toBe(false);
    expect(along.value).toBeCloseTo(1, 8);
  });
});
