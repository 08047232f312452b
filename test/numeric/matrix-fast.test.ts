// Matrix notation's own loops (products, element-wise operators) against
// mathjs's operators on the same nested arrays: the same numbers and shapes
// to the bit, broadcasting and scalars included.
import { describe, expect, it } from 'vitest';
import { mathjs } from '../../src/notation/mathjs.js';
import { evaluateMatrix } from '../../src/numeric/matrix.js';
import { toNested, type Tensor } from '../../src/numeric/tensor.js';

const random = (shape: number[], seed: number): Tensor => {
  let s = seed;
  const data = Float64Array.from({ length: shape.reduce((n, k) => n * k, 1) }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 4 - 2);
  return { shape, data };
};

const tensors = new Map<string, Tensor>([
  ['A', random([3, 4], 1)],
  ['B', random([3, 4], 2)],
  ['M', random([4, 5], 3)],
  ['v', random([4], 4)],
  ['w', random([4], 5)],
  ['s', { shape: [], data: Float64Array.of(0.3) }],
  ['C', { shape: [], data: Float64Array.of(4) }],
]);

const byMathjs = (expression: string): number[] => {
  const scope = Object.fromEntries([...tensors].map(([name, t]) => [name, toNested(t)]));
  const value = mathjs().evaluate(expression, scope) as unknown;
  return [(value as { valueOf: () => unknown }).valueOf() as number[]].flat(3) as number[];
};

const shapeByMathjs = (expression: string): number[] => {
  const scope = Object.fromEntries([...tensors].map(([name, t]) => [name, toNested(t)]));
  return mathjs().size(mathjs().evaluate(expression, scope) as number[]) as unknown as number[];
};

describe('matrix notation evaluated by its own loops', () => {
  it.each([
    'A + B',
    'A - B',
    'A .* B',
    'A ./ B',
    'v - w',
    'A .* (B - A * ones(C, C))',
    '(A .* B) * ones(C, 2)',
    'A * M',
    'A * (M - M)',
    'A - s',
    's .* A',
    'A + v\'',
    '(A .* B) * ones(C, C) ./ (1 + A .* A)',
    // Broadcasting: a row (a vector, or a 1 x n matrix), a column, a number.
    'A - v',
    'v .* A',
    'A - mean(A, 1)',
    'A ./ sqrt(v .* v + s)',
    'A - [[1], [2], [3]]',
    '[[1, 2, 3, 4]] + A',
    'v - [[1], [2]]',
    '[2] .* v',
    's - A',
    '(A - mean(A, 1)) .* (B - mean(B, 1))',
  ])('%s equals mathjs to the bit', (expression) => {
    const ours = Array.from(evaluateMatrix(expression, tensors).data);
    const theirs = byMathjs(expression);
    expect(evaluateMatrix(expression, tensors).shape).toEqual(shapeByMathjs(expression));
    expect(ours).toHaveLength(theirs.length);
    ours.forEach((x, k) => expect(Object.is(x, theirs[k])).toBe(true));
  });

  it('rejects what mathjs rejects: operands of different shapes', () => {
    expect(() => evaluateMatrix('A + M', tensors)).toThrow();
  });
});
