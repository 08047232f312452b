// The oracle where its own estimate is unreliable, points where the forward
// is undefined, claims that are NaN where it is not, and the digits of a
// rejected value.
import { describe, expect, it } from 'vitest';
import { directionalSlopes, gradientFull } from '../../src/numeric/finite-diff.js';
import { distinguish } from '../../src/verify/digits.js';
import { verifyDerivation } from '../../src/verify/verify.js';
import { checkProperty } from '../../src/verify/property.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { resolveTarget } from '../../src/derivation/builtins.js';
import { buildDerivation, gradientFromText } from '../../src/derivation/derivation.js';
import { loadDerivationFile } from '../../src/derivation/load.js';
import { derivationOf } from './derivation-of.js';

/** x^2 for x >= 1, 2x - 1 below: slope 2 on both sides of 1, curvature 2 above and 0 below. */
const curvatureJump = (x: number): number => (x >= 1 ? x * x : 2 * x - 1);

describe('a jump in curvature at the point', () => {
  it('gradientFull judges it with one-sided estimates: the slope to rounding, not the Richardson error of order h', () => {
    const x = Float64Array.of(1, 3);
    const g = gradientFull(x, () => curvatureJump(x[0]!) + curvatureJump(x[1]!));
    expect(Math.abs(g.grad[0]! - 2)).toBeLessThan(1e-8);
    expect(Math.abs(g.grad[1]! - 6)).toBeLessThan(1e-10);
    expect(Array.from(g.kink)).toEqual([0, 0]);
  });

  it('directionalSlopes too', () => {
    const x = Float64Array.of(1);
    const slopes = directionalSlopes(x, Float64Array.of(1), () => curvatureJump(x[0]!));
    expect(Math.abs(slopes.value - 2)).toBeLessThan(1e-10);
    expect(slopes.kink).toBe(false);
  });

  it('the smooth L1 loss is verified at the seed whose grid lands on |x - t| = beta', () => {
    const d = derivationOf({
      shapes: { X: ['S', 'N'], T: ['S', 'N'] },
      constants: { beta: 0.5 },
      forward: [
        'L = sum(s, n, step(beta - abs(X[s,n] - T[s,n])) * 0.5 * (X[s,n] - T[s,n])^2 / beta + step(abs(X[s,n] - T[s,n]) - beta) * (abs(X[s,n] - T[s,n]) - 0.5 * beta)) / (S * N)',
      ],
      gradients: [{ wrt: 'X', result: 'dX[i,j] = (step(beta - abs(X[i,j] - T[i,j])) * (X[i,j] - T[i,j]) / beta + step(abs(X[i,j] - T[i,j]) - beta) * sign(X[i,j] - T[i,j])) / (S * N)' }],
    });
    for (const seed of [1, 2, 3, 4, 5]) expect(verifyDerivation(d, { runs: 100, seed }).gradients.map((g) => [seed, g.ok, g.reason])).toEqual([[seed, true, null]]);
  });
});

describe('points where the forward is undefined', () => {
  const cosine = derivationOf({
    shapes: { x: ['N'], y: ['N'] },
    forward: ['f = sum(i, x[i]*y[i]) / (sqrt(sum(i, x[i]^2)) * sqrt(sum(i, y[i]^2)))'],
    gradients: [{ wrt: 'x', result: 'dx[j] = y[j] / (sqrt(sum(i, x[i]^2)) * sqrt(sum(i, y[i]^2))) - f * x[j] / sum(i, x[i]^2)' }],
  });

  it('are skipped, counted, and replaced: cosine similarity verifies at every seed, a zero vector drawn or not', () => {
    const reports = [1, 2, 3, 4, 5, 6].map((seed) => verifyDerivation(cosine, { runs: 100, seed }).gradients[0]!);
    expect(reports.map((g) => [g.ok, g.cases])).toEqual(reports.map(() => [true, 100]));
    expect(reports.some((g) => g.undefinedPoints > 0)).toBe(true);
  });

  it('make the file malformed only when most points are undefined, saying how many', () => {
    const log = derivationOf({ shapes: { x: ['N'] }, forward: ['y[i] = log(x[i])'], gradients: [{ wrt: 'x', result: 'dx[i] = dy[i] / x[i]' }] });
    expect(() => verifyDerivation(log, { runs: 100, seed: 1 })).toThrow(/^y\[\d+\] is (NaN|-Infinity) for inputs in the declared domains; .* \(at \d+ of \d+ points drawn\)$/);
  });
});

