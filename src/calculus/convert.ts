// Between the parsed tree (notation/ast.ts) and the normal form (term.ts).
// Reading multiplies out products of sums; writing puts every factor outside
// the sums it does not depend on and pulls factors common to all terms out
// of a sum of terms, so results read like a person wrote them.
import { indexNamesIn, plainIndex, type AffineIndex, type Expr } from '../notation/ast.js';
import { add, multiply, power, scale, type Fresh } from './algebra.js';
import type { Factor, Poly, Term } from './term.js';
import { baseFreeNames, baseKey, constant, NotDerivable, single, substitute, substituteAffine, sumOver } from './term.js';
import { mapOwnIndices } from '../notation/map.js';

/**
 * `symbols` stand for polynomials (a derivative rule's arguments a, b);
 * `constants` are the derivation's named constants, whose values an exponent
 * may use (x^p with p = 3 is x^3 to the engine).
 */
export function fromExpr(e: Expr, fresh: Fresh, symbols?: ReadonlyMap<string, Poly>, constants?: ReadonlyMap<string, number>): Poly {
  const go = (x: Expr): Poly => fromExpr(x, fresh, symbols, constants);
  switch (e.kind) {
    case 'num':
      return constant(e.value);
    case 'sym':
      return symbols?.get(e.name) ?? single({ kind: 'sym', name: e.name });
    case 'index':
      return single({ kind: 'index', index: e.index });
    case 'access':
      return single({ kind: 'access', tensor: e.tensor, indices: e.indices });
    case 'delta':
      return single({ kind: 'delta', a: e.a, b: e.b });
    case 'sum':
      return go(e.body).map((t) => sumOver(e.indices, t, fresh));
    case 'binary': {
      const [l, r] = [go(e.left), go(e.right)];
      switch (e.op) {
        case '+':
          return add(l, r);
        case '-':
          return add(l, scale(r, -1));
        case '*':
          return multiply(l, r, fresh);
        case '/':
          return multiply(l, power(r, -1, fresh), fresh);
        case '^': {
          if (r.length === 0) return constant(1);
          const exponent = constantValue(r, constants);
          if (exponent === undefined) throw new NotDerivable(`a power with a non-constant exponent is not supported`);
          return power(l, exponent, fresh);
        }
      }
      break;
    }
    case 'neg':
      return scale(go(e.arg), -1);
    case 'call':
      if (e.fn === 'sqrt') return power(go(e.args[0]!), 0.5, fresh);
      return single({ kind: 'call', fn: e.fn, args: e.args.map(go) });
    case 'diff':
      throw new NotDerivable('diff(...) inside a definition is not supported');
    case 'reduce': {
      // Fresh names for the reduction's own indices: nothing outside can capture them.
      const own = new Map(e.indices.map((n) => [n, plainIndex(fresh(n))] as const));
      const indices = e.indices.map((n) => own.get(n)!.terms[0]!.name);
      return single({ kind: 'reduce', op: e.op, indices, body: substitute(go(e.body), own, fresh) });
    }
    default: {
      const never: never = e;
      return never;
    }
  }
  throw new Error('unreachable');
}

/** The value of a single term made of a number and named constants, if it is one. */
function constantValue(p: Poly, constants: ReadonlyMap<string, number> = new Map()): number | undefined {
  const [t] = p;
  if (p.length !== 1 || t!.sums.length > 0) return undefined;
  let value = t!.coef;
  for (const f of t!.factors) {
    const known = f.base.kind === 'sym' ? constants.get(f.base.name) : undefined;
    if (known === undefined) return undefined;
    value *= known ** f.exp;
  }
  return value;
}

// ---- writing ----

const num = (value: number): Expr => ({ kind: 'num', value });
const mul = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '*', left, right });

function productOf(parts: readonly Expr[]): Expr | undefined {
  return parts.reduce<Expr | undefined>((acc, p) => (acc === undefined ? p : mul(acc, p)), undefined);
}

/** The dimension an index runs over, for writing a sum over an unused index as a product (sum(k, 1) = K). */
export type DimOf = (index: string) => string | undefined;

export function toExpr(p: Poly, dimOf: DimOf = () => undefined): Expr {
  return deshadow(polyExpr(p, dimOf));
}

