// Rebuilding a parsed tree: each node with its sub-expressions (those that
// exprChildren lists) replaced, and substitution of bare names built on it.
import type { AffineIndex, Expr } from './ast.js';
import { indexRest } from './print.js';

/** The node with each index it holds itself (an access's, a delta's, an index tensor's) replaced by `f`; any other node as it is. */
export function mapOwnIndices(e: Expr, f: (ix: AffineIndex) => AffineIndex): Expr {
  switch (e.kind) {
    case 'access':
      return { ...e, indices: e.indices.map(f) };
    case 'delta':
      return { ...e, a: f(e.a), b: f(e.b) };
    case 'index':
      return { ...e, index: f(e.index) };
    default:
      return e;
  }
}

/** The node with every sub-expression replaced by `f` of it; an index's non-affine part is printed anew. */
export function mapChildren(e: Expr, f: (child: Expr) => Expr): Expr {
  const index = (ix: AffineIndex): AffineIndex => (ix.rest === undefined ? ix : { ...ix, rest: indexRest(f(ix.rest.expr)) });
  switch (e.kind) {
    case 'access':
    case 'delta':
    case 'index':
      return mapOwnIndices(e, index);
    case 'sum':
    case 'reduce':
      return { ...e, body: f(e.body) };
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'neg':
      return { ...e, arg: f(e.arg) };
    case 'call':
      return { ...e, args: e.args.map(f) };
    case 'diff':
      // Its second argument stays a tensor entry: only that entry's indices are mapped.
      return { ...e, of: f(e.of), wrt: { ...e.wrt, indices: e.wrt.indices.map(index) } };
    default:
      return e;
  }
}

/** The expression with bare names replaced (`a` by a call's argument in a registry derivative). Bare names are never bound, so nothing is captured. */
export function substituteNames(e: Expr, by: ReadonlyMap<string, Expr>): Expr {
  return e.kind === 'sym' ? (by.get(e.name) ?? e) : mapChildren(e, (child) => substituteNames(child, by));
}
