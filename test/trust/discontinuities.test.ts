// The oracle at non-smooth points: a jump (the value steps, or only the
// value at the point differs from the limits) has no slope and is counted,
// not judged; a pole within the finite-difference step puts the point outside
// the forward's domain (skipped and counted); a kink takes any subgradient;
// and a correct claim's verdict does not depend on the seed.
import { describe, expect, it } from 'vitest';
import { checkGradientAt, isUndefinedPoint } from '../../src/verify/point.js';
import { verifyDerivation } from '../../src/verify/verify.js';
import { derivationOf } from './derivation-of.js';

describe('the tolerance at a jump', () => {
  it("an entry at a jump is no scale for the others' tolerance (its quotient is the jump over the step)", () => {
    const d = derivationOf({ shapes: { x: ['N'] }, sizes: { N: [2, 2] }, forward: ['y[i] = step(x[i]) + x[i]^2'], gradients: [{ wrt: 'x', result: 'dx[i] = dy[i] * 2.001 * x[i]' }] });
    const point = { sizes: new Map([['N', 2]]), inputs: new Map([['x', Float64Array.of(0, 1.3)]]), upstream: Float64Array.of(1, 1) };
    const verdict = checkGradientAt(d, d.gradients[0]!, point);
    expect(isUndefinedPoint(verdict) || verdict.ok).toBe(false);
  });
});

describe('verify at the points of section 4', () => {
  const withForward = (forward: string, result: string, domains?: Record<string, string>) =>
    derivationOf({ shapes: { x: ['N'] }, ...(domains ? { domains } : {}), forward: [forward], gradients: [{ wrt: 'x', result }] });

  it('a jump: floor at an integer is counted, not judged; a claim wrong elsewhere is still rejected', () => {
    const right = verifyDerivation(withForward('y[i] = floor(x[i]) + x[i]^2', 'dx[i] = 2 * x[i] * dy[i]'), { runs: 50, seed: 1 }).gradients[0]!;
    expect([right.ok, (right.jumps ?? 0) > 0]).toEqual([true, true]);
    expect(verifyDerivation(withForward('y[i] = floor(x[i]) + x[i]^2', 'dx[i] = (2 * x[i] + 1) * dy[i]'), { runs: 50, seed: 1 }).ok).toBe(false);
  });

  it('a pole within the step: the point is outside the domain, skipped and counted, not blamed on the claim', () => {
    const d = withForward('y[i] = 1 / x[i]', 'dx[i] = 0');
    const point = { sizes: new Map([['N', 1]]), inputs: new Map([['x', Float64Array.of(1e-7)]]), upstream: Float64Array.of(1) };
    const verdict = checkGradientAt(d, d.gradients[0]!, point);
    expect(isUndefinedPoint(verdict) && verdict.undefinedForward.message).toMatch(/pole within the finite-difference step of x\[0\]/);
  });

  it('poles on the drawn points (log at 0, digamma at a non-positive integer, 1/x at 0) are skipped and counted', () => {
    const logAt0 = verifyDerivation(withForward('y[i] = log(x[i]^2 + 0) * 0 + x[i]', 'dx[i] = dy[i]'), { runs: 100, seed: 4 }).gradients[0]!;
    expect(logAt0.ok).toBe(true);
    const digamma = verifyDerivation(withForward('y[i] = digamma(x[i])', 'dx[i] = dy[i] * trigamma(x[i])', { x: 'uniform(-3, 3)' }), { runs: 100, seed: 2 }).gradients[0]!;
    expect(digamma.ok).toBe(true);
    const reciprocal = verifyDerivation(withForward('y[i] = 1 / x[i]', 'dx[i] = -dy[i] / x[i]^2'), { runs: 100, seed: 3 }).gradients[0]!;
    expect(reciprocal.ok).toBe(true);
    expect(logAt0.undefinedPoints + digamma.undefinedPoints + reciprocal.undefinedPoints).toBeGreaterThan(0);
  });

  it('a kink: any subgradient passes at relu 0, a claim outside the one-sided slopes does not', () => {
    expect(verifyDerivation(withForward('y[i] = relu(x[i])', 'dx[i] = dy[i] * step(x[i])'), { runs: 50, seed: 1 }).ok).toBe(true);
    expect(verifyDerivation(withForward('y[i] = relu(x[i])', 'dx[i] = dy[i] * (step(x[i]) + 2 * (x[i] == 0))'), { runs: 50, seed: 1 }).ok).toBe(false);
  });

  const mixed = (result: string) => withForward('y[i] = where(x[i] > 0, log(x[i]), 0) + abs(x[i] - 0.5) + floor(2 * x[i]) + tan(x[i])', result);
  const RIGHT = 'dx[i] = dy[i] * (where(x[i] > 0, 1 / x[i], 0) + sign(x[i] - 0.5) + 1 / cos(x[i])^2)';

  it('a correct claim through a jump, a pole, a kink and a branch is verified at 100 seeds', () => {
    const failing = Array.from({ length: 100 }, (_, k) => k + 1).filter((seed) => !verifyDerivation(mixed(RIGHT), { runs: 10, seed }).ok);
    expect(failing).toEqual([]);
  });

  it('and its wrong twin (floor(2x) given slope 2) is rejected at every one of 20 seeds', () => {
    const wrong = 'dx[i] = dy[i] * (where(x[i] > 0, 1 / x[i], 0) + sign(x[i] - 0.5) + 1 / cos(x[i])^2 + 2)';
    const passing = Array.from({ length: 20 }, (_, k) => k + 1).filter((seed) => verifyDerivation(mixed(wrong), { runs: 10, seed }).ok);
    expect(passing).toEqual([]);
  });
});
