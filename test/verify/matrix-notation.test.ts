// Matrix notation (mathjs syntax) for the language's functions and extras: a
// correct matrix claim verifies and a wrong one is rejected, whether the
// forward is written in index or in matrix notation.
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, matrixName } from '../../src/notation/functions.js';
import { verifyDerivation } from '../../src/verify/verify.js';
import { caseDerivation, type ClaimCase } from '../helpers/claim-case.js';

type Case = ClaimCase;

const verdict = (c: Case, matrix: string): { ok: boolean; reason: string | null } => {
  const report = verifyDerivation(caseDerivation(c, { matrix }), { runs: 30, seed: 1 });
  return { ok: report.ok, reason: report.gradients[0]!.reason ?? null };
};

const elementwise = (fn: string, derivative: string, wrong: string, domain = 'normal'): Case => ({
  shapes: { X: ['S', 'M'] },
  domains: { X: domain },
  forward: [`Y[s,m] = ${fn}(X[s,m])`],
  wrt: 'X',
  right: `dX = dY .* (${derivative})`,
  wrong: `dX = dY .* (${wrong})`,
});

/** Each unary function of the registry, its derivative and a wrong one in matrix notation, and a domain where both are defined. */
const UNARY: Readonly<Record<string, Case>> = {
  exp: elementwise('exp', 'exp(X)', 'X'),
  log: elementwise('log', '1 ./ X', 'log(X)', 'positive'),
  sqrt: elementwise('sqrt', '1 ./ (2 * sqrt(X))', '1 ./ sqrt(X)', 'positive'),
  abs: elementwise('abs', 'sign(X)', 'abs(X)'),
  sign: elementwise('sign', '0', 'abs(sign(X))', 'nonzero'),
  tanh: elementwise('tanh', '(1 - tanh(X) .^ 2)', 'tanh(X)'),
  sigmoid: elementwise('sigmoid', 'sigmoid(X) .* (1 - sigmoid(X))', 'sigmoid(X)'),
  relu: elementwise('relu', 'step(X)', 'relu(X)'),
  step: elementwise('step', '0', 'step(X)'),
  erf: elementwise('erf', '2 / sqrt(pi) * exp(-X .^ 2)', 'exp(-X .^ 2)'),
  erfc: elementwise('erfc', '-2 / sqrt(pi) * exp(-X .^ 2)', '2 / sqrt(pi) * exp(-X .^ 2)'),
  sin: elementwise('sin', 'cos(X)', '-cos(X)'),
  cos: elementwise('cos', '-sin(X)', 'sin(X)'),
  tan: elementwise('tan', '(1 + tan(X) .^ 2)', 'tan(X) .^ 2', 'uniform(-1.2, 1.2)'),
  asin: elementwise('asin', '1 ./ sqrt(1 - X .^ 2)', '-1 ./ sqrt(1 - X .^ 2)', 'uniform(-0.9, 0.9)'),
  acos: elementwise('acos', '-1 ./ sqrt(1 - X .^ 2)', '1 ./ sqrt(1 - X .^ 2)', 'uniform(-0.9, 0.9)'),
  atan: elementwise('atan', '1 ./ (1 + X .^ 2)', '1 ./ (1 - X .^ 2)'),
  sinh: elementwise('sinh', 'cosh(X)', 'sinh(X)'),
  cosh: elementwise('cosh', 'sinh(X)', 'cosh(X)'),
  asinh: elementwise('asinh', '1 ./ sqrt(X .^ 2 + 1)', '1 ./ (X .^ 2 + 1)'),
  acosh: elementwise('acosh', '1 ./ sqrt(X .^ 2 - 1)', '1 ./ sqrt(X .^ 2 + 1)', 'uniform(1.1, 3)'),
  atanh: elementwise('atanh', '1 ./ (1 - X .^ 2)', '1 ./ (1 + X .^ 2)', 'uniform(-0.9, 0.9)'),
  log1p: elementwise('log1p', '1 ./ (1 + X)', '1 ./ X', 'positive'),
  expm1: elementwise('expm1', 'exp(X)', 'expm1(X)'),
  lgamma: elementwise('lgamma', 'digamma(X)', 'lgamma(X)', 'positive'),
  digamma: elementwise('digamma', 'trigamma(X)', 'digamma(X)', 'positive'),
  floor: elementwise('floor', '0', 'floor(X)'),
  ceil: elementwise('ceil', '0', 'ceil(X)'),
  round: elementwise('round', '0', 'round(X)'),
};

