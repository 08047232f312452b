// derive on forward definitions nobody here wrote: bound indices that share
// a name with free ones, named constants, kinks that cancel.
import { describe, expect, it } from 'vitest';
import { derive, isDerived } from '../../src/calculus/derive.js';
import type { Derivation } from '../../src/derivation/derivation.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { verifyTarget } from '../../src/verify/verify.js';
import { derivationOf } from './derivation-of.js';

const statistics = (by: 'column' | 'row'): Derivation =>
  derivationOf({
    shapes: { X: ['S', 'N'], g: ['N'] },
    constants: { eps: 1e-5 },
    sizes: { S: [2, 4], N: [2, 4] },
    forward:
      by === 'column'
        ? ['m[n] = sum(s, X[s,n]) / S', 'v[n] = sum(s, (X[s,n] - m[n])^2) / S', 'Y[s,n] = g[n] * (X[s,n] - m[n]) / sqrt(v[n] + eps)']
        : ['m[s] = sum(n, X[s,n]) / N', 'v[s] = sum(n, (X[s,n] - m[s])^2) / N', 'Y[s,n] = g[n] * (X[s,n] - m[s]) / sqrt(v[s] + eps)'],
    gradients: [{ wrt: 'X' }, { wrt: 'g' }],
  });

describe('capture-avoiding substitution', () => {
  it.each(['column', 'row'] as const)('statistics per %s: a bound index named like an output index stays bound, and the result checks', (by) => {
    const checked = deriveAndCheck(statistics(by), undefined, { runs: 30, seed: 3 });
    expect(checked.map((g) => [g.wrt, g.notDerived, g.failure, g.verified])).toEqual([
      ['X', null, null, true],
      ['g', null, null, true],
    ]);
  });
});

describe('named constants', () => {
  it('a declared constant in an exponent is a constant: sum(x^p)^(1/p) derives like a literal', () => {
    const d = derivationOf({ shapes: { x: ['N'] }, constants: { p: 3 }, domains: { x: 'positive' }, forward: ['f = sum(i, x[i]^p)^(1/p)'], gradients: [{ wrt: 'x' }] });
    const [g] = derive(d).gradients;
    expect(g !== undefined && isDerived(g) ? g.result : g).toBe('dx[j] = x[j]^2 / f^2');
    expect(deriveAndCheck(d, undefined, { runs: 30, seed: 1 })[0]!.verified).toBe(true);
  });

  it('an exponent that depends on a tensor is still refused', () => {
    const d = derivationOf({ shapes: { x: ['N'], q: [] }, domains: { x: 'positive' }, forward: ['f = sum(i, x[i]^q)'], gradients: [{ wrt: 'x' }] });
    expect(derive(d).gradients[0]).toEqual({ wrt: 'x', notDerived: 'a power with a non-constant exponent is not supported' });
  });
});

describe('deltas over nested ranges', () => {
  it('a delta between an index over N+1 and one over N is sifted: the gradient of a diagonal with an offset', () => {
    const d = derivationOf({ shapes: { v: ['N'], Y: ['N + 1', 'N + 1'] }, forward: ['Y[i,j] = sum(l, v[l] * delta(i,l) * delta(j,l+1))'], gradients: [{ wrt: 'v' }] });
    const [g] = deriveAndCheck(d, undefined, { runs: 30, seed: 1 });
    expect([g!.derived!.result, g!.verified]).toEqual(['dv[k] = dY[k,k+1]', true]);
  });

  it('indices over unrelated ranges are still a dimension mismatch', () => {
    const d = derivationOf({ shapes: { x: ['N'], z: ['K'] }, forward: ['y[i] = x[i] * sum(k, z[k])'], gradients: [{ wrt: 'x', result: 'dx[i] = dy[i] * sum(k, z[k]) * z[i]' }] });
    expect(d.gradients[0]!.result!.form === 'index' && d.gradients[0]!.result!.eq.conflict?.message).toMatch(/^dimension mismatch: index i runs over N/);
  });
});

