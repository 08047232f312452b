// derive: the gradient of a derivation's output with respect to each input,
// the way the assignment teaches — index the object, apply the chain rule,
// differentiate with the delta rule, sift the deltas, collect, fold the
// forward definitions back in — recording every step with its rule.
import type { Expr, IndexEquation } from '../notation/ast.js';
import { indexNamesIn, plainIndex } from '../notation/ast.js';
import { equationToLatex, nameToLatex } from '../notation/latex.js';
import { equationToString } from '../notation/print.js';
import { scalarLoss, type Derivation } from '../derivation/derivation.js';
import { fromExpr, toExpr } from './convert.js';
import { differentiate, type Definition } from './differentiate.js';
import { foldDefinitions } from './fold.js';
import { importEquation } from './import.js';
import { recoverMatrixForm, type MatrixForm } from './matrix-form.js';
import { IndexNames } from './names.js';
import type { RuleContext } from './rules.js';
import { simplify } from './simplify.js';
import { NotDerivable, polyKey, substitute, sumOver, type Poly } from './term.js';
import type { BoundEquation } from '../notation/bind.js';
import type { Dim } from '../notation/shapes.js';

export interface DeriveStep {
  readonly rule: string;
  /** The whole equation, `dW[i,j] = ...`, in index notation that verify reads. */
  readonly expr: string;
}

export interface DerivedGradient {
  readonly wrt: string;
  readonly steps: readonly DeriveStep[];
  /** The final index form, a claim verify accepts. */
  readonly result: string;
  readonly matrix: MatrixForm;
  readonly latex: string;
  /** Terms right after differentiating, and in the result. */
  readonly terms: { readonly before: number; readonly after: number };
}

export type GradientOutcome = DerivedGradient | { readonly wrt: string; readonly notDerived: string };

export interface DeriveResult {
  readonly name: string;
  readonly gradients: readonly GradientOutcome[];
}

export const isDerived = (g: GradientOutcome): g is DerivedGradient => 'steps' in g;

const WRT_NAMES = ['i', 'j', 'k', 'l', 'a', 'c', 'e', 'g', 'r', 't'];

export interface DeriveOptions {
  /** Kinks take the mean of their one-sided slopes (right where kinks cancel) instead of the textbook conventions. */
  readonly meanSlopes?: boolean;
}

export function derive(d: Derivation, wrtList: readonly string[] = [...new Set(d.gradients.map((g) => g.wrt))], options: DeriveOptions = {}): DeriveResult {
  const gradients = wrtList.map((wrt): GradientOutcome => {
    try {
      return derivedFor(d, wrt, options.meanSlopes ?? false).gradient;
    } catch (err) {
      if (err instanceof NotDerivable) return { wrt, notDerived: err.message };
      throw err;
    }
  });
  return { name: d.name, gradients };
}

/** The forward lines in the normal form, with globally consistent index names. */
interface Prepared {
  readonly names: IndexNames;
  readonly definitions: Map<string, Definition>;
  /** The outputs' forward lines, each with its upstream gradient (Output.drawn false: 1, left out). */
  readonly outputs: readonly { readonly eq: IndexEquation; readonly upstream: string | undefined }[];
  readonly used: Set<string>;
  readonly ctx: RuleContext;
}

function prepare(d: Derivation): Prepared {
  if (d.forward.length === 0) throw new NotDerivable('no forward definition to differentiate');
  const names = new IndexNames();
  const definitions = new Map<string, Definition>();
  const imported: IndexEquation[] = [];
  for (const line of d.forward) {
    if (line.form === 'matrix') throw new NotDerivable(`forward line ${line.tensor} = ${line.expression} is in matrix notation`);
    const eq = importEquation(line.parsed, line.eq, names);
    imported.push(eq);
    definitions.set(eq.lhs.tensor, { params: eq.lhs.indices, body: fromExpr(eq.rhs, names.fresh, undefined, d.constants) });
  }
  const used = new Set(imported.flatMap((eq) => namesIn(eq)));
  const byTensor = new Map(imported.map((eq) => [eq.lhs.tensor, eq]));
  const outputs = d.outputs.map((o) => ({ eq: byTensor.get(o.tensor)!, upstream: o.drawn ? o.upstream : undefined }));
  return { names, definitions, outputs, used, ctx: { names, fresh: names.fresh, shapes: new Map(d.tensors) } };
}

