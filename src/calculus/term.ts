// The symbolic engine's normal form: a polynomial of products. A Term is
// coef * sum over `sums` of the product of its factors; each factor is a base
// raised to a real exponent. Sums of several terms that cannot be multiplied
// out (a denominator, a square root, a square kept compact) are `poly` bases.
import type { AffineIndex } from '../notation/ast.js';
import { affineToString, indexNamesIn, plainIndex, type Expr, type ReduceOp } from '../notation/ast.js';
import { indexRest } from '../notation/print.js';
import { mapChildren, mapOwnIndices } from '../notation/map.js';

export type Base =
  | { readonly kind: 'access'; readonly tensor: string; readonly indices: readonly AffineIndex[] }
  | { readonly kind: 'delta'; readonly a: AffineIndex; readonly b: AffineIndex }
  /** A dimension symbol or a named constant. */
  | { readonly kind: 'sym'; readonly name: string }
  /** An index used as a number (`k <= i`): a constant under differentiation. */
  | { readonly kind: 'index'; readonly index: AffineIndex }
  /** max, min or prod of the body over its own indices. */
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly indices: readonly string[]; readonly body: Poly }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Poly[] }
  | { readonly kind: 'poly'; readonly poly: Poly };

export interface Factor {
  readonly base: Base;
  readonly exp: number;
}

export interface Term {
  readonly coef: number;
  /** Indices summed over the whole product. */
  readonly sums: readonly string[];
  readonly factors: readonly Factor[];
}

export type Poly = readonly Term[];

export const constant = (c: number): Poly => (c === 0 ? [] : [{ coef: c, sums: [], factors: [] }]);
export const single = (base: Base, exp = 1): Poly => [{ coef: 1, sums: [], factors: [{ base, exp }] }];

/** Raised when an expression is outside what the engine differentiates. */
export class NotDerivable extends Error {}

// ---- index names ----

export function affineNames(ix: AffineIndex): string[] {
  return ix.rest === undefined ? ix.terms.map((t) => t.name) : [...new Set([...ix.terms.map((t) => t.name), ...indexNamesIn(ix.rest.expr)])];
}

/** Every index name a base mentions (inner bound indices of nested polys excluded). */
export function baseFreeNames(base: Base, out = new Set<string>()): Set<string> {
  switch (base.kind) {
    case 'access':
      base.indices.forEach((ix) => affineNames(ix).forEach((n) => out.add(n)));
      break;
    case 'delta':
      [...affineNames(base.a), ...affineNames(base.b)].forEach((n) => out.add(n));
      break;
    case 'index':
      affineNames(base.index).forEach((n) => out.add(n));
      break;
    case 'sym':
      break;
    case 'call':
      base.args.forEach((p) => polyFreeNames(p, out));
      break;
    case 'poly':
      polyFreeNames(base.poly, out);
      break;
    case 'reduce':
      for (const n of polyFreeNames(base.body)) if (!base.indices.includes(n)) out.add(n);
      break;
  }
  return out;
}

export function termFreeNames(t: Term, out = new Set<string>()): Set<string> {
  const inner = new Set<string>();
  t.factors.forEach((f) => baseFreeNames(f.base, inner));
  for (const n of inner) if (!t.sums.includes(n)) out.add(n);
  return out;
}

export function polyFreeNames(p: Poly, out = new Set<string>()): Set<string> {
  p.forEach((t) => termFreeNames(t, out));
  return out;
}

/** Every name used anywhere, bound or free, at any depth. */
export function allNames(p: Poly, out = new Set<string>()): Set<string> {
  for (const t of p) {
    t.sums.forEach((s) => out.add(s));
    for (const f of t.factors) {
      if (f.base.kind === 'call') f.base.args.forEach((a) => allNames(a, out));
      else if (f.base.kind === 'poly') allNames(f.base.poly, out);
      else if (f.base.kind === 'reduce') {
        f.base.indices.forEach((n) => out.add(n));
        allNames(f.base.body, out);
      }
      else baseFreeNames(f.base, out);
    }
  }
  return out;
}

