// A power of a sum stays a power in the derived formula. Multiplied out into
// a double sum of products it no longer cancels against the same power
// elsewhere, and where the sum is zero up to rounding (0.07 - 0.06 - 0.01 is
// 8.7e-18 in floats) the uncancelled quotients of such sums amplify rounding
// into a wrong gradient, although the forward is finite and flat there.
import { describe, expect, it } from 'vitest';
import { derive, isDerived } from '../../src/calculus/derive.js';
import { gradientFromText, type Derivation } from '../../src/derivation/derivation.js';
import { checkGradientAt, isUndefinedPoint, type Point } from '../../src/verify/point.js';
import { derivationOf } from './derivation-of.js';

const rows = (line: string): Derivation => derivationOf({ shapes: { X: ['S', 'N'], w: ['N'], Y: ['S', 'N'] }, forward: [line], gradients: [{ wrt: 'X' }] });

const derivedResult = (d: Derivation): string => {
  const [g] = derive(d).gradients;
  return isDerived(g!) ? g.result : g!.notDerived;
};

/** Row 0 sums to 8.7e-18, the others to 0.01. */
const nearZeroRow: Point = {
  sizes: new Map([['S', 3], ['N', 3]]),
  inputs: new Map([
    ['X', Float64Array.from([0.07, -0.06, -0.01, 0, 0, 0.01, 0, 0, 0.01])],
    ['w', Float64Array.from([0.3, -0.2, 0.5])],
  ]),
  upstream: Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
};

describe('powers of sums', () => {
  it('cancel against the same power: the derived gradient is right where the sum is zero up to rounding', () => {
    const d = rows('Y[s,n] = X[s,n] + w[n] * sum(k, X[s,k])^2 / sum(k, X[s,k])^2');
    const result = derivedResult(d);
    expect(result).toBe('dX[i,j] = dY[i,j]');
    const verdict = checkGradientAt(d, gradientFromText(d, 'X', { steps: [], result }), nearZeroRow);
    if (isUndefinedPoint(verdict)) throw new Error('the forward is defined at the point');
    expect(verdict.failed?.reason).toBeUndefined();
  });

  it('stay powers, not products of sums, inside a root', () => {
    expect(derivedResult(rows('Y[s,n] = X[s,n] * (sum(k, X[s,k])^2)^1.5'))).toBe('dX[i,j] = sqrt(sum(k, X[i,k])^2) * (dY[i,j] * sum(k, X[i,k])^2 + 3 * (sum(n, dY[i,n] * X[i,n]) * sum(k2, X[i,k2])))');
  });
});