function chooseWrtIndices(p: Prepared, dims: readonly Dim[]): string[] {
  return dims.map((dim) => {
    const name = WRT_NAMES.find((n) => !p.used.has(n) && p.names.claim(n, dim));
    if (name === undefined) throw new NotDerivable('ran out of index names');
    p.used.add(name);
    return name;
  });
}

type Derived = ReturnType<typeof deriveWith> & { readonly p: Prepared };

/** Derived once per derivation and input: verify's agreement and the report's steps beside the claimed ones both read it. */
const derivedCache = new WeakMap<Derivation, Map<string, Derived | NotDerivable>>();

function derivedFor(d: Derivation, wrt: string, meanSlopes = false): Derived {
  let byWrt = derivedCache.get(d);
  if (byWrt === undefined) derivedCache.set(d, (byWrt = new Map()));
  const key = meanSlopes ? `${wrt} (mean slopes)` : wrt;
  let entry = byWrt.get(key);
  if (entry === undefined) {
    try {
      const p = prepare(d);
      entry = { ...deriveWith(p, d, wrt, meanSlopes), p };
    } catch (err) {
      if (!(err instanceof NotDerivable)) throw err;
      entry = err;
    }
    byWrt.set(key, entry);
  }
  if (entry instanceof NotDerivable) throw entry;
  return entry;
}

function deriveWith(p: Prepared, d: Derivation, wrt: string, meanSlopes: boolean): { gradient: DerivedGradient; poly: Poly; wrtIndices: string[] } {
  const { definitions, outputs, ctx } = p;
  const wrtDims = d.tensors.get(wrt);
  if (wrtDims === undefined || !d.inputs.has(wrt)) throw new NotDerivable(`${wrt} is not an input`);
  const wrtIndices = chooseWrtIndices(p, wrtDims);
  const gradName = `d${wrt}`;
  const lhs = { tensor: gradName, indices: wrtIndices };
  const { fresh } = ctx;
  const dimOf = (index: string): string | undefined => p.names.dim(index);
  const steps: DeriveStep[] = [];
  const record = (rule: string, rhs: Expr): void => {
    const expr = equationToString({ form: 'index', lhs, rhs });
    if (steps.at(-1)?.expr !== expr) steps.push({ rule, expr });
  };

  // 1. The chain rule, summed over the outputs' paths: dX[i,j] = sum(out, dY[out] * diff(Y[out], X[i,j])) + ...
  const wrtAccess = { kind: 'access' as const, tensor: wrt, indices: wrtIndices.map(plainIndex) };
  const chainTerm = ({ eq, upstream }: Prepared['outputs'][number]): Expr => {
    const outIndices = eq.lhs.indices;
    const at = (tensor: string): Expr => (outIndices.length === 0 ? { kind: 'sym', name: tensor } : { kind: 'access', tensor, indices: outIndices.map(plainIndex) });
    const partial: Expr = { kind: 'diff', of: at(eq.lhs.tensor), wrt: wrtAccess };
    const weighted: Expr = upstream === undefined ? partial : { kind: 'binary', op: '*', left: at(upstream), right: partial };
    return outIndices.length === 0 ? weighted : { kind: 'sum', indices: outIndices, body: weighted };
  };
  record('chain rule', outputs.map(chainTerm).reduce((left, right) => ({ kind: 'binary', op: '+', left, right })));

  // 2. Differentiate each output's definition (and, by the chain rule, every tensor it uses).
  const diffCtx = { wrt: { tensor: wrt, indices: wrtIndices.map(plainIndex) }, definitions, fresh, meanSlopes };
  const raw: Poly = outputs.flatMap(({ eq, upstream }) => {
    const outIndices = eq.lhs.indices;
    const dBody = differentiate(definitions.get(eq.lhs.tensor)!.body, diffCtx);
    if (upstream === undefined) return dBody;
    const upstreamBase = outIndices.length === 0 ? { kind: 'sym' as const, name: upstream } : { kind: 'access' as const, tensor: upstream, indices: outIndices.map(plainIndex) };
    return dBody.map((t) => {
      // The output's indices become bound: a bound index of the derivative with the same name is renamed first.
      const summed = sumOver(outIndices, t, fresh);
      return { ...summed, factors: [{ base: upstreamBase, exp: 1 }, ...summed.factors] };
    });
  });
  record(`differentiate (delta rule, product and chain rules${meanSlopes ? '; kinks at the mean of their one-sided slopes' : ''})`, toExpr(raw, dimOf));

  // 3. Sift the deltas, remove idle sums, collect like terms; 4. read the definitions back in.
  const poly = canonical(raw, p);
  record([...poly.fired].join(', ') || 'simplify', toExpr(poly.simplified, dimOf));
  if (poly.folded !== poly.simplified) record('fold-definition', toExpr(poly.folded, dimOf));

  const upstreams = new Set(d.outputs.map((o) => o.upstream));
  const loss = scalarLoss(d);
  const gradient: DerivedGradient = {
    wrt,
    steps,
    result: steps.at(-1)!.expr,
    matrix: recoverMatrixForm(poly.folded, lhs, ctx),
    // As the report writes them: d + any input (db too) is a gradient; the loss is the output itself when it is a lone scalar.
    latex: equationToLatex(
      { form: 'index', lhs, rhs: toExpr(poly.folded, dimOf) },
      { isGradient: (n) => n === gradName || upstreams.has(n), loss: loss === undefined ? 'L' : nameToLatex(loss) },
    ),
    terms: { before: raw.length, after: poly.folded.length },
  };
  return { gradient, poly: poly.folded, wrtIndices };
}

