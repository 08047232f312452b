// The function registry: every entry's partial derivatives, as the language
// writes them, agree with finite differences of its float64 definition at
// random points away from its listed non-smooth points.
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../src/notation/functions.js';
import { parseExpr } from '../../src/notation/parse.js';
import { SourceText } from '../../src/notation/errors.js';
import { compileScalar } from '../helpers/scalar.js';
import { seededRandom } from '../../src/numeric/direction.js';

/** Points closer than this to a non-smooth point are not probed: the step would straddle it. */
const CLEARANCE = 0.05;
const POINTS = 300;

/** Central difference with one Richardson step. */
function slope(f: (x: number) => number, x: number): number {
  const h = 1e-4 * Math.max(1, Math.abs(x));
  const d = (s: number): number => (f(x + s) - f(x - s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
}

describe('function registry', () => {
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    it(`${name}: its partial derivatives agree with finite differences`, () => {
      const random = seededRandom(name.length * 7919 + name.charCodeAt(0));
      const partials = fn.derivatives.map((d) => compileScalar(d, ['a', 'b']));
      let probed = 0;
      for (let k = 0; k < POINTS; k++) {
        const [a, b] = [8 * random() - 4, 8 * random() - 4];
        const inside = fn.defined ?? (() => true);
        if (!inside(a, b) || !inside(a - CLEARANCE, b - CLEARANCE) || !inside(a + CLEARANCE, b + CLEARANCE)) continue;
        if ((fn.nonSmooth ?? []).some((p) => p.distance(a, b) < CLEARANCE)) continue;
        probed++;
        expect(Number.isFinite(fn.apply(a, b)), `${name}(${a}, ${b}) is finite`).toBe(true);
        partials.forEach((partial, arg) => {
          const moved = (x: number): number => (arg === 0 ? fn.apply(x, b) : fn.apply(a, x));
          const want = slope(moved, arg === 0 ? a : b);
          const got = partial(a, b);
          expect(Math.abs(got - want), `d${name}/d${'ab'[arg]} at (${a}, ${b}): ${got} vs ${want}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want)));
        });
      }
      expect(probed).toBeGreaterThan(POINTS / 10);
    });
  }

  it('each entry has a partial per argument, or none (derive then says it cannot)', () => {
    for (const [name, fn] of Object.entries(FUNCTIONS)) {
      expect([0, fn.arity], name).toContain(fn.derivatives.length);
    }
  });

  it('each entry parses as a call of its arity, and a wrong number of arguments is refused', () => {
    for (const [name, fn] of Object.entries(FUNCTIONS)) {
      const args = ['x', 'y', 'z'].slice(0, fn.arity).join(', ');
      expect(parseExpr(SourceText.detached(`${name}(${args})`))).toMatchObject({ kind: 'call', fn: name });
      expect(() => parseExpr(SourceText.detached(`${name}(x, y, z)`))).toThrow(`${name} takes ${fn.arity}`);
    }
  });

  it('the check rejects a wrong derivative', () => {
    const wrong = compileScalar('2 / sqrt(pi) * exp(-a^2 / 2)', ['a', 'b']);
    expect(Math.abs(wrong(1, 0) - slope((x) => FUNCTIONS.erf!.apply(x, 0), 1))).toBeGreaterThan(1e-3);
  });
});