function polyExpr(p: Poly, dimOf: DimOf): Expr {
  if (p.length === 0) return num(0);
  const common = commonFactors(p);
  if (common.length > 0 && p.length > 1) {
    const rest = p.map((t) => ({ ...t, factors: removeFactors(t.factors, common) }));
    const inner = sumOfTerms(rest, dimOf);
    const outside = termExpr({ coef: 1, sums: [], factors: common }, false, dimOf);
    return mul(outside, inner);
  }
  return sumOfTerms(p, dimOf);
}

function sumOfTerms(p: Poly, dimOf: DimOf): Expr {
  let acc: Expr | undefined;
  for (const t of [...p].sort((a, b) => Number(a.coef < 0) - Number(b.coef < 0))) {
    if (acc === undefined) {
      acc = termExpr(t, true, dimOf);
      continue;
    }
    const negative = t.coef < 0;
    const body = termExpr(negative ? { ...t, coef: -t.coef } : t, true, dimOf);
    acc = { kind: 'binary', op: negative ? '-' : '+', left: acc, right: body };
  }
  return acc ?? num(0);
}

/** Factors (with positive exponent, free of the term's bound indices) that every term has. */
export function commonFactors(p: Poly): Factor[] {
  const candidates = p[0]!.factors.filter((f) => f.exp > 0 && !dependsOn(f, p[0]!.sums));
  return candidates
    .map((f) => {
      let exp = f.exp;
      for (const t of p.slice(1)) {
        const match = t.factors.find((g) => baseKey(g.base) === baseKey(f.base) && g.exp > 0 && !dependsOn(g, t.sums));
        if (match === undefined) return undefined;
        exp = Math.min(exp, match.exp);
      }
      return { base: f.base, exp };
    })
    .filter((f): f is Factor => f !== undefined);
}

export function removeFactors(factors: readonly Factor[], common: readonly Factor[]): Factor[] {
  return factors
    .map((f) => {
      const c = common.find((g) => baseKey(g.base) === baseKey(f.base));
      return c === undefined ? f : { base: f.base, exp: f.exp - c.exp };
    })
    .filter((f) => f.exp !== 0);
}

const dependsOn = (f: Factor, names: readonly string[]): boolean => {
  const used = baseFreeNames(f.base);
  return names.some((n) => used.has(n));
};

/**
 * One term: coefficient, numerator and denominator factors, each bound index
 * summed over the smallest group of factors that mentions it (independent
 * groups become separate sums).
 */
function termExpr(t: Term, withCoef: boolean, dimOf: DimOf): Expr {
  const groups = sumGroups(t);
  const outside = t.factors.filter((f) => !dependsOn(f, t.sums));
  const numerator = outside.filter((f) => f.exp > 0).map((f) => factorExpr(f, dimOf));
  const denominator = outside.filter((f) => f.exp < 0).map((f) => factorExpr({ base: f.base, exp: -f.exp }, dimOf));
  for (const g of groups) {
    // An index that no factor mentions counts terms: its dimension, where known, says so plainly.
    const counted = g.factors.length === 0 ? g.indices.map(dimOf) : [];
    if (counted.length > 0 && counted.every((d) => d !== undefined && /^[A-Za-z0-9_]+$/.test(d))) {
      numerator.push(...counted.map((d): Expr => (Number.isInteger(Number(d)) ? num(Number(d)) : { kind: 'sym', name: d! })));
      continue;
    }
    const body = termExpr({ coef: 1, sums: [], factors: g.factors }, false, dimOf);
    numerator.push({ kind: 'sum', indices: g.indices, body });
  }
  let coef = withCoef ? t.coef : 1;
  const sign = coef < 0 ? -1 : 1;
  coef = Math.abs(coef);
  let top = productOf(numerator);
  if (coef !== 1 || top === undefined) {
    const inverse = 1 / coef;
    if (top !== undefined && coef < 1 && Number.isInteger(Math.round(inverse)) && Math.abs(inverse - Math.round(inverse)) < 1e-12) {
      denominator.unshift(num(Math.round(inverse)));
    } else {
      top = top === undefined ? num(coef) : mul(num(coef), top);
    }
  }
  const bottom = productOf(denominator);
  let out: Expr = bottom === undefined ? top! : { kind: 'binary', op: '/', left: top!, right: bottom };
  if (sign < 0) out = { kind: 'neg', arg: out };
  return out;
}

