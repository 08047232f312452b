// Differentiation of the normal form with respect to one entry X[i,j] of an
// input: dX_kl/dX_ij = delta_ki delta_lj, the sum, product and power rules,
// the element-wise functions' rules from notation/functions.ts, and the chain
// rule through every tensor the forward lines define.
import type { AffineIndex } from '../notation/ast.js';
import { FUNCTIONS } from '../notation/functions.js';
import { ParsedFormulas, PARTIALS } from '../notation/partials.js';
import type { Expr } from '../notation/ast.js';
import { plainIndex } from '../notation/ast.js';
import { add, multiply, normalizeTerm, power, product, type Fresh } from './algebra.js';
import { fromExpr, instantiate } from './convert.js';
import { MEAN_SLOPE_RULES } from './mean-slope-rules.js';
import type { Base, Poly, Term } from './term.js';
import { constant, NotDerivable, single, substitute, sumOver } from './term.js';

export interface Definition {
  readonly params: readonly string[];
  readonly body: Poly;
}

export interface DiffContext {
  readonly wrt: { readonly tensor: string; readonly indices: readonly AffineIndex[] };
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly fresh: Fresh;
  /** Kinked functions' derivatives take the mean of the one-sided slopes at the kink (mean-slope-rules.ts). */
  readonly meanSlopes?: boolean;
}

const MEAN_SLOPES = new ParsedFormulas((fn) => MEAN_SLOPE_RULES[fn], (fn, arg) => `mean-slope derivative of ${fn} in ${arg}`);

function derivativeRule(fn: string, arg: number, meanSlopes: boolean): Expr {
  const rule = (meanSlopes ? MEAN_SLOPES.get(fn, arg) : undefined) ?? PARTIALS.get(fn, arg);
  if (rule === undefined) throw new NotDerivable(`${fn} has no derivative in the language`);
  return rule;
}

export function differentiate(p: Poly, ctx: DiffContext, cache = new Map<string, Poly>()): Poly {
  return p.flatMap((t) => differentiateTerm(t, ctx, cache));
}

function differentiateTerm(t: Term, ctx: DiffContext, cache: Map<string, Poly>): Poly {
  const out: Term[] = [];
  t.factors.forEach((f, k) => {
    const inner = differentiateBase(f.base, ctx, cache);
    if (inner.length === 0) return;
    const others: Term = { coef: t.coef * f.exp, sums: t.sums, factors: [...t.factors.slice(0, k), ...t.factors.slice(k + 1)] };
    const lowered: Poly = f.exp === 1 ? constant(1) : power(single(f.base), f.exp - 1, ctx.fresh);
    // Keep the term's bound indices bound around the derivative (sum rule).
    const body = multiply(multiply([{ ...others, sums: [] }], lowered, ctx.fresh), inner, ctx.fresh);
    for (const u of body) out.push(...normalizeTerm(sumOver(t.sums, u, ctx.fresh), ctx.fresh));
  });
  return out;
}

/**
 * where(c, a, b)' = where(c, a', b'): branch-wise, so that the derivative of
 * the branch not taken (1/x of a log kept from x <= 0) never meets the value.
 */
function whereDerivative(args: readonly Poly[], ctx: DiffContext, cache: Map<string, Poly>): Poly {
  const [cond, ...branches] = args as [Poly, Poly, Poly];
  const [da, db] = branches.map((p) => differentiate(p, ctx, cache)) as [Poly, Poly];
  return da.length === 0 && db.length === 0 ? [] : single({ kind: 'call', fn: 'where', args: [cond, da, db] });
}

type Reduction = Extract<Base, { kind: 'reduce' }>;

/** The reduction's body with its own indices renamed fresh, and those names. */
function renamedApart(b: Reduction, fresh: Fresh): { body: Poly; indices: AffineIndex[] } {
  const indices = b.indices.map((n) => plainIndex(fresh(n)));
  return { body: substitute(b.body, new Map(b.indices.map((n, k) => [n, indices[k]!])), fresh), indices };
}

/**
 * max and min pass the gradient to the selected entries, shared equally among
 * ties (where the reduction has a kink and any such weighting is a
 * subgradient): sum(k, (f_k == M) * f_k') / sum(l, f_l == M). prod passes each
 * entry the product of the others, written without division so that a zero
 * entry does no harm: sum(k, prod(l, where(delta(l,k), 1, f_l)) * f_k').
 */
function reductionDerivative(b: Reduction, ctx: DiffContext, cache: Map<string, Poly>): Poly {
  const dBody = differentiate(b.body, ctx, cache);
  if (dBody.length === 0) return [];
  const bound = (p: Poly, indices: readonly string[]): Poly => p.map((t) => sumOver(indices, t, ctx.fresh));
  if (b.op === 'prod') {
    const others = renamedApart(b, ctx.fresh);
    const isSelf = product(others.indices.map((l, k) => single({ kind: 'delta', a: l, b: plainIndex(b.indices[k]!) })), ctx.fresh);
    const rest = single({ kind: 'reduce', op: 'prod', indices: others.indices.map((l) => l.terms[0]!.name), body: single({ kind: 'call', fn: 'where', args: [isSelf, constant(1), others.body] }) });
    return bound(multiply(rest, dBody, ctx.fresh), b.indices);
  }
  const selected = (body: Poly): Poly => single({ kind: 'call', fn: 'equal', args: [body, single(b)] });
  const counted = renamedApart(b, ctx.fresh);
  const count = bound(selected(counted.body), counted.indices.map((l) => l.terms[0]!.name));
  return multiply(bound(multiply(selected(b.body), dBody, ctx.fresh), b.indices), power(count, -1, ctx.fresh), ctx.fresh);
}

function differentiateBase(b: Base, ctx: DiffContext, cache: Map<string, Poly>): Poly {
  switch (b.kind) {
    case 'reduce':
      return reductionDerivative(b, ctx, cache);
    case 'sym':
      // A bare name is a scalar tensor (an input or a definition such as a mean), or else a constant or a dimension.
      return differentiateBase({ kind: 'access', tensor: b.name, indices: [] }, ctx, cache);
    case 'index':
    case 'delta':
      return [];
    case 'poly':
      return differentiate(b.poly, ctx, cache);
    case 'access': {
      if (b.tensor === ctx.wrt.tensor) {
        return product(b.indices.map((ix, k) => single({ kind: 'delta', a: ix, b: ctx.wrt.indices[k]! })), ctx.fresh);
      }
      const def = ctx.definitions.get(b.tensor);
      if (def === undefined) return [];
      let d = cache.get(b.tensor);
      if (d === undefined) {
        d = differentiate(def.body, ctx, cache);
        cache.set(b.tensor, d);
      }
      return instantiate(d, def.params, b.indices, ctx.fresh);
    }
    case 'call': {
      const fn = FUNCTIONS[b.fn];
      if (fn === undefined) throw new NotDerivable(`no derivative rule for ${b.fn}`);
      if (b.fn === 'where') return whereDerivative(b.args, ctx, cache);
      const symbols = new Map([['a', b.args[0]!], ['b', b.args[1] ?? constant(0)]]);
      return add(
        ...b.args.map((arg, k) => {
          const dArg = differentiate(arg, ctx, cache);
          return dArg.length === 0 ? [] : multiply(fromExpr(derivativeRule(b.fn, k, ctx.meanSlopes ?? false), ctx.fresh, symbols), dArg, ctx.fresh);
        }),
      );
    }
  }
}

