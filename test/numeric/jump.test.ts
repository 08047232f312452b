// The oracle tells a jump of the function from a kink of its slope.
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