/** Simplified, then with the forward definitions folded back in. */
function canonical(raw: Poly, p: Prepared): { simplified: Poly; folded: Poly; fired: ReadonlySet<string> } {
  const simplified = simplify(raw, p.ctx);
  const folded = foldDefinitions(simplified.poly, p.definitions, p.ctx);
  return { simplified: simplified.poly, folded: folded.changed ? folded.poly : simplified.poly, fired: simplified.fired };
}

export type Agreement = { readonly symbolic: 'equal' | 'numeric-only' } | { readonly symbolic: 'not-derived'; readonly reason: string };

/**
 * Whether a claimed result (an index equation dX[..] = ...) has the same
 * canonical form as the derived gradient: both are simplified and folded the
 * same way, the claim's free indices renamed to the derived ones.
 */
export function agreement(d: Derivation, wrt: string, claim: { readonly parsed: IndexEquation; readonly eq: BoundEquation }): Agreement {
  let derived: Derived;
  try {
    derived = derivedFor(d, wrt);
  } catch (err) {
    if (err instanceof NotDerivable) return { symbolic: 'not-derived', reason: err.message };
    throw err;
  }
  // The claim's names go into a copy: the shared derivation stays as derive left it.
  const names = derived.p.names.copy();
  const p: Prepared = { ...derived.p, names, ctx: { ...derived.p.ctx, names, fresh: names.fresh } };
  try {
    const eq = importEquation(claim.parsed, claim.eq, p.names);
    const renamed = substitute(fromExpr(eq.rhs, p.names.fresh, undefined, d.constants), new Map(eq.lhs.indices.map((n, k) => [n, plainIndex(derived.wrtIndices[k]!)])), p.names.fresh);
    const claimed = canonical(renamed, p).folded;
    return { symbolic: polyKey(claimed) === polyKey(derived.poly) ? 'equal' : 'numeric-only' };
  } catch (err) {
    if (err instanceof NotDerivable) return { symbolic: 'numeric-only' };
    throw err;
  }
}

function namesIn(eq: IndexEquation): string[] {
  return [...indexNamesIn(eq.rhs, new Set(eq.lhs.indices))];
}
