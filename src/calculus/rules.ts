// The simplification rules, as data: a name, what it does, examples it
// rewrites (the soundness test evaluates every rule on its examples, before
// and after, on random tensors), and the rewrite of one term.
import { indexNamesIn, plainName, type AffineIndex } from '../notation/ast.js';
import { indexRest } from '../notation/print.js';
import type { Dim } from '../notation/shapes.js';
import { normalizeTerm, type Fresh } from './algebra.js';
import { rangeContains } from '../notation/dim-order.js';
import type { IndexNames } from './names.js';
import type { Base, Factor, Poly, Term } from './term.js';
import { affineNames, baseFreeNames, baseKey, scaled, substitute } from './term.js';

export interface RuleContext {
  readonly names: IndexNames;
  readonly fresh: Fresh;
  /** The dimensions of every tensor, to know when an access enforces an index's range. */
  readonly shapes: ReadonlyMap<string, readonly Dim[]>;
}

export interface Rule {
  readonly name: string;
  readonly description: string;
  /** Index expressions this rule rewrites (shapes for them are in the soundness test). */
  readonly examples: readonly string[];
  /** Index expressions this rule must leave alone: rewriting them would change their value. */
  readonly nonExamples?: readonly string[];
  /** The rewritten term(s), or undefined when the rule does not apply. */
  readonly apply: (t: Term, ctx: RuleContext) => Term[] | undefined;
}

const isConstant = (ix: AffineIndex): boolean => ix.terms.length === 0 && ix.rest === undefined;
const affineKey = (ix: AffineIndex): string =>
  `${[...ix.terms].sort((x, y) => (x.name < y.name ? -1 : 1)).map((x) => `${x.coef}${x.name}`).join('+')}+${ix.offset}+${ix.rest?.text ?? ''}`;
const sameAffine = (a: AffineIndex, b: AffineIndex): boolean => affineKey(a) === affineKey(b);

const deltaSelf: Rule = {
  name: 'delta-self',
  description: 'delta(a,a) = 1',
  examples: ['x[i] * delta(i,i)', 'sum(k, x[k] * delta(k+1,k+1))'],
  apply: (t) => {
    const k = t.factors.findIndex((f) => f.base.kind === 'delta' && sameAffine(f.base.a, f.base.b));
    if (k < 0) return undefined;
    return [{ ...t, factors: t.factors.filter((_, j) => j !== k) }];
  },
};

const deltaConstant: Rule = {
  name: 'delta-constant',
  description: 'delta(c1,c2) of two numbers is 1 when they are equal, else the term is 0',
  examples: ['x[i] * delta(0,1)', 'x[i] * delta(2,2)'],
  apply: (t) => {
    const k = t.factors.findIndex((f) => f.base.kind === 'delta' && isConstant(f.base.a) && isConstant(f.base.b));
    if (k < 0) return undefined;
    const d = t.factors[k]!.base as Extract<Base, { kind: 'delta' }>;
    return d.a.offset === d.b.offset ? [{ ...t, factors: t.factors.filter((_, j) => j !== k) }] : [];
  },
};

/**
 * sum(k, F(k) * delta(k, e)) = F(e): the Kronecker delta sifts. With affine
 * forms, delta(p+u, h) sifts p = h-u. The sifted index's range must survive:
 * e is a plain index over the same range or one inside it, or e is affine and k indexes a
 * tensor factor along an axis of exactly k's range, which then reads 0
 * wherever e leaves it (a plain index of another range would read out of
 * bounds, and the binder rejects it).
 */
