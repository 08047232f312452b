// Every domain's samples have the property the domain promises. Each property
// checker is first shown to reject a sample that lacks the property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domainArbitrary, domainShapeError, parseDomain, type Domain } from '../../src/numeric/domains.js';

const sample = (domain: Domain, shape: number[], numRuns = 150): Float64Array[] => fc.sample(domainArbitrary(domain, shape), { numRuns, seed: 5 });
const rows = (v: Float64Array, width: number): number[][] =>
  Array.from({ length: v.length / width }, (_, r) => Array.from(v.subarray(r * width, (r + 1) * width)));

// ---- property checkers (independent of the implementation) ----
const onGrid = (v: Float64Array): boolean => v.every((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-9);
const rowsSumToOne = (v: Float64Array, w: number): boolean => rows(v, w).every((r) => r.every((x) => x > 0) && Math.abs(r.reduce((a, b) => a + b, 0) - 1) < 1e-12);
const oneHotRows = (v: Float64Array, w: number): boolean => rows(v, w).every((r) => r.filter((x) => x === 1).length === 1 && r.filter((x) => x === 0).length === w - 1);
const symmetric = (v: Float64Array, n: number): boolean => {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (v[i * n + j] !== v[j * n + i]) return false;
  return true;
};
/** The pivots of a Cholesky factorisation, all positive exactly when a symmetric matrix is positive definite. */
function choleskyPivots(v: Float64Array, n: number): number[] {
  const l = new Float64Array(n * n);
  const pivots: number[] = [];
  for (let j = 0; j < n; j++) {
    let d = v[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    pivots.push(d);
    if (d <= 0) return pivots;
    l[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = v[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / l[j * n + j]!;
    }
  }
  return pivots;
}
/** The determinant by Gaussian elimination with partial pivoting. */
function det(v: Float64Array, n: number): number {
  const a = Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * n, (i + 1) * n)));
  let d = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (a[p]![c] === 0) return 0;
    if (p !== c) {
      [a[p], a[c]] = [a[c]!, a[p]!];
      d = -d;
    }
    d *= a[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return d;
}

describe('the property checkers reject samples without the property', () => {
  it('each checker says no to a counterexample', () => {
    expect(onGrid(Float64Array.of(0.25, 0.125))).toBe(false);
    expect(rowsSumToOne(Float64Array.of(0.5, 0.6), 2)).toBe(false);
    expect(rowsSumToOne(Float64Array.of(1.5, -0.5), 2)).toBe(false);
    expect(oneHotRows(Float64Array.of(1, 1, 0, 0), 2)).toBe(false);
    expect(oneHotRows(Float64Array.of(0.5, 0.5), 2)).toBe(false);
    expect(symmetric(Float64Array.of(1, 2, 3, 4), 2)).toBe(false);
    expect(choleskyPivots(Float64Array.of(1, 2, 2, 1), 2).every((p) => p > 0)).toBe(false); // eigenvalues 3 and -1
    expect(det(Float64Array.of(1, 2, 2, 4), 2)).toBe(0);
    expect(det(Float64Array.of(0, 1, 1, 0), 2)).toBe(-1);
  });
});

describe('domainArbitrary', () => {
  const shapes = [[1], [4], [2, 3], [3, 1], [2, 2, 3]];

  it('normal: finite values on a grid of hundredths', () => {
    for (const shape of shapes) {
      for (const v of sample({ kind: 'normal' }, shape)) {
        expect(v.length).toBe(shape.reduce((a, b) => a * b, 1));
        expect(onGrid(v)).toBe(true);
        expect(v.every((x) => Number.isFinite(x))).toBe(true);
      }
    }
  });

  it('positive: every value > 0; nonzero: every value != 0', () => {
    for (const shape of shapes) {
      for (const v of sample({ kind: 'positive' }, shape)) expect(v.every((x) => x > 0)).toBe(true);
      const nz = sample({ kind: 'nonzero' }, shape);
      for (const v of nz) expect(v.every((x) => x !== 0 && Number.isFinite(x))).toBe(true);
      // and both signs occur
      expect(nz.some((v) => v.some((x) => x < 0)) && nz.some((v) => v.some((x) => x > 0))).toBe(true);
    }
  });

  it('uniform(a,b): every value in [a, b]', () => {
    for (const [low, high] of [[-1, 2], [0.5, 0.75], [-0.01, 0.01], [10, 20]] as const) {
      for (const v of sample({ kind: 'uniform', low, high }, [2, 3])) expect(v.every((x) => x >= low && x <= high)).toBe(true);
    }
  });

  it('probability: positive rows (along the last axis) that sum to 1', () => {
    for (const shape of shapes) for (const v of sample({ kind: 'probability' }, shape)) expect(rowsSumToOne(v, shape.at(-1)!)).toBe(true);
  });

  it('one-hot: each row has a single 1 and zeros elsewhere', () => {
    for (const shape of shapes) for (const v of sample({ kind: 'one-hot' }, shape)) expect(oneHotRows(v, shape.at(-1)!)).toBe(true);
  });

  it('symmetric: A = A^T', () => {
    for (const n of [1, 2, 3, 4]) for (const v of sample({ kind: 'symmetric' }, [n, n])) expect(symmetric(v, n)).toBe(true);
  });

  it('spd: symmetric with positive Cholesky pivots', () => {
    for (const n of [1, 2, 3, 4]) {
      for (const v of sample({ kind: 'spd' }, [n, n])) {
        expect(symmetric(v, n)).toBe(true);
        expect(Math.min(...choleskyPivots(v, n))).toBeGreaterThan(1e-9);
      }
    }
  });

  it('invertible: a nonzero determinant', () => {
    for (const n of [1, 2, 3, 4]) for (const v of sample({ kind: 'invertible' }, [n, n])) expect(Math.abs(det(v, n))).toBeGreaterThan(1e-6);
  });

  it('shrinks towards simple values: the simplest normal tensor is all zeros', () => {
    // fast-check's first sample at size "xsmall" need not be zero, but the shrink target is.
    const r = fc.check(fc.property(domainArbitrary({ kind: 'normal' }, [2, 2]), () => false), { seed: 3 });
    expect(r.failed).toBe(true);
    expect(Array.from(r.counterexample![0] as Float64Array)).toEqual([0, 0, 0, 0]);
  });
});

describe('parseDomain and domainShapeError', () => {
  it.each(['normal', 'positive', 'nonzero', 'one-hot', 'probability', 'symmetric', 'spd', 'invertible', ' spd '])('accepts %s', (name) => {
    expect(parseDomain(name)).toEqual({ kind: name.trim() });
  });

  it('parses uniform(a,b) with its bounds', () => {
    expect(parseDomain('uniform(-1, 2)')).toEqual({ kind: 'uniform', low: -1, high: 2 });
    expect(parseDomain('uniform(0.5,1e1)')).toEqual({ kind: 'uniform', low: 0.5, high: 10 });
  });

  it.each([
    ['gaussian', 'unknown domain "gaussian"'],
    ['Normal', 'unknown domain'],
    ['uniform(2, 1)', 'needs finite a < b'],
    ['uniform(1, 1)', 'needs finite a < b'],
    ['uniform(1e999, 2e999)', 'needs finite a < b'],
    ['uniform(0.001, 0.009)', 'there are none'],
    ['uniform(a, b)', 'unknown domain'],
    ['uniform(1)', 'unknown domain'],
  ])('rejects %s with a message', (text, message) => {
    const r = parseDomain(text);
    expect(typeof r).toBe('string');
    expect(r).toContain(message);
  });

  it('square-matrix domains need a square matrix; row domains need an axis', () => {
    for (const kind of ['symmetric', 'spd', 'invertible'] as const) {
      expect(domainShapeError({ kind }, ['N', 'N'])).toBeUndefined();
      expect(domainShapeError({ kind }, [3, 3])).toBeUndefined();
      expect(domainShapeError({ kind }, ['N', 'M'])).toMatch(/needs a square matrix/);
      expect(domainShapeError({ kind }, ['N'])).toMatch(/needs a square matrix/);
    }
    for (const kind of ['one-hot', 'probability'] as const) {
      expect(domainShapeError({ kind }, ['S', 'C'])).toBeUndefined();
      expect(domainShapeError({ kind }, [])).toMatch(/at least one axis/);
    }
    expect(domainShapeError({ kind: 'normal' }, [])).toBeUndefined();
  });
});
