// The matrix-notation evaluator: registry functions broadcast as mathjs's own
// operators do, batches of matrices multiply matrix by matrix, and the named
// primitives of the language (tril, softmax, ...) give their definitions.
import { describe, expect, it } from 'vitest';
import { evaluateMatrix } from '../../src/numeric/matrix.js';
import type { Tensor } from '../../src/numeric/tensor.js';

const t = (shape: number[], values: number[]): Tensor => ({ shape, data: Float64Array.from(values) });
const X = t([2, 3], [1, -2, 0.5, 3, 0.25, -1]);
const tensors = new Map([['X', X], ['c', t([2, 1], [0.5, 1])], ['r', t([3], [0, 1, 2])], ['A', t([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])], ['W', t([3, 2], [1, 0, 0, 1, 1, 1])]]);
const values = (expression: string): { shape: readonly number[]; data: number[] } => {
  const out = evaluateMatrix(expression, tensors);
  return { shape: out.shape, data: Array.from(out.data) };
};

describe('element-wise functions broadcast', () => {
  it('a column against every column and a row against every row, as .* does', () => {
    expect(values('maximum(X, c)')).toEqual({ shape: [2, 3], data: [1, 0.5, 0.5, 3, 1, 1] });
    expect(values('X > r')).toEqual({ shape: [2, 3], data: [1, 0, 0, 1, 0, 0] });
    expect(values('where(X > 0, c, r)')).toEqual({ shape: [2, 3], data: [0.5, 1, 0.5, 1, 1, 2] });
    expect(values('(X > c) .* X')).toEqual(values('X .* (X > c)'));
  });

  it('refuses lengths that do not broadcast', () => {
    expect(() => values('maximum(X, [1, 2])')).toThrow(/cannot broadcast lengths 3 and 2/);
  });
});

describe('batches of matrices', () => {
  it("multiply matrix by matrix, meet a matrix on the other side, and transpose each with '", () => {
    expect(values('A * W')).toEqual({ shape: [2, 2, 2], data: [4, 5, 10, 11, 16, 17, 22, 23] });
    expect(values("A'").data.slice(0, 6)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(values("A' * A").shape).toEqual([2, 3, 3]);
    expect(() => values('A * A')).toThrow(/Dimension mismatch/);
  });
});

describe('named primitives', () => {
  it('tril and triu keep a triangle from the k-th diagonal', () => {
    expect(values('tril(X)').data).toEqual([1, 0, 0, 3, 0.25, 0]);
    expect(values('triu(X, 1)').data).toEqual([0, -2, 0.5, 0, 0, -1]);
    expect(values('tril(X, -1)').data).toEqual([0, 0, 0, 3, 0, 0]);
  });

  it('softmax and logsumexp along a dimension, logsumexp kept with length 1', () => {
    const row = [1, -2, 0.5].map(Math.exp);
    const total = row.reduce((a, b) => a + b);
    const softmax = values('softmax(X, 2)');
    row.forEach((e, k) => expect(softmax.data[k]).toBeCloseTo(e / total, 15));
    const lse = values('logsumexp(X, 2)');
    expect(lse.shape).toEqual([2, 1]);
    expect(lse.data[0]).toBeCloseTo(Math.log(total), 14);
    expect(values('logsumexp(X, 1)').shape).toEqual([1, 3]);
    expect(values('exp(X - logsumexp(X, 2))').data.map((v) => Number(v.toFixed(12)))).toEqual(softmax.data.map((v) => Number(v.toFixed(12))));
    expect(() => values('softmax(X, 3)')).toThrow(/softmax: the dimension must be a whole number from 1 to 2/);
  });

  it('outer multiplies two vectors into a matrix', () => {
    expect(values('outer(r, [1, 2])')).toEqual({ shape: [3, 2], data: [0, 0, 1, 2, 2, 4] });
  });
});
