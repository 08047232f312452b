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
import { allNames, factorKey, type Factor, type Poly, type Term } from './term.js';

/** At most this many index names are tried for each parameter of a definition. */
const MAX_ASSIGNMENTS = 5000;

export function foldDefinitions(p: Poly, definitions: ReadonlyMap<string, Definition>, ctx: RuleContext): { poly: Poly; changed: boolean } {
  let changed = false;
  // Single-term definitions, except a bare renaming (Z = X) which would fold everywhere.
  const patterns = [...definitions].filter(([, def]) => {
    const [t] = def.body;
    return def.body.length === 1 && t!.sums.length === 0 && t!.factors.length > 0 && !(t!.factors.length === 1 && t!.factors[0]!.base.kind === 'access');
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

function foldOnce(t: Term, tensor: string, def: Definition, ctx: RuleContext): Term | undefined {
  const candidates = def.params.map((param) => [...allNames([t])].filter((n) => ctx.names.dim(n) === ctx.names.dim(param)));
  const count = candidates.reduce((n, c) => n * c.length, 1);
  if (count === 0 || count > MAX_ASSIGNMENTS) return undefined;
  for (const assignment of cartesian(candidates)) {
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
