// The index names of a parsed expression: every name its accesses and deltas
// use, and the names its sums bind.
import type { AffineIndex, Expr } from '../../src/notation/ast.js';

export function indexNames(e: Expr, out = { used: new Set<string>(), bound: new Set<string>() }): { used: Set<string>; bound: Set<string> } {
  const use = (ix: AffineIndex): void => ix.terms.forEach((t) => out.used.add(t.name));
  switch (e.kind) {
    case 'access':
      e.indices.forEach(use);
      break;
    case 'delta':
      [e.a, e.b].forEach(use);
      break;
    case 'sum':
      e.indices.forEach((n) => out.bound.add(n));
      indexNames(e.body, out);
      break;
    case 'binary':
      [e.left, e.right].forEach((x) => indexNames(x, out));
      break;
    case 'neg':
      indexNames(e.arg, out);
      break;
    case 'call':
      e.args.forEach((x) => indexNames(x, out));
      break;
    case 'diff':
      [e.of, e.wrt].forEach((x) => indexNames(x, out));
      break;
    default:
      break;
  }
  return out;
}