// ---- substitution ----

export type Substitution = ReadonlyMap<string, AffineIndex>;

export function substituteAffine(ix: AffineIndex, sub: Substitution): AffineIndex {
  const terms = new Map<string, number>();
  const rests: Expr[] = [];
  let offset = ix.offset;
  for (const { name, coef } of ix.terms) {
    const to = sub.get(name);
    if (to === undefined) {
      terms.set(name, (terms.get(name) ?? 0) + coef);
      continue;
    }
    offset += coef * to.offset;
    for (const t of to.terms) terms.set(t.name, (terms.get(t.name) ?? 0) + coef * t.coef);
    if (to.rest !== undefined) rests.push(scaled(to.rest.expr, coef));
  }
  if (ix.rest !== undefined) rests.push(substituteInExpr(ix.rest.expr, sub));
  const affine = { terms: [...terms].filter(([, c]) => c !== 0).map(([name, coef]) => ({ name, coef })), offset };
  return rests.length === 0 ? affine : { ...affine, rest: indexRest(rests.reduce((left, right) => ({ kind: 'binary', op: '+', left, right }))) };
}

/** c * e, without a factor 1. */
export const scaled = (e: Expr, c: number): Expr => (c === 1 ? e : c === -1 ? { kind: 'neg', arg: e } : { kind: 'binary', op: '*', left: { kind: 'num', value: c }, right: e });

/** Index names replaced inside an index's non-affine part (its sums' own indices shadow). */
function substituteInExpr(e: Expr, sub: Substitution): Expr {
  const go = (x: Expr): Expr => substituteInExpr(x, sub);
  switch (e.kind) {
    case 'access':
    case 'delta':
    case 'index':
      return mapOwnIndices(e, (ix) => substituteAffine(ix, sub));
    case 'sum':
    case 'reduce':
      return { ...e, body: substituteInExpr(e.body, new Map([...sub].filter(([n]) => !e.indices.includes(n)))) };
    default:
      return mapChildren(e, go);
  }
}

/**
 * Replaces free index names. Bound indices that would capture a name of the
 * replacement are renamed first (with `fresh`).
 */
export function substitute(p: Poly, sub: Substitution, fresh: (base: string) => string): Poly {
  if (sub.size === 0) return p;
  const incoming = new Set<string>();
  for (const ix of sub.values()) affineNames(ix).forEach((n) => incoming.add(n));
  return p.map((t) => {
    let term = t;
    const captured = t.sums.filter((s) => incoming.has(s) || sub.has(s));
    if (captured.length > 0) term = renameBound(term, new Map(captured.map((s) => [s, fresh(s)])), fresh);
    const inner = new Map([...sub].filter(([name]) => !term.sums.includes(name)));
    return { ...term, factors: term.factors.map((f) => ({ ...f, base: substituteBase(f.base, inner, fresh) })) };
  });
}

function substituteBase(b: Base, sub: Substitution, fresh: (base: string) => string): Base {
  switch (b.kind) {
    case 'access':
      return { ...b, indices: b.indices.map((ix) => substituteAffine(ix, sub)) };
    case 'delta':
      return { ...b, a: substituteAffine(b.a, sub), b: substituteAffine(b.b, sub) };
    case 'index':
      return { ...b, index: substituteAffine(b.index, sub) };
    case 'sym':
      return b;
    case 'call':
      return { ...b, args: b.args.map((a) => substitute(a, sub, fresh)) };
    case 'poly':
      return { ...b, poly: substitute(b.poly, sub, fresh) };
    case 'reduce': {
      // The reduction's own indices are renamed apart from every name the substitution mentions.
      const incoming = new Set([...sub.keys(), ...[...sub.values()].flatMap(affineNames)]);
      const renames = new Map(b.indices.filter((n) => incoming.has(n)).map((n) => [n, fresh(n)] as const));
      const own = new Map([...renames].map(([from, to]) => [from, plainIndex(to)] as const));
      const inner = new Map([...sub].filter(([name]) => !b.indices.includes(name)));
      return { ...b, indices: b.indices.map((n) => renames.get(n) ?? n), body: substitute(substitute(b.body, own, fresh), inner, fresh) };
    }
  }
}

