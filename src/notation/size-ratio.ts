// A ratio of sizes inside an index (`c // (C / G)`) is whole only where one
// size divides the other, but each dimension is drawn on its own: the group
// map of group norm is written with C declared as a product, G * K, instead.
import type { Expr } from './ast.js';
import { exprChildren } from './ast.js';
import { exprToString } from './print.js';

/** The first division of one size by another in `e` that is not whole at every size, as text. */
export function unevenSizeRatio(e: Expr, dimensions: ReadonlySet<string>): string | undefined {
  if (e.kind === 'binary' && e.op === '/' && isSize(e.left, dimensions) && isSize(e.right, dimensions) && !divides(e.right, e.left)) {
    return exprToString(e);
  }
  for (const child of exprChildren(e)) {
    const found = unevenSizeRatio(child, dimensions);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Arithmetic of dimensions and whole numbers, with a dimension in it. */
function isSize(e: Expr, dimensions: ReadonlySet<string>): boolean {
  const leaves = (x: Expr): Expr[] => (x.kind === 'binary' && x.op !== '/' && x.op !== '^' ? [...leaves(x.left), ...leaves(x.right)] : [x]);
  const all = leaves(e);
  const isDim = (x: Expr): boolean => x.kind === 'sym' && dimensions.has(x.name);
  return all.some(isDim) && all.every((x) => isDim(x) || (x.kind === 'num' && Number.isInteger(x.value)));
}

/** Whether every factor of `divisor` is a factor of the product `dividend` (G divides G * K). */
function divides(divisor: Expr, dividend: Expr): boolean {
  const factors = (x: Expr): string[] => (x.kind === 'binary' && x.op === '*' ? [...factors(x.left), ...factors(x.right)] : [exprToString(x)]);
  const left = factors(dividend);
  return factors(divisor).every((f) => {
    const k = left.indexOf(f);
    if (k >= 0) left.splice(k, 1);
    return k >= 0;
  });
}
