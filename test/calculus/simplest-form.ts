// A structural check that a derived result is in its simplest form:
// no Kronecker delta left over an index that an enclosing sum binds (it could
// be sifted), and no factor inside a sum that mentions none of the sum's
// indices (it could be pulled out of the sum).
import type { AffineIndex, Expr } from '../../src/notation/ast.js';
import { SourceText } from '../../src/notation/errors.js';
import { parseEquation } from '../../src/notation/parse.js';
import { exprToString } from '../../src/notation/print.js';
import { indexNames } from './expr-names.js';

/** What keeps an index equation's right side from being simplest, in words; empty when it is simplest. */
export function simplestFormProblems(equation: string): string[] {
  const eq = parseEquation(SourceText.detached(equation, '<result>'));
  if (eq.form !== 'index') throw new Error(`${equation} is not index notation`);
  const problems: string[] = [];
  const visit = (e: Expr, bound: ReadonlySet<string>): void => {
    switch (e.kind) {
      case 'delta':
        if ([e.a, e.b].some((ix) => mentions(ix, bound))) problems.push(`unsifted ${exprToString(e)}`);
        return;
      case 'sum': {
        for (const f of productFactors(e.body)) {
          if (!e.indices.some((n) => indexNames(f).used.has(n))) problems.push(`${exprToString(f)} can be pulled out of ${exprToString(e)}`);
        }
        return visit(e.body, new Set([...bound, ...e.indices]));
      }
      case 'binary':
        return [e.left, e.right].forEach((x) => visit(x, bound));
      case 'neg':
        return visit(e.arg, bound);
      case 'call':
        return e.args.forEach((x) => visit(x, bound));
      default:
        return;
    }
  };
  visit(eq.rhs, new Set());
  return problems;
}

const mentions = (ix: AffineIndex, names: ReadonlySet<string>): boolean => ix.terms.some((t) => names.has(t.name));

/** The operands of a product (through *, / and unary minus). */
function productFactors(e: Expr): Expr[] {
  if (e.kind === 'binary' && (e.op === '*' || e.op === '/')) return [...productFactors(e.left), ...productFactors(e.right)];
  if (e.kind === 'neg') return productFactors(e.arg);
  return [e];
}
