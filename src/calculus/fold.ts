// Reads forward definitions back into a result: where a term contains the
// factors of a single-term definition (exp(X[s,c]) * (sum(k, exp(X[s,k])))^-1
// for softmax), they are replaced by the defined tensor (Y[s,c]), so results
// are written in the quantities the forward pass already computed.
import { plainIndex } from '../notation/ast.js';
import { normalizeTerm } from './algebra.js';
import { instantiate } from './convert.js';
import type { Definition } from './differentiate.js';
import type { RuleContext } from './rules.js';
import { collectLikeTerms } from './simplify.js';
import { allNames, baseFreeNames, factorKey, renameBound, substitute, termShapeKey, type Factor, type Poly, type Term } from './term.js';

/** At most this many ways to name a definition's parameters, or its bound indices, are tried. */
const MAX_ASSIGNMENTS = 5000;

/** Rounds of folding: each may uncover more (a folded mean makes the terms of a normalised value whole). */
const MAX_ROUNDS = 10;

export function foldDefinitions(p: Poly, definitions: ReadonlyMap<string, Definition>, ctx: RuleContext): { poly: Poly; changed: boolean } {
  let poly = p;
  let changed = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const single = foldSingleTerms(poly, definitions, ctx);
    const spread = foldSpread(single.poly, definitions, ctx);
    poly = spread.poly;
    if (!single.changed && !spread.changed) break;
    changed = true;
  }
  return { poly, changed };
}

/** A bare renaming (Z = X) would fold everywhere. */
const isRenaming = (def: Definition): boolean => def.body.length === 1 && def.body[0]!.sums.length === 0 && def.body[0]!.factors.length === 1 && def.body[0]!.factors[0]!.base.kind === 'access';

function foldSingleTerms(p: Poly, definitions: ReadonlyMap<string, Definition>, ctx: RuleContext): { poly: Poly; changed: boolean } {
  let changed = false;
  const patterns = [...definitions].filter(([, def]) => {
    const [t] = def.body;
    return def.body.length === 1 && t!.sums.length === 0 && t!.factors.length > 0 && !isRenaming(def);
  });
  const out = p.flatMap((t) => {
    let term = t;
    for (let again = true; again; ) {
      again = false;
      for (const [tensor, def] of patterns) {
        const folded = foldOnce(term, tensor, def, ctx);
        if (folded !== undefined) {
          term = folded;
          changed = again = true;
        }
      }
    }
    return normalizeTerm(term, ctx.fresh);
  });
  return { poly: changed ? collectLikeTerms(out) : p, changed };
}

/** The ways to give a definition's parameters names of a term (each over the parameter's range), unless there are too many. */
function assignments(t: Term, def: Definition, ctx: RuleContext): Generator<string[]> | undefined {
  const candidates = def.params.map((param) => [...allNames([t])].filter((n) => ctx.names.dim(n) === ctx.names.dim(param)));
  const count = candidates.reduce((n, c) => n * c.length, 1);
  return count === 0 || count > MAX_ASSIGNMENTS ? undefined : cartesian(candidates);
}

function foldOnce(t: Term, tensor: string, def: Definition, ctx: RuleContext): Term | undefined {
  for (const assignment of assignments(t, def, ctx) ?? []) {
    const [pattern] = instantiate(def.body, def.params, assignment.map(plainIndex), ctx.fresh);
    // The definition itself (Y), or its reciprocal (1/r for r = sqrt(sum(w^2))).
    for (const exp of [1, -1]) {
      const rest = divideOut(t.factors, pattern!.factors.map((f) => ({ base: f.base, exp: f.exp * exp })));
      if (rest === undefined) continue;
      const factor: Factor = { base: { kind: 'access', tensor, indices: assignment.map(plainIndex) }, exp };
      return { coef: t.coef / pattern!.coef ** exp, sums: t.sums, factors: [...rest, factor] };
    }
  }
  return undefined;
}

/** The factors left after dividing by `pattern`, if every pattern factor is there with a large enough power of the same sign. */
function divideOut(factors: readonly Factor[], pattern: readonly Factor[]): Factor[] | undefined {
  const left = factors.map((f) => ({ ...f }));
  for (const p of pattern) {
    const key = factorKey({ base: p.base, exp: 1 });
    const match = left.find((f) => factorKey({ base: f.base, exp: 1 }) === key && Math.sign(f.exp) === Math.sign(p.exp) && Math.abs(f.exp) >= Math.abs(p.exp) - 1e-12);
    if (match === undefined) return undefined;
    match.exp -= p.exp;
  }
  return left.filter((f) => Math.abs(f.exp) > 1e-12);
}