describe('digits of a rejected value', () => {
  it('are as many as tell the claim from the finite differences', () => {
    expect(distinguish(-0.01428212, -0.01428209)).toEqual(['-0.01428212', '-0.01428209']);
    expect(distinguish(-0.0833333333, -0.0833331)).toEqual(['-0.0833333', '-0.0833331']);
    expect(distinguish(1, 2)).toEqual(['1', '2']);
    expect(distinguish(NaN, 0.5)).toEqual(['NaN', '0.5']);
  });

  it('a claim off by little more than the tolerance is printed with the digits that differ, and the tolerance', () => {
    const d = derivationOf({ shapes: { x: ['N'] }, forward: ['y[i] = 3 * x[i]'], gradients: [{ wrt: 'x', result: 'dx[i] = 3.00001 * dy[i]' }] });
    const [g] = verifyDerivation(d, { runs: 20, seed: 1 }).gradients;
    const reason = g!.reason!;
    const [, claimed, actual] = /claimed (\S+), finite differences give (\S+) /.exec(reason)!;
    expect(claimed).not.toBe(actual);
    expect(Math.abs(Number(claimed) - g!.counterexample!.claimed!)).toBeLessThan(1e-6 * Math.abs(Number(claimed)));
    expect(reason).toMatch(/\(off by \S+, tolerance \S+\)$/);
  });
});

describe("a claim's own finite-difference and rounding error", () => {
  // At this seed batch norm meets a column of equal values: through 1 / sqrt(var + eps) both the oracle and the
  // chain-rule step's diff(...) table (a finite difference itself) err by about the default atol.
  const SEED = 517841903;
  const DEFAULT = { rtol: 1e-6, atol: 1e-8 };

  it('is in the tolerance: batch norm is verified at the default tolerance', async () => {
    const d = buildDerivation(await loadDerivationFile(resolveTarget('batchnorm-backward')));
    const report = verifyDerivation(d, { runs: 100, seed: SEED, ...DEFAULT });
    expect(report.gradients.map((g) => [g.wrt, g.ok, g.reason])).toEqual([
      ['gamma', true, null],
      ['beta', true, null],
      ['X', true, null],
    ]);
  });

  it('does not let a claim off by little more than the tolerance through at that seed', async () => {
    const d = buildDerivation(await loadDerivationFile(resolveTarget('batchnorm-backward')));
    const near = gradientFromText(d, 'X', { steps: ['dX[i,j] = 1.00001 * sum(s, m, dY[s,m] * diff(Y[s,m], X[i,j]))'] });
    expect(checkProperty(d, near, { runs: 100, seed: SEED }).ok).toBe(false);
  });
});

describe("a derived step's own rounding", () => {
  it("is in the tolerance: batch norm's raw differentiated step at a batch of one (terms of 1e9 cancelling to 0) is checked", () => {
    const d = derivationOf({
      shapes: { X: ['S', 'N'], g: ['N'] },
      constants: { eps: 1e-5 },
      forward: ['m[n] = sum(s, X[s,n]) / S', 'v[n] = sum(s, (X[s,n] - m[n])^2) / S', 'Y[s,n] = g[n] * (X[s,n] - m[n]) / sqrt(v[n] + eps)'],
      gradients: [{ wrt: 'X', result: 'dX[i,j] = 0' }],
    });
    for (const seed of [1, 2, 3]) expect(deriveAndCheck(d, ['X'], { runs: 100, seed }).map((g) => [seed, g.verified, g.failure])).toEqual([[seed, true, null]]);
  });
});
