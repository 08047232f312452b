// The oracle's own error: rounding noise measured as an entry moves by a few
// units in the last place, and what gradientFull's estimates may be off by per
// unit of phi's rounding error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradientFull } from '../../src/numeric/finite-diff.js';
import { lineThrough, roundingNoise } from '../../src/numeric/rounding.js';

const noiseOf = (f: (x: number) => number, x0: number): number => {
  const x = Float64Array.of(x0);
  return roundingNoise(lineThrough([x], [Float64Array.of(1)]), Float64Array.of(f(x0)), (into) => (into[0] = f(x[0]!)), 1e-6)[0]!;
};

describe('roundingNoise', () => {
  it("is no more than the moved entry's own rounding where the value is computed exactly, whatever its slope", () => {
    expect(noiseOf((x) => 3 * x, 0.7)).toBeLessThan(3 * 4 * Number.EPSILON);
    expect(noiseOf((x) => 1e6 * x, -2.5)).toBeLessThan(1e6 * 2.5 * 4 * Number.EPSILON);
  });

  it('is the rounding of an intermediate: x + 1e8 rounds to units of 1.5e-8', () => {
    const noise = noiseOf((x) => x + 1e8 - 1e8, 0.3);
    expect(noise).toBeGreaterThan(1e-9);
    expect(noise).toBeLessThan(2 ** -26);
  });

  it('sees rounding that is odd in the move (batch norm over a column of equal values)', () => {
    // mean of two equal values, one moved: (a + b) / 2 rounds unless a + b is exact; the two deviations then sum to +-e.
    const b = -0.06;
    const f = (a: number): number => {
      const mu = (a + b) / 2;
      return ((a - mu) + (b - mu)) / Math.sqrt(1e-5);
    };
    expect(noiseOf(f, b)).toBeGreaterThan(1e-15);
  });

  it('sees rounding that does not depend on the entry moved when every input moves', () => {
    // a * b / c - a * (b / c): zero in exact arithmetic, rounded differently for different a, b, c.
    const v = Float64Array.of(0.37, 1.9, 0.11);
    const f = (): number => (v[0]! * v[1]!) / v[2]! - v[0]! * (v[1]! / v[2]!);
    const noise = roundingNoise(lineThrough([v], [Float64Array.of(1, -1, 1)]), Float64Array.of(f()), (into) => (into[0] = f()), 1e-6);
    expect(noise[0]).toBeGreaterThan(0);
  });

  it('leaves a jump within the moves unmeasured: it is not rounding', () => {
    expect(noiseOf((x) => (x > 1e-9 ? 1 : 0), 0)).toBe(0);
  });

  it('fits a jump or a kink at the point itself: an input placed on a switch is not noisy', () => {
    expect(noiseOf((x) => (x > 0 ? 1 : 0), 0)).toBeLessThan(1e-15);
    expect(noiseOf((x) => Math.abs(x) + 0.5, 0)).toBeLessThan(1e-15);
  });

  it('restores the inputs exactly', () => {
    const x = Float64Array.of(0.1, 0.2);
    roundingNoise(lineThrough([x], [Float64Array.of(1, -1)]), Float64Array.of(0), (into) => (into[0] = x[1]! * 3), 1e-6);
    expect(Array.from(x)).toEqual([0.1, 0.2]);
  });
});

/** A deterministic stand-in for rounding: a value in [-1, 1] that changes erratically with x. */
const jitter = (x: number): number => Math.sin(x * 1e12) * Math.cos(x * 7.3e13);

describe("gradientFull's rounding gains", () => {
  it('bound the error an evaluation error of at most delta causes, on every path (Richardson, closer steps, one-sided)', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(1e-16, 1e-13, 1e-11), (x0, delta) => {
        const x = Float64Array.of(x0);
        const g = gradientFull(x, () => Math.sin(x[0]!) + delta * jitter(x[0]!));
        // Richardson leaves an error of order h^4 on top of rounding.
        expect(Math.abs(g.grad[0]! - Math.cos(x0))).toBeLessThanOrEqual(g.rounding[0]! * delta + 1e-12);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