function* cartesian(lists: readonly string[][]): Generator<string[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  for (const head of lists[0]!) for (const rest of cartesian(lists.slice(1))) yield [head, ...rest];
}

/**
 * Definitions of several terms or with sums of their own (xhat = (X - mu) /
 * sqrt(var + eps), mu = sum(X) / S): where the result holds every term of
 * the definition times one common rest, those terms become the rest times
 * the defined tensor. Bound indices are matched by range and renamed apart.
 */
function foldSpread(p: Poly, definitions: ReadonlyMap<string, Definition>, ctx: RuleContext): { poly: Poly; changed: boolean } {
  let poly = p;
  let changed = false;
  for (const [tensor, def] of definitions) {
    if (def.body.length === 1 && def.body[0]!.sums.length === 0) continue; // folded term by term
    for (let folded = foldSpreadOnce(poly, tensor, def, ctx); folded !== undefined; folded = foldSpreadOnce(poly, tensor, def, ctx)) {
      poly = folded;
      changed = true;
    }
  }
  return { poly: changed ? collectLikeTerms(poly) : p, changed };
}

function foldSpreadOnce(p: Poly, tensor: string, def: Definition, ctx: RuleContext): Poly | undefined {
  for (const t of p) {
    for (const assignment of assignments(t, def, ctx) ?? []) {
      const [first, ...others] = instantiate(def.body, def.params, assignment.map(plainIndex), ctx.fresh);
      for (const rest of restsAfter(t, first!, ctx)) {
        const matched = matchAll(p, t, others, rest, ctx);
        if (matched === undefined) continue;
        // The parameters are names of t, some bound in it: the defined tensor goes inside t's sums.
        const defined: Factor = { base: { kind: 'access', tensor, indices: assignment.map(plainIndex) }, exp: 1 };
        return [...p.filter((u) => !matched.includes(u)), ...normalizeTerm({ ...rest, factors: [...rest.factors, defined] }, ctx.fresh)];
      }
    }
  }
  return undefined;
}

/**
 * The rests R with t = pattern * R: the pattern's bound indices mapped onto
 * t's (same range), its factors divided out; none when there are too many
 * mappings to try (a power of a sum multiplied out has as many bound indices
 * as its degree, and their mappings grow like its factorial).
 */
function* restsAfter(t: Term, pattern: Term, ctx: RuleContext): Generator<Term> {
  const choices = pattern.sums.map((s) => t.sums.filter((b) => ctx.names.dim(b) === ctx.names.dim(s)));
  if (choices.reduce((n, c) => n * c.length, 1) > MAX_ASSIGNMENTS) return;
  for (const bound of cartesian(choices)) {
    if (new Set(bound).size !== bound.length) continue;
    const [renamed] = substitute([{ ...pattern, sums: [] }], new Map(pattern.sums.map((s, k) => [s, plainIndex(bound[k]!)])), ctx.fresh);
    const rest = divideOut(t.factors, renamed!.factors);
    if (rest === undefined || rest.some((f) => bound.some((b) => baseFreeNames(f.base).has(b)))) continue;
    yield { coef: t.coef / pattern.coef, sums: t.sums.filter((s) => !bound.includes(s)), factors: rest };
  }
}

/** The terms of p, t first, that are each of `others` times `rest`; undefined unless all are there. */
function matchAll(p: Poly, t: Term, others: readonly Term[], rest: Term, ctx: RuleContext): Term[] | undefined {
  const matched = [t];
  for (const other of others) {
    // other reads names of t, some bound in the rest: it goes inside the rest's sums, its own bound indices renamed apart.
    const own = renameBound(other, new Map(other.sums.map((s) => [s, ctx.fresh(s)])), ctx.fresh);
    const inside: Term = { coef: own.coef * rest.coef, sums: [...rest.sums, ...own.sums], factors: [...own.factors, ...rest.factors] };
    const expected = normalizeTerm(inside, ctx.fresh);
    if (expected.length !== 1) return undefined;
    const [e] = expected;
    const key = termShapeKey(e!);
    const found = p.find((u) => !matched.includes(u) && termShapeKey(u) === key && Math.abs(u.coef - e!.coef) <= 1e-9 * Math.abs(e!.coef));
    if (found === undefined) return undefined;
    matched.push(found);
  }
  return matched;
}
