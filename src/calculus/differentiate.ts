// Differentiation of the normal form with respect to one entry X[i,j] of an
// input: dX_kl/dX_ij = delta_ki delta_lj, the sum, product and power rules,
// the element-wise functions' rules from notation/functions.ts, and the chain
// rule through every tensor the forward lines define.
import type { AffineIndex } from '../notation/ast.js';
import { FUNCTIONS } from '../notation/functions.js';
import { parseExpr } from '../notation/parse.js';
import { SourceText } from '../notation/errors.js';
import type { Expr } from '../notation/ast.js';
import { add, multiply, normalizeTerm, power, product, type Fresh } from './algebra.js';
import { fromExpr, instantiate } from './convert.js';
import { MEAN_SLOPE_RULES } from './mean-slope-rules.js';
import type { Base, Poly, Term } from './term.js';
import { constant, NotDerivable, single, sumOver } from './term.js';

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

const ruleCache = new Map<string, Expr>();
function derivativeRule(fn: string, arg: number, meanSlopes: boolean): Expr {
  const text = (meanSlopes ? MEAN_SLOPE_RULES[fn]?.[arg] : undefined) ?? FUNCTIONS[fn]!.derivatives[arg]!;
  let rule = ruleCache.get(text);
  if (rule === undefined) {
    rule = parseExpr(SourceText.detached(text, `derivative of ${fn}`));
    ruleCache.set(text, rule);
  }
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

function differentiateBase(b: Base, ctx: DiffContext, cache: Map<string, Poly>): Poly {
  switch (b.kind) {
    case 'sym':
      // A bare name is a scalar tensor (an input or a definition such as a mean), or else a constant or a dimension.
      return differentiateBase({ kind: 'access', tensor: b.name, indices: [] }, ctx, cache);
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

