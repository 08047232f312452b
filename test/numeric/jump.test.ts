// The oracle tells a jump of the function from a kink of its slope, and a
// jump from a pole.
import { describe, expect, it } from 'vitest';
import { gradientFull } from '../../src/numeric/finite-diff.js';

const at = (f: (x: number) => number, x0: number) => {
  const x = Float64Array.of(x0);
  return gradientFull(x, () => f(x[0]!));
};

describe('gradientFull at non-smooth points', () => {
  it('a jump (floor at an integer) holds no slope against the claim', () => {
    const g = at(Math.floor, 2);
    expect(g.kink[0]).toBe(1);
    expect([g.lower[0], g.upper[0]]).toEqual([-Infinity, Infinity]);
  });

  it('a kink (abs at 0) keeps the one-sided slopes as bounds', () => {
    const g = at(Math.abs, 0);
    expect(g.kink[0]).toBe(1);
    expect(g.lower[0]).toBeCloseTo(-1, 6);
    expect(g.upper[0]).toBeCloseTo(1, 6);
  });

  it('a jump plus a kink (floor + relu at 0) is a jump', () => {
    const g = at((x) => Math.floor(x) + Math.max(x, 0), 0);
    expect([g.lower[0], g.upper[0]]).toEqual([-Infinity, Infinity]);
  });

  it('away from them, the slope is exact', () => {
    const g = at(Math.floor, 2.5);
    expect(g.kink[0]).toBe(0);
    expect(g.lower[0]).toBe(0);
  });
});

describe('gradientFull tells discontinuities apart', () => {
  it('a jump whose value at the point is halfway (sign at 0) is a jump, though its one-sided slopes agree', () => {
    const g = at(Math.sign, 0);
    expect(g.discontinuity).toEqual(['jump']);
    expect([g.lower[0], g.upper[0]]).toEqual([-Infinity, Infinity]);
  });

  it('a removable discontinuity (only the value at the point differs) is a jump too: the function has no slope there', () => {
    expect(at((x) => (x === 0 ? 5 : x), 0).discontinuity).toEqual(['jump']);
    expect(at((x) => (x > 0 ? 1 : 0), 0).discontinuity).toEqual(['jump']);
  });

  it('a pole within the step (1/x at 1e-7, tan at pi/2) is a pole', () => {
    expect(at((x) => 1 / x, 1e-7).discontinuity).toEqual(['pole']);
    expect(at(Math.tan, Math.PI / 2).discontinuity).toEqual(['pole']);
  });

  it('smooth points, kinks and poles out of reach are none', () => {
    expect(at(Math.floor, 2.5).discontinuity).toEqual(['none']);
    expect(at(Math.abs, 0).discontinuity).toEqual(['none']);
    expect(at((x) => 1 / x, 0.01).discontinuity).toEqual(['none']);
    expect(at(Math.tan, 1.57).discontinuity).toEqual(['none']);
  });
});
