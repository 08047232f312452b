// The index-notation expression tree. Parsed once from mathjs nodes
// (parse.ts), never evaluated by mathjs. Index variables are still names here;
// bind.ts resolves them to numbered slots with ranges.

/** An affine index such as `i`, `p+u`, `2*p+u` or `i-1`: sum(coef*name) + offset, plus `rest` when there is one. */
export interface AffineIndex {
  readonly terms: readonly { readonly name: string; readonly coef: number }[];
  readonly offset: number;
  /**
   * The part that is not affine in the indices, an integer-valued expression
   * added to the rest: a dimension (`N - 1 - i`), an index tensor's entry
   * (`tok[s]`), floor or mod of index arithmetic (`floor(i / 2)`, `i % 2`).
   */
  readonly rest?: { readonly expr: Expr; readonly text: string };
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

/** Reductions over an index other than sum: the largest, the smallest and the product of the body's values. */
export type ReduceOp = 'max' | 'min' | 'prod';

export interface Access {
  readonly kind: 'access';
  readonly tensor: string;
  readonly indices: readonly AffineIndex[];
}

export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  /** A bare name: a dimension symbol, a declared constant or a rank-0 tensor. */
  | { readonly kind: 'sym'; readonly name: string }
  | Access
  | { readonly kind: 'delta'; readonly a: AffineIndex; readonly b: AffineIndex }
  | { readonly kind: 'sum'; readonly indices: readonly string[]; readonly body: Expr }
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly indices: readonly string[]; readonly body: Expr }
  /** An index used as a number (`k <= i`, `where(i == t[s], ...)`): its integer value. */
  | { readonly kind: 'index'; readonly index: AffineIndex }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly kind: 'diff'; readonly of: Expr; readonly wrt: Access };

/** `lhs = rhs` in index notation; the lhs indices are distinct plain names. */
export interface IndexEquation {
  readonly form: 'index';
  readonly lhs: { readonly tensor: string; readonly indices: readonly string[] };
  readonly rhs: Expr;
}

/** `name = <mathjs matrix expression>`: kept as text, evaluated by numeric/matrix.ts. */
export interface MatrixEquation {
  readonly form: 'matrix';
  readonly lhs: string;
  readonly rhs: string;
  /** Every bare name the expression uses, for checking they are known. */
  readonly names: readonly string[];
  /** Every function it calls. */
  readonly functions: readonly string[];
}

export type Equation = IndexEquation | MatrixEquation;

export const plainIndex = (name: string): AffineIndex => ({ terms: [{ name, coef: 1 }], offset: 0 });

/** The name of an index that is a single variable with coefficient 1 and no offset, else undefined. */
export function plainName(ix: AffineIndex): string | undefined {
  return ix.offset === 0 && ix.rest === undefined && ix.terms.length === 1 && ix.terms[0]!.coef === 1 ? ix.terms[0]!.name : undefined;
}

export function affineToString(ix: AffineIndex): string {
  let out = '';
  for (const { name, coef } of ix.terms) {
    const mag = Math.abs(coef) === 1 ? name : `${Math.abs(coef)}*${name}`;
    out += out === '' ? (coef < 0 ? `-${mag}` : mag) : coef < 0 ? `-${mag}` : `+${mag}`;
  }
  if (ix.rest !== undefined) out += out === '' || ix.rest.text.startsWith('-') ? ix.rest.text : `+${ix.rest.text}`;
  if (ix.offset !== 0 || out === '') out += out === '' ? `${ix.offset}` : ix.offset < 0 ? `${ix.offset}` : `+${ix.offset}`;
  return out;
}

/**
 * Where a node keeps its sub-expressions. The parsed tree (Expr, with index
 * names) and the bound one (bind.ts, with slots) have the same shape; `N` is
 * the node type, `A` its index type.
 */
export type TreeNode<N, A> =
  | { readonly kind: 'num' | 'sym' | 'dim' }
  | { readonly kind: 'access'; readonly indices: readonly A[] }
  | { readonly kind: 'delta'; readonly a: A; readonly b: A }
  | { readonly kind: 'index'; readonly index: A }
  | { readonly kind: 'sum' | 'reduce'; readonly body: N }
  | { readonly kind: 'binary'; readonly left: N; readonly right: N }
  | { readonly kind: 'neg'; readonly arg: N }
  | { readonly kind: 'call'; readonly args: readonly N[] }
  | { readonly kind: 'diff'; readonly of: N; readonly wrt: N };

/** The sub-expressions of a node of either tree, the non-affine parts of indices (`restOf`) included, for walks that treat every kind alike. */
export function childrenOf<N, A>(e: TreeNode<N, A>, restOf: (ix: A) => N | undefined): readonly N[] {
  switch (e.kind) {
    case 'access':
      return restsOf(e.indices, restOf);
    case 'delta':
      return restsOf([e.a, e.b], restOf);
    case 'index':
      return restsOf([e.index], restOf);
    case 'sum':
    case 'reduce':
      return [e.body];
    case 'binary':
      return [e.left, e.right];
    case 'neg':
      return [e.arg];
    case 'call':
      return e.args;
    case 'diff':
      return [e.of, e.wrt];
    default:
      return [];
  }
}

function restsOf<N, A>(indices: readonly A[], restOf: (ix: A) => N | undefined): N[] {
  const out: N[] = [];
  for (const ix of indices) {
    const rest = restOf(ix);
    if (rest !== undefined) out.push(rest);
  }
  return out;
}

const exprRest = (ix: AffineIndex): Expr | undefined => ix.rest?.expr;

/** The sub-expressions of a parsed node. */
export const exprChildren = (e: Expr): readonly Expr[] => childrenOf<Expr, AffineIndex>(e, exprRest);

/** Every index name an expression uses or sums over. */
export function indexNamesIn(e: Expr, out = new Set<string>()): Set<string> {
  if (e.kind === 'sum' || e.kind === 'reduce') e.indices.forEach((n) => out.add(n));
  const affine = (ix: AffineIndex): void => ix.terms.forEach((t) => out.add(t.name));
  if (e.kind === 'index') affine(e.index);
  if (e.kind === 'access') e.indices.forEach(affine);
  if (e.kind === 'delta') [e.a, e.b].forEach(affine);
  exprChildren(e).forEach((c) => indexNamesIn(c, out));
  return out;
}