function sumGroups(t: Term): { indices: string[]; factors: Factor[] }[] {
  const inner = t.factors.filter((f) => dependsOn(f, t.sums));
  const groups: { indices: Set<string>; factors: Factor[] }[] = [];
  for (const f of inner) {
    const mine = new Set(t.sums.filter((s) => dependsOn(f, [s])));
    const touching = groups.filter((g) => [...mine].some((s) => g.indices.has(s)));
    const merged = { indices: new Set([...mine, ...touching.flatMap((g) => [...g.indices])]), factors: [...touching.flatMap((g) => g.factors), f] };
    for (const g of touching) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  const out = groups.map((g) => ({ indices: t.sums.filter((s) => g.indices.has(s)), factors: g.factors }));
  // A bound index that no factor mentions still counts terms: keep it on its own.
  const unused = t.sums.filter((s) => !inner.some((f) => dependsOn(f, [s])));
  if (unused.length > 0) out.push({ indices: unused, factors: [] });
  return out;
}

function factorExpr(f: Factor, dimOf: DimOf): Expr {
  const base = baseExpr(f.base, dimOf);
  if (f.exp === 1) return base;
  if (f.exp === 0.5) return { kind: 'call', fn: 'sqrt', args: [base] };
  if (f.exp === -0.5) return { kind: 'binary', op: '/', left: num(1), right: { kind: 'call', fn: 'sqrt', args: [base] } };
  if (f.exp < 0) return { kind: 'binary', op: '/', left: num(1), right: factorExpr({ base: f.base, exp: -f.exp }, dimOf) };
  return { kind: 'binary', op: '^', left: base, right: num(f.exp) };
}

function baseExpr(b: Factor['base'], dimOf: DimOf): Expr {
  switch (b.kind) {
    case 'access':
      return { kind: 'access', tensor: b.tensor, indices: b.indices };
    case 'delta':
      return { kind: 'delta', a: b.a, b: b.b };
    case 'sym':
      return { kind: 'sym', name: b.name };
    case 'index':
      return { kind: 'index', index: b.index };
    case 'reduce':
      return { kind: 'reduce', op: b.op, indices: b.indices, body: polyExpr(b.body, dimOf) };
    case 'call':
      return { kind: 'call', fn: b.fn, args: b.args.map((a) => polyExpr(a, dimOf)) };
    case 'poly':
      return polyExpr(b.poly, dimOf);
  }
}

/**
 * Renames a sum's index when an enclosing sum already binds that name: the
 * normal form keeps a bracket's bound indices apart from its term's, but the
 * printed text nests them, and index notation does not allow shadowing.
 */
function deshadow(e: Expr): Expr {
  const used = indexNamesIn(e);
  const freshName = (n: string): string => {
    let k = 1;
    while (used.has(`${n}${k}`)) k++;
    used.add(`${n}${k}`);
    return `${n}${k}`;
  };
  const rename = (ix: AffineIndex, map: ReadonlyMap<string, string>): AffineIndex => substituteAffine(ix, new Map([...map].map(([from, to]) => [from, plainIndex(to)])));
  const walk = (x: Expr, scope: ReadonlySet<string>, map: ReadonlyMap<string, string>): Expr => {
    switch (x.kind) {
      case 'sum':
      case 'reduce': {
        const inner = new Map(map);
        const indices = x.indices.map((n) => {
          const to = scope.has(n) ? freshName(n) : n;
          inner.set(n, to);
          return to;
        });
        return { ...x, indices, body: walk(x.body, new Set([...scope, ...indices]), inner) };
      }
      case 'access':
      case 'delta':
      case 'index':
        return mapOwnIndices(x, (ix) => rename(ix, map));
      case 'binary':
        return { ...x, left: walk(x.left, scope, map), right: walk(x.right, scope, map) };
      case 'neg':
        return { ...x, arg: walk(x.arg, scope, map) };
      case 'call':
        return { ...x, args: x.args.map((a) => walk(a, scope, map)) };
      default:
        return x;
    }
  };
  return walk(e, new Set(), new Map());
}

/** Instantiates a definition `T[i,j] = body` at indices `at` (renaming its bound indices apart). */
export function instantiate(body: Poly, params: readonly string[], at: readonly AffineIndex[], fresh: Fresh): Poly {
  return substitute(body, new Map(params.map((p, k) => [p, at[k]!])), fresh);
}
