// Each construct of the language, stated in a small derivation: a correct
// claim verifies and a wrong one is rejected; bad input is an InputError.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/notation/errors.js';
import { buildDerivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { verifyDerivation, verifyTarget } from '../../src/verify/verify.js';
import { caseDerivation, type ClaimCase } from '../helpers/claim-case.js';

type Case = ClaimCase;

const derivation = (c: Case, result: string) => caseDerivation(c, { result });
const verdict = (c: Case, result: string, seed = 1): boolean => verifyDerivation(derivation(c, result), { runs: 60, seed }).ok;

const CASES: Readonly<Record<string, Case>> = {
  'a special function (exact GELU through erf)': {
    shapes: { X: ['N'] },
    forward: ['Y[n] = X[n] * (1 + erf(X[n] / sqrt(2))) / 2'],
    wrt: 'X',
    right: 'dX[i] = dY[i] * ((1 + erf(X[i] / sqrt(2))) / 2 + X[i] * exp(-X[i]^2 / 2) / sqrt(2 * pi))',
    wrong: 'dX[i] = dY[i] * (1 + erf(X[i] / sqrt(2))) / 2',
  },
  'pow with a variable exponent on a positive base': {
    shapes: { A: ['N'], B: ['N'] },
    domains: { A: 'positive' },
    forward: ['Y[n] = pow(A[n], B[n])'],
    wrt: 'B',
    right: 'dB[i] = dY[i] * pow(A[i], B[i]) * log(A[i])',
    wrong: 'dB[i] = dY[i] * B[i] * pow(A[i], B[i] - 1)',
  },
  'piecewise constant functions have derivative 0 (floor, and mod in its first argument is 1)': {
    shapes: { X: ['N'] },
    forward: ['Y[n] = floor(X[n]) + mod(X[n], 2)'],
    wrt: 'X',
    right: 'dX[i] = dY[i]',
    wrong: 'dX[i] = 2 * dY[i]',
  },
  'a comparison between values as a mask': {
    shapes: { X: ['N'] },
    forward: ['Y[n] = X[n] * (X[n] > 1)'],
    wrt: 'X',
    right: 'dX[i] = dY[i] * (X[i] > 1)',
    wrong: 'dX[i] = dY[i] * (X[i] >= 0)',
  },
  'where: the branch not taken never poisons the value (log of a negative number)': {
    shapes: { X: ['N'] },
    forward: ['Y[n] = where(X[n] > 0, log(X[n]), X[n])'],
    wrt: 'X',
    right: 'dX[i] = dY[i] * where(X[i] > 0, 1 / X[i], 1)',
    wrong: 'dX[i] = dY[i] * where(X[i] > 0, 1 / X[i], 0)',
  },
  'clamp written with max and min, claimed with comparisons': {
    shapes: { X: ['N'] },
    forward: ['Y[n] = min(max(X[n], -1), 1)'],
    wrt: 'X',
    right: 'dX[i] = dY[i] * (X[i] >= -1) * (X[i] < 1)',
    wrong: 'dX[i] = dY[i] * (X[i] > -1)',
  },
  'clamp written with where': {
    shapes: { X: ['N'] },
    forward: ['Y[n] = where(X[n] < -1, -1, where(X[n] > 1, 1, X[n]))'],
    wrt: 'X',
    right: 'dX[i] = dY[i] * where(X[i] >= -1, where(X[i] < 1, 1, 0), 0)',
    wrong: 'dX[i] = dY[i] * where(abs(X[i]) <= 1, 0, 1)',
  },
  'comparisons between indices (lower-triangular mask)': {
    shapes: { A: ['N', 'N'] },
    forward: ['Y[i,j] = where(j <= i, A[i,j]^2, 0)'],
    wrt: 'A',
    right: 'dA[i,j] = where(j <= i, 2 * A[i,j] * dY[i,j], 0)',
    wrong: 'dA[i,j] = where(j < i, 2 * A[i,j] * dY[i,j], 0)',
  },
  'a min reduction along a dimension': {
    shapes: { X: ['S', 'K'] },
    forward: ['Y[s] = min(k, X[s,k])'],
    wrt: 'X',
    right: 'dX[i,j] = dY[i] * (X[i,j] == Y[i]) / sum(k, X[i,k] == Y[i])',
    wrong: 'dX[i,j] = dY[i] * (X[i,j] == max(k, X[i,k]))',
  },
  'max pooling over windows written with affine indices (ties go to the first entry)': {
    shapes: { X: ['2 * P'], Y: ['P'] },
    forward: ['Y[p] = max(X[2*p], X[2*p + 1])'],
    wrt: 'X',
    right: 'dX[i] = dY[floor(i / 2)] * (X[i] == Y[floor(i / 2)]) * where(i % 2 == 1, X[i - 1] != X[i], 1)',
    wrong: 'dX[i] = dY[floor(i / 2)] * (X[i] == Y[floor(i / 2)])',
  },
  'a prod reduction, with zero entries': {
    shapes: { X: ['S', 'K'] },
    forward: ['Y[s] = prod(k, X[s,k])'],
    wrt: 'X',
    right: 'dX[i,j] = dY[i] * prod(k, where(k == j, 1, X[i,k]))',
    wrong: 'dX[i,j] = dY[i] * prod(k, X[i,k])',
  },
  'logsumexp with the max subtracted': {
    shapes: { X: ['S', 'K'] },
    forward: ['Y[s] = max(k, X[s,k]) + log(sum(k, exp(X[s,k] - max(l, X[s,l]))))'],
    wrt: 'X',
    right: 'dX[i,j] = dY[i] * exp(X[i,j] - Y[i])',
    wrong: 'dX[i,j] = dY[i] * exp(X[i,j] - max(k, X[i,k]))',
  },
  'a gather with an index tensor (X[s, t[s]])': {
    shapes: { X: ['S', 'C'], t: ['S'] },
    domains: { t: 'index(C)' },
    forward: ['Y[s] = X[s, t[s]]^2'],
    wrt: 'X',
    right: 'dX[i,c] = 2 * dY[i] * X[i,c] * delta(t[i], c)',
    wrong: 'dX[i,c] = 2 * dY[i] * X[i,c]',
  },
  'index arithmetic with % (a roll by one place)': {
    shapes: { X: ['N'], Y: ['N'] },
    forward: ['Y[i] = X[(i + 1) % N]'],
    wrt: 'X',
    right: 'dX[j] = dY[(j + N - 1) % N]',
    wrong: 'dX[j] = dY[(j + 1) % N]',
  },
  'an output shape written with arithmetic (Y: [2 * H])': {
    shapes: { X: ['H'], Y: ['2 * H'] },
    forward: ['Y[i] = X[floor(i / 2)] * (i % 2 + 1)'],
    wrt: 'X',
    right: 'dX[h] = dY[2 * h] + 2 * dY[2 * h + 1]',
    wrong: 'dX[h] = dY[2 * h] + dY[2 * h + 1]',
  },
  'floor division of indices (i // 2) and of values (X[n] // 2)': {
    shapes: { X: ['H'], Y: ['2 * H'] },
    forward: ['Y[i] = X[i // 2] * (i % 2 + 1) + X[i // 2] // 2'],
    wrt: 'X',
    right: 'dX[h] = dY[2 * h] + 2 * dY[2 * h + 1]',
    wrong: 'dX[h] = dY[2 * h] + dY[2 * h + 1]',
  },
  'a group map c // (C / G) with dimensions C = G * K': {
    shapes: { X: ['G * K'], S: ['G'] },
    forward: ['S[g] = sum(c, X[c] * (c // (G * K / G) == g))'],
    wrt: 'X',
    right: 'dX[c] = dS[c // K]',
    wrong: 'dX[c] = dS[c % K]',
  },
  'an index read only through a map, compared with another index through the same map, runs over its range': {
    shapes: { X: ['G * K'], Y: ['G * K'] },
    forward: ['Y[c] = X[c] * sum(e, e // K == c // K)'],
    wrt: 'X',
    right: 'dX[c] = dY[c] * sum(e, delta(floor(e / K), floor(c / K)))',
    wrong: 'dX[c] = dY[c] * sum(e, delta(floor(e / K), floor(c / K))) / K',
  },
  'max pooling by windows of 2 as a reduction over the whole axis, the window picked with a where': {
    shapes: { X: ['2 * P'], Y: ['P'] },
    forward: ['Y[p] = max(h, where(h // 2 == p, X[h], -inf))'],
    wrt: 'X',
    right: 'dX[h] = dY[h // 2] * (X[h] == Y[h // 2]) / sum(k, (k // 2 == h // 2) * (X[k] == Y[h // 2]))',
    wrong: 'dX[h] = dY[h // 2]',
  },
};

describe('each construct: a correct claim verifies, a wrong one is rejected', () => {
  it.each(Object.entries(CASES))('%s', (_, c) => {
    expect(verdict(c, c.right)).toBe(true);
    expect(verdict(c, c.wrong)).toBe(false);
  });

  it('a correct claim at a jump, a kink and ties verifies at 100 seeds', () => {
    const c: Case = {
      shapes: { X: ['S', 'K'] },
      forward: ['Y[s] = max(k, floor(X[s,k]) + relu(X[s,k]))'],
      wrt: 'X',
      right: 'dX[i,j] = dY[i] * step(X[i,j]) * (floor(X[i,j]) + relu(X[i,j]) == Y[i]) / sum(k, floor(X[i,k]) + relu(X[i,k]) == Y[i])',
      wrong: '',
    };
    const d = derivation(c, c.right);
    for (let seed = 1; seed <= 100; seed++) expect(verifyDerivation(d, { runs: 20, seed }).ok, `seed ${seed}`).toBe(true);
  });
});

describe('index tensors are bad input where they cannot be valid', () => {
  const base = { name: 'case', title: 'case', shapes: { W: ['V', 'D'], t: ['S'] }, domains: { t: 'index(V)' }, gradients: [{ wrt: 'W', result: 'dW[i,j] = 0' }] };
  const build = (extra: object) => () => buildDerivation(parseDerivationText(JSON.stringify({ ...base, ...extra }), 'case.yaml'));

  it('read along another dimension', () => {
    expect(build({ forward: ['Y[s,j] = W[j, t[s]]'] })).toThrow(/t holds indices into V, but W\[j,t\[s\]\] reads it along D/);
  });

  it('differentiated', () => {
    expect(build({ forward: ['Y[s,j] = W[t[s], j]'], gradients: [{ wrt: 't' }] })).toThrow(InputError);
    expect(build({ forward: ['Y[s,j] = W[t[s], j]'], gradients: [{ wrt: 'W', result: 'dW[i,j] = sum(s, dY[s,j] * diff(Y[s,j], t[s]))' }] })).toThrow(/t holds indices/);
  });

  it('a domain naming no dimension', () => {
    expect(() => buildDerivation(parseDerivationText(JSON.stringify({ ...base, domains: { t: 'index(Q)' }, forward: ['Y[s,j] = W[t[s], j]'] }), 'case.yaml'))).toThrow(/index\(Q\) names no dimension/);
  });
});

describe('ties are judged as a whole', () => {
  it('every tied entry getting the whole gradient is rejected, with the tie named; sharing it equally verifies', async () => {
    const report = await verifyTarget('test/fixtures/ties/amax-every-tie-gets-one.yaml', { runs: 100, seed: 1 });
    expect(report.ok).toBe(false);
    expect(report.gradients[0]!.reason).toMatch(/^at a tie of \d+ entries, the claim sums to .+: not a subgradient$/);
    expect((await verifyTarget('derivations/amax-backward.yaml', { runs: 100, seed: 1 })).ok).toBe(true);
  });

  // Clamp's kinks at -1 and 1 in separate entries do not interact: moving both
  // together is smooth, yet a claim of 0 at both is each entry's subgradient.
  const clamp: Case = {
    shapes: { X: ['N'] },
    forward: ['Y[n] = min(max(X[n], -1), 1)'],
    wrt: 'X',
    right: 'dX[i] = dY[i] * (X[i] > -1) * (X[i] < 1)',
    wrong: 'dX[i] = dY[i] * (X[i] >= -1) * (X[i] <= 1) * 2',
  };

  it('separate kinks whose one-sided slopes cancel along the joint direction are not a tie (clamp at both ends)', () => {
    for (let seed = 1; seed <= 10; seed++) expect(verdict(clamp, clamp.right, seed), `seed ${seed}`).toBe(true);
    expect(verdict(clamp, clamp.wrong)).toBe(false);
  });

  it('a real tie beside separate kinks is still judged as a whole, the separate kinks left out', () => {
    const c: Case = {
      shapes: { X: ['S', 'K'], Z: ['N'] },
      forward: ['Y = sum(s, max(k, X[s,k])) + sum(n, min(max(Z[n], -1), 1))'],
      wrt: 'X',
      right: 'dX[i,j] = dY * (X[i,j] == max(k, X[i,k])) / sum(k, X[i,k] == max(l, X[i,l]))',
      wrong: 'dX[i,j] = dY * (X[i,j] == max(k, X[i,k]))',
    };
    for (let seed = 1; seed <= 5; seed++) {
      expect(verdict(c, c.right, seed), `seed ${seed}`).toBe(true);
      expect(verdict(c, c.wrong, seed), `seed ${seed}`).toBe(false);
    }
  });
});
