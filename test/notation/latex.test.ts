// The LaTeX printer on the forms of index notation. (KaTeX is not installed here,
// so the output is checked as text, not rendered.)
import { describe, expect, it } from 'vitest';
import type { IndexEquation } from '../../src/notation/ast.js';
import { SourceText } from '../../src/notation/errors.js';
import { equationToLatex, nameToLatex, toLatex } from '../../src/notation/latex.js';
import { parseEquation, parseExpr } from '../../src/notation/parse.js';

const tex = (expr: string): string => toLatex(parseExpr(SourceText.detached(expr)));
const texEq = (text: string): string => equationToLatex(parseEquation(SourceText.detached(text)) as IndexEquation);
/** Braces and \left( \right) pairs must balance in any LaTeX we emit. */
function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s.replace(/\\[{}]/g, '')) {
    if (ch === '{') depth++;
    if (ch === '}' && --depth < 0) return false;
  }
  return depth === 0 && (s.match(/\\left/g) ?? []).length === (s.match(/\\right/g) ?? []).length;
}

describe('toLatex', () => {
  it('prints tensor entries with their indices as subscripts', () => {
    expect(tex('X[i,k]')).toBe('X_{ik}');
    expect(tex('b[n]')).toBe('b_{n}');
    expect(tex('X[p+u, 2*q+v]')).toBe('X_{p+u,2*q+v}');
    expect(tex('X[i-1]')).toBe('X_{i-1}');
  });

  it('prints an index that is not affine as LaTeX, not as the language writes it', () => {
    expect(texEq('Y[s,j] = W[tok[s], j]')).toBe('Y_{sj} = W_{\\mathrm{tok}_{s},j}');
    expect(texEq('Y[i] = x[floor(i / 2)] + x[i % 2]')).toBe('Y_{i} = x_{\\left\\lfloor \\frac{i}{2} \\right\\rfloor} + x_{\\left(i \\bmod 2\\right)}');
  });

  it('brackets a comparison under + and -', () => {
    expect(tex('(a < b) + c')).toBe('\\left(a < b\\right) + c');
    expect(tex('c - (a % b)')).toBe('c - \\left(a \\bmod b\\right)');
  });

  it('prints delta, sums and partial derivatives', () => {
    expect(tex('delta(i,j)')).toBe('\\delta_{ij}');
    expect(tex('sum(k, X[i,k])')).toBe('\\sum_{k} X_{ik}');
    expect(tex('sum(s, n, X[s,n])')).toBe('\\sum_{s,n} X_{sn}');
    expect(tex('diff(Y[s,n], W[i,j])')).toBe('\\frac{\\partial Y_{sn}}{\\partial W_{ij}}');
  });

  it('prints gradient tensors as derivatives of the loss', () => {
    expect(tex('dY[s,n]')).toBe('\\frac{\\partial L}{\\partial Y_{sn}}');
    expect(toLatex(parseExpr(SourceText.detached('dY[s,n]')), { loss: '\\ell' })).toBe('\\frac{\\partial \\ell}{\\partial Y_{sn}}');
    // "db" is not d followed by an upper-case letter: by default it is a plain name.
    expect(tex('db[n]')).toBe('\\mathrm{db}_{n}');
    expect(toLatex(parseExpr(SourceText.detached('db[n]')), { isGradient: (n) => n === 'db' })).toBe('\\frac{\\partial L}{\\partial b_{n}}');
  });

  it('prints a whole derivation step', () => {
    expect(texEq('dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))')).toBe(
      '\\frac{\\partial L}{\\partial W_{ij}} = \\sum_{s,n} \\frac{\\partial L}{\\partial Y_{sn}} \\, \\frac{\\partial Y_{sn}}{\\partial W_{ij}}',
    );
    expect(texEq('I[i,j] = delta(i,j)')).toBe('I_{ij} = \\delta_{ij}');
  });

  it('brackets by precedence: sums in a sum body, sums on the left of a product, negated sums', () => {
    expect(tex('sum(k, X[k] + W[k])')).toBe('\\sum_{k} \\left(X_{k} + W_{k}\\right)');
    expect(tex('sum(k, X[k]) * W[j]')).toBe('\\left(\\sum_{k} X_{k}\\right) \\, W_{j}');
    expect(tex('W[j] * sum(k, X[k])')).toBe('W_{j} \\, \\sum_{k} X_{k}');
    expect(tex('(X[i] + W[i]) * b[i]')).toBe('\\left(X_{i} + W_{i}\\right) \\, b_{i}');
    expect(tex('X[i] - (W[i] - b[i])')).toBe('X_{i} - \\left(W_{i} - b_{i}\\right)');
    expect(tex('X[i] - W[i] - b[i]')).toBe('X_{i} - W_{i} - b_{i}');
    expect(tex('-(X[i] + W[i])')).toBe('-\\left(X_{i} + W_{i}\\right)');
    expect(tex('(X[i] + W[i])^2')).toBe('{\\left(X_{i} + W_{i}\\right)}^{2}');
    expect(tex('(-X[i])^2')).toBe('{\\left(-X_{i}\\right)}^{2}');
  });

  it('brackets a negated factor on the right of a product (x \\, -w would read as x - w)', () => {
    expect(tex('X[i] * -W[i]')).toBe('X_{i} \\, \\left(-W_{i}\\right)');
    expect(tex('X[i] * -W[i]')).not.toMatch(/\\, -/);
  });

  it('prints quotients as fractions and numbers next to numbers with \\cdot', () => {
    expect(tex('X[i] / (S + eps)')).toBe('\\frac{X_{i}}{S + \\epsilon}');
    expect(tex('2 * 3')).toBe('2 \\cdot 3');
    expect(tex('2 * X[i]')).toBe('2 \\, X_{i}');
    expect(tex('1e-7 * X[i]')).toBe('1 \\times 10^{-7} \\, X_{i}');
  });

  it('prints functions with their LaTeX names', () => {
    expect(tex('exp(X[i])')).toBe('\\exp\\left(X_{i}\\right)');
    expect(tex('sqrt(X[i])')).toBe('\\sqrt{X_{i}}');
    expect(tex('abs(X[i])')).toBe('\\left|X_{i}\\right|');
    expect(tex('max(X[i], 0)')).toBe('\\max\\left(X_{i}, 0\\right)');
    expect(tex('relu(X[i])')).toBe('\\operatorname{ReLU}\\left(X_{i}\\right)');
    expect(tex('sigmoid(X[i])')).toBe('\\sigma\\left(X_{i}\\right)');
  });

  it('every printed form has balanced braces and \\left/\\right pairs', () => {
    for (const e of [
      'sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))',
      'exp(X[s,c]) / sum(k, exp(X[s,k]))',
      'Y[i,j] * (dY[i,j] - sum(c, dY[i,c] * Y[i,c]))',
      'diff(2 * X[i] + W[i], X[i])',
      '-1/S * sum(s, k, T[s,k] * log(X[s,k]))',
      '(X[s,m] - mu[m]) / sqrt(var[m] + eps)',
    ]) {
      expect(balanced(tex(e)), tex(e)).toBe(true);
    }
    expect(balanced('\\left( {')).toBe(false);
  });
});

describe('nameToLatex', () => {
  it.each([
    ['X', 'X'],
    ['mu', '\\mu'],
    ['gamma', '\\gamma'],
    ['eps', '\\epsilon'],
    ['xhat', '\\hat{x}'],
    ['W1', 'W_{1}'],
    ['W_2', 'W_{2}'],
    ['loss', '\\mathrm{loss}'],
  ])('%s -> %s', (name, expected) => {
    expect(nameToLatex(name)).toBe(expected);
  });
});