const BINARY: Readonly<Record<string, Case>> = {
  'max (element-wise maximum)': {
    shapes: { A: ['S', 'M'], B: ['S', 'M'] },
    forward: ['Y[s,m] = max(A[s,m], B[s,m])'],
    wrt: 'A',
    right: 'dA = dY .* (A >= B)',
    wrong: 'dA = dY .* (A < B)',
  },
  'min (element-wise minimum)': {
    shapes: { A: ['S', 'M'], B: ['S', 'M'], Y: ['S', 'M'] },
    forward: ['Y = minimum(A, B)'],
    wrt: 'B',
    right: 'dB = dY .* (B < A)',
    wrong: 'dB = dY .* minimum(A, B)',
  },
  atan2: {
    shapes: { A: ['S', 'M'], B: ['S', 'M'] },
    domains: { B: 'positive' },
    forward: ['Z[s,m] = atan2(A[s,m], B[s,m])'],
    wrt: 'A',
    right: 'dA = dZ .* B ./ (A .^ 2 + B .^ 2)',
    wrong: 'dA = -dZ .* A ./ (A .^ 2 + B .^ 2)',
  },
  'pow (a variable exponent, written .^)': {
    shapes: { A: ['S', 'M'], B: ['S', 'M'] },
    domains: { A: 'positive' },
    forward: ['Y[s,m] = pow(A[s,m], B[s,m])'],
    wrt: 'B',
    right: 'dB = dY .* A .^ B .* log(A)',
    wrong: 'dB = dY .* B .* A .^ (B - 1)',
  },
  'mod (written % or mod)': {
    shapes: { A: ['S', 'M'] },
    forward: ['Y[s,m] = mod(A[s,m], 2) * A[s,m]'],
    wrt: 'A',
    right: 'dA = dY .* (A % 2 + A)',
    wrong: 'dA = dY .* (mod(A, 2) + 2 * A)',
  },
};

const EXTRAS: Readonly<Record<string, Case>> = {
  'comparisons as 0/1 masks': {
    shapes: { X: ['S', 'M'] },
    forward: ['Y[s,m] = X[s,m] * (X[s,m] > 1) + X[s,m] * (X[s,m] <= -1)'],
    wrt: 'X',
    right: 'dX = dY .* ((X > 1) + (X <= -1))',
    wrong: 'dX = dY .* ((X >= 1) + (X < 1))',
  },
  '== and != between values': {
    shapes: { X: ['S', 'M'], T: ['S', 'M'], Y: ['S', 'M'] },
    forward: ['Y = X .* (T == 1) - X .* (T != 1)'],
    wrt: 'X',
    right: 'dX = dY .* ((T == 1) - (T != 1))',
    wrong: 'dX = dY .* (T == 1)',
  },
  'where: the branch not taken never poisons the value': {
    shapes: { X: ['S', 'M'] },
    forward: ['Y[s,m] = where(X[s,m] > 0, log(X[s,m]), X[s,m])'],
    wrt: 'X',
    right: 'dX = dY .* where(X > 0, 1 ./ X, 1)',
    wrong: 'dX = dY .* where(X > 0, 1 ./ X, 0)',
  },
  'outer products': {
    shapes: { W: ['N', 'M'], u: ['N'], v: ['M'] },
    forward: ['Y[i,j] = W[i,j] * u[i] * v[j]'],
    wrt: 'W',
    right: 'dW = dY .* outer(u, v)',
    wrong: 'dW = outer(u, v)',
  },
  'tril': {
    shapes: { A: ['N', 'N'] },
    forward: ['Y[i,j] = where(j <= i, A[i,j]^2, 0)'],
    wrt: 'A',
    right: 'dA = tril(2 * A .* dY)',
    wrong: 'dA = tril(2 * A .* dY, -1)',
  },
  'triu with an offset': {
    shapes: { A: ['N', 'M'], Y: ['N', 'M'] },
    forward: ['Y = triu(A, 1) .^ 2'],
    wrt: 'A',
    right: 'dA = 2 * triu(A .* dY, 1)',
    wrong: 'dA = 2 * triu(A .* dY)',
  },
  'softmax along a dimension, forward in matrix notation': {
    shapes: { X: ['S', 'C'], Y: ['S', 'C'] },
    forward: ['Y = softmax(X, 2)'],
    wrt: 'X',
    right: 'dX = Y .* (dY - (dY .* Y) * ones(C, C))',
    wrong: 'dX = Y .* (dY - ones(S, S) * (dY .* Y))',
  },
  'softmax along a dimension, in the claim': {
    shapes: { X: ['S', 'C'], T: ['S', 'C'] },
    domains: { T: 'probability' },
    forward: ['L = -sum(s, c, T[s,c] * log(exp(X[s,c]) / sum(k, exp(X[s,k]))))'],
    wrt: 'X',
    right: 'dX = softmax(X, 2) - T',
    wrong: 'dX = softmax(X, 1) - T',
  },
  'logsumexp along a dimension (kept, so it broadcasts)': {
    shapes: { X: ['S', 'C'] },
    forward: ['L = sum(s, log(sum(k, exp(X[s,k]))))'],
    wrt: 'X',
    right: 'dX = exp(X - logsumexp(X, 2))',
    wrong: 'dX = exp(X - logsumexp(X, 1))',
  },
  'max along a dimension (mathjs max(X, dim))': {
    shapes: { X: ['S', 'C'] },
    forward: ['Y[s] = max(k, X[s,k])'],
    wrt: 'X',
    right: 'dX = transpose([dY]) .* (X == transpose([max(X, 2)])) ./ transpose([sum(X == transpose([max(X, 2)]), 2)])',
    wrong: 'dX = transpose([dY]) .* (X == transpose([min(X, 2)]))',
  },
};

