// Brings a checked forward line into the symbolic engine with its index names
// made globally consistent: a name that another line uses over a different
// range is renamed, following the binder's slot order (notation/bind.ts), so
// that every name has one range across the whole derivation.
import type { AffineIndex, Expr, IndexEquation } from '../notation/ast.js';
import type { BoundEquation } from '../notation/bind.js';
import { indexRest } from '../notation/print.js';
import type { IndexNames } from './names.js';
import { mapOwnIndices } from '../notation/map.js';

export function importEquation(eq: IndexEquation, bound: BoundEquation, names: IndexNames): IndexEquation {
  let slot = 0;
  const take = (name: string, scope: Map<string, string>): string => {
    const dim = bound.slots[slot++]?.dim;
    const renamed = dim === undefined ? name : names.nameFor(name, dim);
    scope.set(name, renamed);
    return renamed;
  };
  const top = new Map<string, string>();
  const lhs = eq.lhs.indices.map((n) => take(n, top));
  // The non-affine part is walked where the binder binds it: after the terms, index by index.
  const affine = (ix: AffineIndex, scope: Map<string, string>): AffineIndex => ({
    ...ix,
    terms: ix.terms.map((t) => ({ ...t, name: scope.get(t.name) ?? t.name })),
    ...(ix.rest === undefined ? {} : { rest: indexRest(walk(ix.rest.expr, scope)) }),
  });
  const walk = (e: Expr, scope: Map<string, string>): Expr => {
    switch (e.kind) {
      case 'num':
      case 'sym':
        return e;
      case 'access':
      case 'delta':
      case 'index':
        return mapOwnIndices(e, (ix) => affine(ix, scope));
      case 'sum':
      case 'reduce': {
        const inner = new Map(scope);
        const indices = e.indices.map((n) => take(n, inner));
        return { ...e, indices, body: walk(e.body, inner) };
      }
      case 'binary':
        return { ...e, left: walk(e.left, scope), right: walk(e.right, scope) };
      case 'neg':
        return { ...e, arg: walk(e.arg, scope) };
      case 'call':
        return { ...e, args: e.args.map((a) => walk(a, scope)) };
      case 'diff': {
        const wrt = walk(e.wrt, scope);
        return { ...e, wrt: wrt as typeof e.wrt, of: walk(e.of, scope) };
      }
      default: {
        const never: never = e;
        return never;
      }
    }
  };
  return { form: 'index', lhs: { tensor: eq.lhs.tensor, indices: lhs }, rhs: walk(eq.rhs, top) };
}
