// Printing reads back as the same tree: a comparison binds more loosely than
// + and -, so one added to or subtracted from keeps its parentheses.
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../src/notation/errors.js';
import { parseExpr } from '../../src/notation/parse.js';
import { exprToString } from '../../src/notation/print.js';
import type { Expr } from '../../src/notation/ast.js';

const expr = (text: string): Expr => parseExpr(SourceText.detached(text));

describe('printing comparisons inside sums', () => {
  it.each(['(a <= b) - 1', '(a < b) + c', 'c - (a == b)', 'pow(x, (m <= s) - 1)', 'a <= b - 1'])('%s reads back as itself', (text) => {
    const e = expr(text);
    expect(expr(exprToString(e))).toEqual(e);
  });

  it('the parentheses are printed only where needed', () => {
    expect(exprToString(expr('(a <= b) - 1'))).toBe('(a <= b) - 1');
    expect(exprToString(expr('a <= (b - 1)'))).toBe('a <= b - 1');
  });
});