/** Rank 3: `*` multiplies batches of matrices matrix by matrix, `'` transposes each. */
const BATCHED: Readonly<Record<string, Case>> = {
  'a batched product, d of the left factor': {
    shapes: { A: ['B', 'N', 'K'], X: ['B', 'K', 'M'] },
    forward: ['Y[b,i,j] = sum(k, A[b,i,k] * X[b,k,j])'],
    wrt: 'A',
    right: "dA = dY * X'",
    wrong: "dA = dY * X' + A",
  },
  'a batched product, d of the right factor': {
    shapes: { A: ['B', 'N', 'K'], X: ['B', 'K', 'M'] },
    forward: ['Y[b,i,j] = sum(k, A[b,i,k] * X[b,k,j])'],
    wrt: 'X',
    right: "dX = A' * dY",
    wrong: "dX = 2 * A' * dY",
  },
  'a weight shared by the batch (summed over it)': {
    shapes: { A: ['B', 'N', 'K'], W: ['K', 'M'] },
    forward: ['Y[b,i,j] = sum(k, A[b,i,k] * W[k,j])'],
    wrt: 'W',
    right: "dW = sum(A' * dY, 1)",
    wrong: "dW = sum(A, 1)' * sum(dY, 1) / B",
  },
  'a batched product written in matrix notation in the forward': {
    shapes: { A: ['B', 'N', 'K'], X: ['B', 'K', 'M'], Y: ['B', 'N', 'M'] },
    forward: ['Y = A * X'],
    wrt: 'A',
    right: "dA = dY * X'",
    wrong: "dA = dY * X' .* A",
  },
};

describe('matrix notation: a correct claim verifies, a wrong one is rejected', () => {
  it.each(Object.entries({ ...UNARY, ...BINARY, ...EXTRAS, ...BATCHED }))('%s', (_, c) => {
    expect(verdict(c, c.right)).toEqual({ ok: true, reason: null });
    expect(verdict(c, c.wrong).ok).toBe(false);
  });

  it('covers every function of the registry that matrix notation names', () => {
    const named = Object.keys(FUNCTIONS).filter((name) => matrixName(name) !== undefined && FUNCTIONS[name]!.infix === undefined && name !== 'where');
    const covered = [...Object.keys(UNARY), 'max', 'min', 'atan2', 'trigamma'];
    expect(named.filter((name) => !covered.includes(name))).toEqual([]);
  });
});

describe('products of higher rank', () => {
  it('are rejected in one line naming what products take', () => {
    const c: Case = { shapes: { A: ['B', 'C', 'N', 'N'] }, forward: ['L = sum(b, c, i, j, A[b,c,i,j]^2) / 2'], wrt: 'A', right: 'dA = A * A', wrong: '' };
    expect(verdict(c, c.right)).toEqual({ ok: false, reason: 'cannot be evaluated: * of rank-4 and rank-4 tensors: products take batches of matrices (rank 3) at most' });
  });
});
