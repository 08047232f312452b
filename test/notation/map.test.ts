// The child mapper and the substitution of bare names built on it: every
// sub-expression is reached (index parts included), nothing else changes.
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../src/notation/errors.js';
import { mapChildren, substituteNames } from '../../src/notation/map.js';
import { parseEquation, parseExpr } from '../../src/notation/parse.js';
import { exprToString } from '../../src/notation/print.js';
import type { Expr } from '../../src/notation/ast.js';

const expr = (text: string): Expr => parseExpr(SourceText.detached(text));
const rhs = (text: string): Expr => {
  const eq = parseEquation(SourceText.detached(text));
  if (eq.form !== 'index') throw new Error('expected index notation');
  return eq.rhs;
};

describe('substituteNames', () => {
  it('replaces a bare name everywhere it occurs, inside calls, powers and sums', () => {
    const by = new Map([['a', expr('X[s,n] + 1')]]);
    expect(exprToString(substituteNames(expr('1 - tanh(a)^2'), by))).toBe(exprToString(expr('1 - tanh(X[s,n] + 1)^2')));
    expect(exprToString(substituteNames(rhs('Y[s] = sum(n, a * X[s,n])'), by))).toBe(exprToString(rhs('Y[s] = sum(n, (X[s,n] + 1) * X[s,n])')));
  });

  it('leaves other names, tensor entries and numbers as they were', () => {
    const e = rhs('Y[i] = b * X[i] + 2');
    expect(substituteNames(e, new Map([['a', expr('7')]]))).toEqual(e);
  });
});

describe('mapChildren', () => {
  it('reaches the non-affine part of an index and prints it anew', () => {
    const e = rhs('Y[i] = X[N - 1 - i]');
    const doubled = mapChildren(e, (c) => ({ kind: 'binary', op: '*', left: { kind: 'num', value: 2 }, right: c }));
    expect(doubled.kind === 'access' && doubled.indices[0]).toEqual({
      terms: [{ name: 'i', coef: -1 }],
      offset: -1,
      rest: { expr: { kind: 'binary', op: '*', left: { kind: 'num', value: 2 }, right: { kind: 'sym', name: 'N' } }, text: '2 * N' },
    });
  });
});
