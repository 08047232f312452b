// The LaTeX spellings of the language's comparisons, where, reductions and
// special functions, read to the expressions they mean.
import { describe, expect, it } from 'vitest';
import type { Names } from '../../src/latex/expression.js';
import { readLatexExpression } from '../../src/latex/reader.js';
import { exprToString } from '../../src/notation/print.js';

const NAMES: Names = {
  spellings: new Map([['X', 'X'], ['x', 'x'], ['tok', 'tok'], ['N', 'N']]),
  ranks: new Map([['X', 2], ['x', 1], ['tok', 1]]),
  constants: new Set(),
  dimensions: new Set(['N']),
  functions: new Map(),
  juxtaposition: 'matrix',
  outputs: ['X'],
  loss: undefined,
};

const read = (latex: string): string => exprToString(readLatexExpression(latex, NAMES));

describe('the language in LaTeX', () => {
  it.each([
    ['\\max(0, x_{i})', 'max(0, x[i])'],
    ['\\max_{k} X_{ik}', 'max(k, X[i,k])'],
    ['\\min_{k} -X_{ik}', 'min(k, -X[i,k])'],
    ['\\prod_{k} X_{ik}', 'prod(k, X[i,k])'],
    ['\\sigma(x_{i})', 'sigmoid(x[i])'],
    ['\\log\\Gamma(x_{i})', 'lgamma(x[i])'],
    ['\\psi_1(x_{i})', 'trigamma(x[i])'],
    ['\\psi(x_{i})', 'digamma(x[i])'],
    ['\\operatorname{erf}(x_{i})', 'erf(x[i])'],
    ['\\left(x_{i} \\neq 0\\right)', 'x[i] != 0'],
    ['\\left(x_{i} \\leq X_{ij}\\right) \\cdot 2', '(x[i] <= X[i,j]) * 2'],
    ['\\left(i < j + 1\\right)', 'i < j+1'],
    ['\\left(x_{i} \\bmod 2\\right)', 'x[i] % 2'],
    ['\\operatorname{where}\\left(x_{i} > 0, x_{i}, 0\\right)', 'where(x[i] > 0, x[i], 0)'],
    // An indicator of indices being equal is a Kronecker delta; of values, a comparison.
    ['\\mathbb{1}(i \\neq j)', '1 - delta(i,j)'],
    ['\\mathbb{1}(x_{i} \\ge 0)', 'x[i] >= 0'],
    // Index tensors and index arithmetic in subscripts.
    ['X_{\\mathrm{tok}_{s}, j}', 'X[tok[s],j]'],
    ['x_{\\operatorname{floor}\\left(\\frac{i}{2}\\right)}', 'x[floor(i / 2)]'],
    // Floor and ceiling brackets round what they enclose, with or without \left and \right.
    ['x_{\\lfloor i/2 \\rfloor}', 'x[floor(i / 2)]'],
    ['x_{\\left\\lfloor \\frac{i}{2} \\right\\rfloor}', 'x[floor(i / 2)]'],
    ['\\left\\lceil x_{i} \\right\\rceil - \\lfloor x_{i} / 2 \\rfloor', 'ceil(x[i]) - floor(x[i] / 2)'],
    ['x_{N-1-i}', 'x[-i+N-1]'],
    ['x_{\\left(i \\bmod 2\\right)}', 'x[i % 2]'],
  ])('%s reads as %s', (latex, expected) => {
    expect(read(latex)).toBe(expected);
  });

  it('a product needs its index below it', () => {
    expect(() => read('\\prod X_{ik}')).toThrow(/\\prod needs its index below it/);
  });

  it('a comparison needs a value on both sides', () => {
    expect(() => read('\\left(x_{i} < \\right)')).toThrow(/both sides of </);
  });
});