const deltaSift: Rule = {
  name: 'delta-sift',
  description: 'sum(k, F(k) * delta(k,e)) = F(e)',
  examples: [
    'sum(k, x[k] * delta(k,i))',
    'sum(k, l, A[k,l] * delta(k,i) * delta(l,j))',
    'sum(k, delta(i,k) * delta(k,j))',
    'sum(k, exp(x[k]) * delta(k,i))',
    'sum(p, y[p] * delta(p+1,h))',
    'sum(p, y[p] * delta(p+u,h))',
    'sum(p, u, y[p] * w[u] * delta(p+u,h))',
  ],
  // k over K, i over N: z[i] would read outside z; h-1 leaves p's range, and exp(y[h-1]) does not read 0 there.
  nonExamples: ['sum(k, z[k] * delta(k,i))', 'sum(p, exp(y[p]) * delta(p+1,h))'],
  apply: (t, ctx) => {
    for (const [k, f] of t.factors.entries()) {
      if (f.base.kind !== 'delta') continue;
      for (const [side, other] of [[f.base.a, f.base.b], [f.base.b, f.base.a]] as const) {
        for (const { name, coef } of side.terms) {
          if (!t.sums.includes(name) || Math.abs(coef) !== 1) continue;
          if (other.terms.some((x) => x.name === name)) continue;
          // A name inside a non-affine part (floor(i/2), t[i]) cannot be solved for.
          if ([side.rest, other.rest].some((r) => r !== undefined && indexNamesIn(r.expr).has(name))) continue;
          // name = (other - (side without name)) / coef
          const rest = side.terms.filter((x) => x.name !== name);
          const nonAffine = [...(other.rest === undefined ? [] : [scaled(other.rest.expr, coef)]), ...(side.rest === undefined ? [] : [scaled(side.rest.expr, -coef)])];
          const solution: AffineIndex = {
            terms: [...other.terms.map((x) => ({ name: x.name, coef: x.coef * coef })), ...rest.map((x) => ({ name: x.name, coef: -x.coef * coef }))],
            offset: (other.offset - side.offset) * coef,
            ...(nonAffine.length === 0 ? {} : { rest: indexRest(nonAffine.reduce((left, right) => ({ kind: 'binary', op: '+', left, right }))) }),
          };
          if (!rangeKept(t, k, name, solution, ctx)) continue;
          const remaining: Term = { coef: t.coef, sums: [], factors: t.factors.filter((_, j) => j !== k) };
          const [sifted] = substitute([remaining], new Map([[name, solution]]), ctx.fresh);
          return normalizeTerm({ ...sifted!, sums: t.sums.filter((s) => s !== name) }, ctx.fresh);
        }
      }
    }
    return undefined;
  },
};

function rangeKept(t: Term, deltaAt: number, name: string, solution: AffineIndex, ctx: RuleContext): boolean {
  const dim = ctx.names.dim(name);
  if (dim === undefined) return false;
  // A plain index is read without a bounds check (only affine reads pad with 0): its range must lie inside the sifted one's
  // (sum over i < N+1 of F(i) delta(i,k) is F(k) for k < N).
  const plain = plainName(solution);
  if (plain !== undefined) {
    const solved = ctx.names.dim(plain);
    return solved !== undefined && solved !== '?' && rangeContains(dim, solved);
  }
  return t.factors.some(
    (f, j) =>
      j !== deltaAt &&
      f.exp > 0 &&
      Number.isInteger(f.exp) &&
      f.base.kind === 'access' &&
      f.base.indices.some((ix, axis) => ix.offset === 0 && ix.terms.length === 1 && ix.terms[0]!.name === name && ix.terms[0]!.coef === 1 && ctx.shapes.get((f.base as { tensor: string }).tensor)?.[axis] === dim),
  );
}

/** sum(k, F) with F free of k is (size of k's range) * F. */
const sumConstant: Rule = {
  name: 'sum-constant',
  description: 'sum(k, F) = K * F when F does not depend on k',
  // z[k]^0 = 1 gives k a range (an index needs one) without making F depend on it.
  examples: ['sum(k, x[i] * z[k]^0)', 'sum(k, l, A[i,l] * z[k]^0)', 'sum(k, x[i] * c[k]^0)'],
  apply: (t, ctx) => {
    const used = new Set<string>();
    t.factors.forEach((f) => baseFreeNames(f.base, used));
    const idle = t.sums.find((s) => !used.has(s));
    if (idle === undefined) return undefined;
    const dim = ctx.names.dim(idle);
    if (dim === undefined || dim === '?') return undefined;
    const size = Number(dim);
    const sums = t.sums.filter((s) => s !== idle);
    if (Number.isInteger(size)) return [{ ...t, coef: t.coef * size, sums }];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(dim)) return undefined; // a compound dimension (H-K+1): leave the sum
    const factor: Factor = { base: { kind: 'sym', name: dim }, exp: 1 };
    return normalizeTerm({ ...t, sums, factors: [...t.factors, factor] }, ctx.fresh);
  },
};

const mergePowers: Rule = {
  name: 'merge-powers',
  description: 'x^a * x^b = x^(a+b); x^0 = 1; delta^2 = delta',
  examples: ['x[i] * x[i]', 'x[i] * x[i] / x[i]', 'x[i]^2 / x[i]^2', 'x[i] * delta(i,j) * delta(i,j)'],
  apply: (t, ctx) => {
    const keys = t.factors.map((f) => baseKey(f.base));
    if (new Set(keys).size === keys.length && t.factors.every((f) => f.exp !== 0)) return undefined;
    return normalizeTerm(t, ctx.fresh);
  },
};

/** The summed index k and the divisor c of an index floor(k / c), c a positive whole number. */
function flooredIndex(ix: AffineIndex, sums: readonly string[]): { name: string; divisor: number } | undefined {
  const e = ix.rest?.expr;
  if (ix.terms.length !== 0 || ix.offset !== 0 || e?.kind !== 'call' || e.fn !== 'floor') return undefined;
  const q = e.args[0]!;
  if (q.kind !== 'binary' || q.op !== '/' || q.left.kind !== 'index' || q.right.kind !== 'num') return undefined;
  const name = plainName(q.left.index);
  const divisor = q.right.value;
  return name !== undefined && sums.includes(name) && Number.isInteger(divisor) && divisor >= 1 ? { name, divisor } : undefined;
}

