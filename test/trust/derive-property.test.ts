// derive on random well-formed forward definitions: compositions of the
// language's functions, sums and products, over lines that reuse index names
// (a bound s in one line, a free s in the next). Each must end in a checked
// result or a one-line reason, never a crash; and a result derive calls
// checked must hold at the points of other seeds, switch points included,
// wherever the function is differentiable (derive-recheck.ts). More cases
// with DELTAGRAD_SLOW=1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../src/notation/functions.js';
import { InputError } from '../../src/notation/errors.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { derivationOf } from './derivation-of.js';
import { checkedClaims, refutations } from './derive-recheck.js';

const UNARY = Object.keys(FUNCTIONS).filter((fn) => FUNCTIONS[fn]!.arity === 1);
const BINARY = Object.keys(FUNCTIONS).filter((fn) => FUNCTIONS[fn]!.arity === 2);

/** Element-wise expressions at [s,n] over the inputs, the mean m and (in the last line) H. */
const expression = (leaves: readonly string[]) =>
  fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { maxDepth: 3, withCrossShrink: true },
      fc.constantFrom(...leaves),
      fc.tuple(fc.constantFrom(...UNARY), tie('e')).map(([fn, a]) => `${fn}(${a})`),
      fc.tuple(fc.constantFrom(...BINARY), tie('e'), tie('e')).map(([fn, a, b]) => `${fn}(${a}, ${b})`),
      fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('e'), tie('e')).map(([op, a, b]) => `(${a} ${op} ${b})`),
      fc.tuple(fc.constantFrom(2, 3), tie('e')).map(([p, a]) => `(${a})^${p}`),
    ),
  })).e;

const INPUT_LEAVES = ['X[s,n]', 'w[n]', 'm[n]', '0.5', 'sum(k, X[s,k] * w[k])', 'sum(k, X[s,k])^2 / N'];

const forward = fc
  .tuple(expression(INPUT_LEAVES), expression([...INPUT_LEAVES, 'H[s,n]', 'sum(k, H[s,k] * w[k])']))
  .map(([h, y]) => ['m[n] = sum(s, X[s,n]) / S', `H[s,n] = ${h}`, `Y[s,n] = ${y}`]);

const SLOW = process.env.DELTAGRAD_SLOW === '1';
/** Random definitions, and the seeds a checked result is checked at again. */
const CASES = SLOW ? 300 : 25;
const OTHER_SEEDS = SLOW ? 5 : 2;
const TIMEOUT_MS = 600_000;

const oneLine = (text: string | null | undefined): void => {
  expect(text).toBeTruthy();
  expect(text).not.toContain('\n');
};

describe('derive on random forward definitions', () => {
  it('ends in a checked result or a one-line reason; a checked result holds at other seeds', () => {
    const outcomes = { checked: 0, failed: 0, notDerived: 0, undefinedForward: 0 };
    fc.assert(
      fc.property(forward, fc.integer({ min: 1, max: 1000 }), (lines, seed) => {
        const d = derivationOf({ shapes: { X: ['S', 'N'], w: ['N'], m: ['N'], H: ['S', 'N'], Y: ['S', 'N'] }, sizes: { S: [1, 3], N: [1, 3] }, forward: lines, gradients: [{ wrt: 'X' }, { wrt: 'w' }] });
        let checked: ReturnType<typeof deriveAndCheck>;
        try {
          checked = deriveAndCheck(d, undefined, { runs: 15, seed });
        } catch (err) {
          // The forward is undefined at most points (log of a negative): bad input, one line.
          if (!(err instanceof InputError)) throw err;
          oneLine(err.format());
          outcomes.undefinedForward++;
          return;
        }
        for (const g of checked) {
          if (g.derived === null) {
            oneLine(g.notDerived);
            outcomes.notDerived++;
          } else if (!g.verified) {
            oneLine(g.failure);
            outcomes.failed++;
          } else {
            const seeds = Array.from({ length: OTHER_SEEDS }, (_, k) => seed + 1 + k);
            expect(refutations(d, checkedClaims(g)!, { seeds, runs: 15 }), lines.join('; ')).toEqual([]);
            outcomes.checked++;
          }
        }
      }),
      { numRuns: CASES, seed: 11, endOnFailure: true },
    );
    // Most random definitions are derived and checked.
    expect(outcomes.checked).toBeGreaterThan(outcomes.failed + outcomes.notDerived);
  }, TIMEOUT_MS);
});
