// compareTensors: an entry passes when it lies within atol + rtol * max|actual|
// of the oracle's slope interval [lower, upper].
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTensors, DEFAULT_TOLERANCE } from '../../src/numeric/compare.js';

const smooth = (actual: number[]) => {
  const grad = Float64Array.from(actual);
  return { grad, lower: grad, upper: grad, kink: new Uint8Array(actual.length) };
};
const TOL = { rtol: 1e-6, atol: 1e-8 };

describe('compareTensors', () => {
  it('passes an exact claim with zero error', () => {
    const c = compareTensors(Float64Array.of(1, -2, 0.5), smooth([1, -2, 0.5]), TOL);
    expect(c).toMatchObject({ ok: true, maxRelErr: 0, maxAbsErr: 0, nonFinite: undefined });
  });

  it('allows atol + rtol * max|actual| on every entry, measured against the largest entry', () => {
    const actual = [4, -0.5, 0];
    const allowed = TOL.atol + TOL.rtol * 4;
    for (const k of [0, 1, 2]) {
      const within = Float64Array.from(actual);
      within[k] = actual[k]! + 0.9 * allowed;
      expect(compareTensors(within, smooth(actual), TOL).ok).toBe(true);
      const beyond = Float64Array.from(actual);
      beyond[k] = actual[k]! - 1.1 * allowed;
      const c = compareTensors(beyond, smooth(actual), TOL);
      expect(c.ok).toBe(false);
      expect(c.worst).toBe(k);
      expect(c.claimed).toBe(beyond[k]);
      expect(c.actual).toBe(actual[k]);
      expect(c.maxAbsErr).toBeCloseTo(1.1 * allowed, 12);
    }
  });

  it('on an all-zero gradient only atol applies', () => {
    expect(compareTensors(Float64Array.of(0.9e-8), smooth([0]), TOL).ok).toBe(true);
    expect(compareTensors(Float64Array.of(1.1e-8), smooth([0]), TOL).ok).toBe(false);
  });

  it('ok exactly when maxRelErr <= rtol (the reported error is on the same scale as the test)', () => {
    const arb = fc.tuple(
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: -3e-5, max: 3e-5, noNaN: true }),
      fc.nat(),
    );
    fc.assert(
      fc.property(arb, ([actual, delta, at]) => {
        const claimed = Float64Array.from(actual);
        const k = at % actual.length;
        claimed[k] = actual[k]! + delta;
        const c = compareTensors(claimed, smooth(actual), TOL);
        const scale = Math.max(...actual.map(Math.abs));
        const err = Math.abs(claimed[k]! - actual[k]!);
        // Away from the boundary (rounding), the verdict is |claimed - actual| <= atol + rtol * max|actual|.
        if (Math.abs(err - (TOL.atol + TOL.rtol * scale)) > 1e-12) expect(c.ok).toBe(err <= TOL.atol + TOL.rtol * scale);
        expect(c.maxRelErr).toBeCloseTo(err / (TOL.atol / TOL.rtol + scale), 15);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('at a kink accepts any value in [lower, upper] and rejects values outside', () => {
    const oracle = { grad: Float64Array.of(0.5, 2), lower: Float64Array.of(0, 2), upper: Float64Array.of(1, 2), kink: Uint8Array.of(1, 0) };
    for (const v of [0, 0.25, 1]) expect(compareTensors(Float64Array.of(v, 2), oracle, TOL).ok).toBe(true);
    for (const v of [-0.01, 1.01]) {
      const c = compareTensors(Float64Array.of(v, 2), oracle, TOL);
      expect(c.ok).toBe(false);
      expect(c.worst).toBe(0);
    }
  });

  it('a non-finite claimed value fails and is reported, except at a kink', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const c = compareTensors(Float64Array.of(1, bad), smooth([1, 2]), TOL);
      expect(c.ok).toBe(false);
      expect(c.nonFinite).toBe(1);
    }
    const atKink = { grad: Float64Array.of(1, 0.5), lower: Float64Array.of(1, 0), upper: Float64Array.of(1, 1), kink: Uint8Array.of(0, 1) };
    const c = compareTensors(Float64Array.of(1, NaN), atKink, TOL);
    expect(c.nonFinite).toBeUndefined();
    expect(c.ok).toBe(true);
  });

  it('reports the entry that fails by the widest margin', () => {
    const c = compareTensors(Float64Array.of(1.1, 2, 2.5), smooth([1, 2, 3]), TOL);
    expect(c.ok).toBe(false);
    expect(c.worst).toBe(2);
    expect(c.maxAbsErr).toBeCloseTo(0.5, 12);
  });

  it('the default tolerance is rtol 1e-6, atol 1e-8', () => {
    expect(DEFAULT_TOLERANCE).toEqual({ rtol: 1e-6, atol: 1e-8 });
  });
});