/** floor(k / c) = e exactly when k = c * e + r for one r in 0 .. c - 1: the sum over k becomes c terms. */
const deltaFloor: Rule = {
  name: 'delta-floor',
  description: 'sum(k, F(k) * delta(floor(k / c), e)) = F(c*e) + ... + F(c*e + c - 1)',
  examples: ['sum(k, x[k] * delta(floor(k / 2), h))', 'sum(k, x[k] * w[u] * delta(u, floor(k / 2)))'],
  nonExamples: ['sum(k, exp(x[k]) * delta(floor(k / 2), h))'],
  apply: (t, ctx) => {
    for (const [at, f] of t.factors.entries()) {
      if (f.base.kind !== 'delta') continue;
      for (const [side, other] of [[f.base.a, f.base.b], [f.base.b, f.base.a]] as const) {
        const floored = flooredIndex(side, t.sums);
        if (floored === undefined || affineNames(other).includes(floored.name)) continue;
        const { name, divisor } = floored;
        const solutions = Array.from({ length: divisor }, (_, r): AffineIndex => ({ ...scaledAffine(other, divisor), offset: other.offset * divisor + r }));
        if (!solutions.every((s) => rangeKept(t, at, name, s, ctx))) continue;
        const remaining: Term = { coef: t.coef, sums: [], factors: t.factors.filter((_, j) => j !== at) };
        return solutions.flatMap((s) => {
          const [sifted] = substitute([remaining], new Map([[name, s]]), ctx.fresh);
          return normalizeTerm({ ...sifted!, sums: t.sums.filter((n) => n !== name) }, ctx.fresh);
        });
      }
    }
    return undefined;
  },
};

/** c * ix (its offset is set by the caller). */
function scaledAffine(ix: AffineIndex, c: number): AffineIndex {
  const terms = ix.terms.map((x) => ({ name: x.name, coef: x.coef * c }));
  return ix.rest === undefined ? { terms, offset: 0 } : { terms, offset: 0, rest: indexRest(scaled(ix.rest.expr, c)) };
}

/**
 * A delta that every term of both branches of a where carries is a factor of
 * the where: it moves out, where delta-sift can reach it. A branch of 0 has no
 * terms; a delta that reads a branch term's own bound index stays.
 */
const whereDelta: Rule = {
  name: 'where-delta',
  description: 'where(c, F * delta(a,b), G * delta(a,b)) = delta(a,b) * where(c, F, G)',
  examples: ['sum(k, x[k] * where(k <= i, x[i] * delta(k,j), 0))', 'sum(k, where(x[k] > 0, x[k] * delta(k,j), 2 * delta(j,k)))'],
  nonExamples: ['where(x[i] > 0, sum(k, x[k] * delta(k,j)), 0)', 'where(x[i] > 0, delta(i,j), x[i])'],
  apply: (t, ctx) => {
    for (const [at, f] of t.factors.entries()) {
      if (f.base.kind !== 'call' || f.base.fn !== 'where' || f.exp !== 1) continue;
      const [cond, ...branches] = f.base.args as [Poly, Poly, Poly];
      const terms = branches.flat();
      const shared = terms[0]?.factors.find(
        (d) => d.base.kind === 'delta' && d.exp === 1 && terms.every((u) => carries(u, d.base)),
      );
      if (shared === undefined) continue;
      const key = baseKey(shared.base);
      const without = (p: Poly): Poly => p.map((u) => ({ ...u, factors: u.factors.filter((_, k) => k !== u.factors.findIndex((g) => baseKey(g.base) === key)) }));
      const where: Factor = { base: { kind: 'call', fn: 'where', args: [cond, ...branches.map(without)] }, exp: 1 };
      return normalizeTerm({ ...t, factors: [...t.factors.filter((_, k) => k !== at), shared, where] }, ctx.fresh);
    }
    return undefined;
  },
};

/** Whether a term has the delta as a factor, reading none of the term's own bound indices. */
function carries(u: Term, delta: Base): boolean {
  const key = baseKey(delta);
  const names = baseFreeNames(delta);
  return u.factors.some((g) => g.exp === 1 && baseKey(g.base) === key) && !u.sums.some((s) => names.has(s));
}

/** Term rules, in the order they are tried. */
export const TERM_RULES: readonly Rule[] = [deltaSelf, deltaConstant, deltaSift, deltaFloor, sumConstant, mergePowers, whereDelta];
