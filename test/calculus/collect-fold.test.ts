// Soundness of the two rewrites that work on whole polynomials rather than
// one term: collect-like-terms (simplify.ts) and fold-definition (fold.ts),
// each on 1,000 random draws, like the term rules (rules.test.ts).
import { describe, expect, it } from 'vitest';
import { foldDefinitions } from '../../src/calculus/fold.js';
import { collectLikeTerms } from '../../src/calculus/simplify.js';
import { expectSameValues, readExample, written } from './harness.js';

const RUNS = 1000;

/** Terms equal up to their coefficient and the names of their bound indices. */
const COLLECT = [
  { example: 'sum(k, x[k]) + sum(l, x[l])', terms: 1 },
  { example: 'x[i] * A[i,j] - 3 * A[i,j] * x[i]', terms: 1 },
  { example: 'sum(k, l, A[k,l] * x[k]) - sum(m, n, x[m] * A[m,n])', terms: 0 },
  { example: 'sum(k, x[k]) * w[u] + w[u] * sum(l, x[l]) - w[u] / 2 + w[u]', terms: 2 },
];

/** A forward definition (defs) read back into a result that spells it out. */
const FOLD = [
  { defs: ['Y[s,c] = exp(X[s,c]) / sum(k, exp(X[s,k]))'], example: 'G[i,j] * exp(X[i,j]) / sum(k, exp(X[i,k]))', folded: 'Y[i,j]' },
  { defs: ['Y[s,c] = 1 / (1 + exp(-X[s,c]))'], example: 'G[i,j] * exp(-X[i,j]) / (1 + exp(-X[i,j]))^2', folded: 'Y[i,j]^2' },
  { defs: ['H[s,c] = X[s,c] * A[s,c]'], example: '3 * G[i,j] * A[i,j] * X[i,j]^2', folded: 'H[i,j]' },
];

describe('collect-like-terms', () => {
  it.each(COLLECT)('$example', ({ example, terms }) => {
    const ex = readExample(example);
    const fired = new Set<string>();
    const collected = collectLikeTerms(ex.poly, fired);
    expect(fired).toContain('collect-like-terms');
    expect(collected).toHaveLength(terms);
    expectSameValues(example, written(ex, collected), { runs: RUNS, seed: 2000 });
  });
});

describe('fold-definition', () => {
  it.each(FOLD)('$example', ({ defs, example, folded }) => {
    const ex = readExample(example, defs);
    const { poly, changed } = foldDefinitions(ex.poly, ex.definitions, ex.ctx);
    expect(changed).toBe(true);
    const text = written(ex, poly);
    expect(text).toContain(folded);
    expectSameValues(example, text, { defs, runs: RUNS, seed: 3000 });
  });
});