describe('folding normalisation layers', () => {
  it('row-wise centring and scaling: the result is written in Y, three terms, with a matrix form that checks', () => {
    const d = derivationOf({
      shapes: { X: ['S', 'N'] },
      constants: { eps: 1e-5 },
      sizes: { N: [2, 4] },
      forward: ['m[s] = sum(k, X[s,k]) / N', 'v[s] = sum(k, (X[s,k] - m[s])^2) / N', 'Y[s,n] = (X[s,n] - m[s]) / sqrt(v[s] + eps)'],
      gradients: [{ wrt: 'X' }],
    });
    const [g] = deriveAndCheck(d, undefined, { runs: 30, seed: 1 });
    expect(g!.derived!.result).toBe('dX[i,j] = dY[i,j] / sqrt(eps + v[i]) - Y[i,j] * sum(n, dY[i,n] * Y[i,n]) / (sqrt(eps + v[i]) * N) - sum(n, dY[i,n]) / (sqrt(eps + v[i]) * N)');
    expect([g!.verified, g!.matrixNote]).toEqual([true, null]);
    expect(g!.matrix).toMatch(/^dX = /);
  });

  it("batch normalisation's dX folds back into xhat: the file's result is symbolically equal", async () => {
    const report = await verifyTarget('batchnorm-backward', { runs: 20, seed: 1 });
    expect(report.gradients.map((g) => [g.wrt, g.ok, g.symbolic])).toEqual([
      ['gamma', true, 'equal'],
      ['beta', true, 'equal'],
      ['X', true, 'equal'],
    ]);
  });
});

describe('scalar definitions', () => {
  it('a scalar defined by a forward line (a mean) and a scalar input are differentiated through, not taken as constants', () => {
    const d = derivationOf({
      shapes: { x: ['M'], gamma: [], beta: [] },
      constants: { eps: 1e-5 },
      sizes: { M: [2, 4] },
      forward: ['mu = sum(i, x[i]) / M', 'v = sum(i, (x[i] - mu)^2) / M', 'xh[i] = (x[i] - mu) / sqrt(v + eps)', 'y[i] = gamma * xh[i] + beta'],
      gradients: [{ wrt: 'x' }, { wrt: 'gamma' }, { wrt: 'beta' }],
    });
    const checked = deriveAndCheck(d, undefined, { runs: 30, seed: 1 });
    expect(checked.map((g) => [g.wrt, g.verified, g.failure])).toEqual([
      ['x', true, null],
      ['gamma', true, null],
      ['beta', true, null],
    ]);
    expect(checked[1]!.derived!.result).toBe('dgamma = sum(i, dy[i] * xh[i])');
  });
});

describe('folding a definition with many bound indices', () => {
  it('a product of eight sums multiplied out (eight bound indices) is not matched in every order: derive answers, and the result checks', () => {
    const eight = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => `sum(${k}, X[s,${k}])`).join(' * ');
    const d = derivationOf({ shapes: { X: ['S', 'N'], H: ['S', 'N'] }, forward: [`H[s,n] = ${eight} / N^4 + 0 * X[s,n]`, 'L = sum(s, n, H[s,n])'], gradients: [{ wrt: 'X' }] });
    const [g] = deriveAndCheck(d, undefined, { runs: 30, seed: 1 });
    expect([g!.derived!.result, g!.verified]).toEqual(['dX[i,j] = 8 * (sum(b, X[i,b]) * sum(c, X[i,c]) * sum(d, X[i,d]) * sum(e, X[i,e]) * sum(f, X[i,f]) * sum(g, X[i,g]) * sum(h, X[i,h])) / N^3', true]);
  });
});

describe('poles where the forward stays finite', () => {
  it.each(['y[i] = sqrt(x[i]^4 + x[i]^6)', 'y[i] = pow(x[i]^2, x[i]^2)'])('%s: the derived formula, 0 * infinity at x = 0 where the function is flat, is never called checked', (line) => {
    const d = derivationOf({ shapes: { x: ['N'], y: ['N'] }, forward: [line], gradients: [{ wrt: 'x' }] });
    const checked = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => deriveAndCheck(d, undefined, { runs: 30, seed })[0]!);
    expect(checked.map((g) => g.verified)).toEqual(checked.map(() => false));
    expect(checked[0]!.failure).toMatch(/gives NaN at dx\[\d\] where the forward is finite, finite differences give 0$/);
  });
});

describe('powers of powers', () => {
  it('(x^2)^(3/2) is |x|^3, not x^3: the result is right for negative x and checks', () => {
    const d = derivationOf({ shapes: { x: ['N'], y: ['N'] }, forward: ['y[i] = sqrt(x[i]^2)^3'], gradients: [{ wrt: 'x' }] });
    const [g] = deriveAndCheck(d, undefined, { runs: 30, seed: 1 });
    expect([g!.derived!.result, g!.verified]).toEqual(['dx[j] = 3 * (dy[j] * sqrt(x[j]^2) * x[j])', true]);
  });
});