/** Renames a term's own bound indices. */
export function renameBound(t: Term, renames: ReadonlyMap<string, string>, fresh: (base: string) => string): Term {
  const sub: Substitution = new Map([...renames].map(([from, to]) => [from, { terms: [{ name: to, coef: 1 }], offset: 0 }]));
  const inner: Term = { coef: t.coef, sums: [], factors: t.factors };
  const [renamed] = substitute([inner], sub, fresh);
  return { ...renamed!, sums: t.sums.map((s) => renames.get(s) ?? s) };
}

/**
 * sum(outer, t): the term summed over `outer` as well, its own bound indices
 * renamed first where they share a name with an outer one (which would
 * otherwise capture the outer index, or bind one name twice).
 */
export function sumOver(outer: readonly string[], t: Term, fresh: (base: string) => string): Term {
  const clash = t.sums.filter((s) => outer.includes(s));
  const inner = clash.length === 0 ? t : renameBound(t, new Map(clash.map((s) => [s, fresh(s)])), fresh);
  return { ...inner, sums: [...outer, ...inner.sums] };
}

// ---- keys: canonical text, equal for alpha-equivalent terms ----

export function baseKey(b: Base): string {
  switch (b.kind) {
    case 'access':
      // A scalar tensor reads the same as a bare name (L, r), however it was parsed.
      return b.indices.length === 0 ? b.tensor : `${b.tensor}[${b.indices.map(affineToString).join(',')}]`;
    case 'delta': {
      const [x, y] = [affineToString(b.a), affineToString(b.b)].sort();
      return `delta(${x},${y})`;
    }
    case 'index':
      return `#index(${affineToString(b.index)})`;
    case 'sym':
      return b.name;
    case 'call':
      return `${b.fn}(${b.args.map(polyKey).join(',')})`;
    case 'poly':
      return `(${polyKey(b.poly)})`;
    case 'reduce': {
      // Alpha-equivalent reductions have one key: their own indices are numbered.
      const numbered = new Map(b.indices.map((n, k) => [n, plainIndex(`%${k}`)] as const));
      return `${b.op}${b.indices.length}(${polyKey(substitute(b.body, numbered, (n) => `${n}'`))})`;
    }
  }
}

/** A term's key with its bound indices renamed #0, #1, ... in a canonical order, and its coefficient left out. */
export function termShapeKey(t: Term): string {
  if (t.sums.length === 0) return t.factors.map(factorKey).sort().join('*');
  // Order bound indices by where they first appear in the factors sorted with all bound names masked.
  const sorted = t.factors
    .map((f) => ({ f, key: factorKey(maskBound(f, t.sums)) + factorKey(f) }))
    .sort((a, b) => cmp(a.key, b.key))
    .map(({ f }) => f);
  const order: string[] = [];
  for (const f of sorted) for (const n of baseFreeNames(f.base)) if (t.sums.includes(n) && !order.includes(n)) order.push(n);
  for (const s of t.sums) if (!order.includes(s)) order.push(s);
  const sub: Substitution = new Map(order.map((s, k) => [s, { terms: [{ name: `#${k}`, coef: 1 }], offset: 0 }]));
  const renamed = t.factors.map((f) => ({ ...f, base: substituteBase(f.base, sub, (n) => `${n}'`) }));
  return `sum${order.length}:${renamed.map(factorKey).sort().join('*')}`;
}

export function polyKey(p: Poly): string {
  return p.map((t) => `${t.coef}*${termShapeKey(t)}`).sort().join(' + ');
}

export const factorKey = (f: Factor): string => (f.exp === 1 ? baseKey(f.base) : `${baseKey(f.base)}^${f.exp}`);

function maskBound(f: Factor, bound: readonly string[]): Factor {
  const sub: Substitution = new Map(bound.map((s) => [s, { terms: [{ name: '#', coef: 1 }], offset: 0 }]));
  return { ...f, base: substituteBase(f.base, sub, (n) => n) };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
