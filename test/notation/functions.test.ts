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
      const partials = fn.derivatives.map((d) => compileScalar(d, ['a', 'b', 'c']));
      const inside = (x: readonly number[]): boolean => fn.defined?.(x[0]!, x[1]!, x[2]!) ?? true;
      const shifted = (x: readonly number[], by: number): number[] => x.map((v) => v + by);
      let probed = 0;
      for (let k = 0; k < POINTS; k++) {
        const x = [0, 1, 2].map(() => 8 * random() - 4);
        if (!inside(x) || !inside(shifted(x, -CLEARANCE)) || !inside(shifted(x, CLEARANCE))) continue;
        if ((fn.nonSmooth ?? []).some((p) => p.distance(x[0]!, x[1]!, x[2]!) < CLEARANCE)) continue;
        probed++;
        const at = (y: readonly number[]): number => fn.apply(y[0]!, y[1]!, y[2]!);
        expect(Number.isFinite(at(x)), `${name}(${x}) is finite`).toBe(true);
        partials.forEach((partial, arg) => {
          const want = slope((v) => at(x.map((old, j) => (j === arg ? v : old))), x[arg]!);
          const got = partial(...x);
          expect(Math.abs(got - want), `d${name}/d${'abc'[arg]} at (${x}): ${got} vs ${want}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want)));
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
      const args = ['1', '2', '3'].slice(0, fn.arity).join(', ');
      const tooMany = ['1', '2', '3', '4'].slice(0, fn.arity + 1).join(', ');
      expect(parseExpr(SourceText.detached(`${name}(${args})`))).toMatchObject({ kind: 'call', fn: name });
      expect(() => parseExpr(SourceText.detached(`${name}(${tooMany})`))).toThrow(`${name} takes ${fn.arity}`);
    }
  });

  it('the check rejects a wrong derivative', () => {
    const wrong = compileScalar('2 / sqrt(pi) * exp(-a^2 / 2)', ['a', 'b']);
    expect(Math.abs(wrong(1, 0) - slope((x) => FUNCTIONS.erf!.apply(x, 0, 0), 1))).toBeGreaterThan(1e-3);
  });
});
