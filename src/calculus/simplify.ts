// Applies the rules (rules.ts) to a fixpoint, inside out, then collects like
// terms. Reports which rules fired, so that derive can name each step.
import { termShapeKey, type Base, type Poly, type Term } from './term.js';
import { TERM_RULES, type Rule, type RuleContext } from './rules.js';

export interface Simplified {
  readonly poly: Poly;
  readonly fired: ReadonlySet<string>;
}

export function simplify(p: Poly, ctx: RuleContext, rules: readonly Rule[] = TERM_RULES): Simplified {
  const fired = new Set<string>();
  const poly = collectLikeTerms(simplifyPoly(p, ctx, rules, fired), fired);
  return { poly, fired };
}

const MAX_REWRITES = 10_000;

function simplifyPoly(p: Poly, ctx: RuleContext, rules: readonly Rule[], fired: Set<string>): Poly {
  const done: Term[] = [];
  const queue: Term[] = p.map((t) => simplifyInside(t, ctx, rules, fired));
  for (let budget = MAX_REWRITES; queue.length > 0; budget--) {
    if (budget === 0) throw new Error('simplification did not terminate');
    const t = queue.shift()!;
    const rule = rules.find((r) => r.apply(t, ctx) !== undefined);
    if (rule === undefined) {
      done.push(t);
      continue;
    }
    fired.add(rule.name);
    queue.unshift(...rule.apply(t, ctx)!.map((u) => simplifyInside(u, ctx, rules, fired)));
  }
  return done;
}

/** Simplifies the polynomials nested in a term's factors (function arguments, brackets). */
function simplifyInside(t: Term, ctx: RuleContext, rules: readonly Rule[], fired: Set<string>): Term {
  const factors = t.factors.map((f) => ({ ...f, base: simplifyBase(f.base, ctx, rules, fired) }));
  return { ...t, factors };
}

function simplifyBase(b: Base, ctx: RuleContext, rules: readonly Rule[], fired: Set<string>): Base {
  if (b.kind === 'call') return { ...b, args: b.args.map((a) => collectLikeTerms(simplifyPoly(a, ctx, rules, fired), fired)) };
  if (b.kind === 'poly') return { ...b, poly: collectLikeTerms(simplifyPoly(b.poly, ctx, rules, fired), fired) };
  return b;
}

/** Terms equal up to their coefficient and the names of their bound indices are added. */
export function collectLikeTerms(p: Poly, fired?: Set<string>): Poly {
  const byKey = new Map<string, Term>();
  for (const t of p) {
    const key = termShapeKey(t);
    const prev = byKey.get(key);
    if (prev === undefined) byKey.set(key, t);
    else {
      byKey.set(key, { ...prev, coef: prev.coef + t.coef });
      fired?.add('collect-like-terms');
    }
  }
  const largest = Math.max(1, ...p.map((u) => Math.abs(u.coef)));
  // Sorted by the keys computed above (a term's key leaves its coefficient out): each key is costly.
  const out = [...byKey].filter(([, t]) => Math.abs(t.coef) > 1e-14 * largest);
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}

