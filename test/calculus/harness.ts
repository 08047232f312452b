// The rule soundness harness: an index expression (a rule's example) is put
// into a small derivation as the forward line Before[free] = example, read into the
// symbolic engine the way derive reads forward lines, rewritten, and written
// back as After[free] = rewritten; the project's own compiled evaluator then
// computes both on random tensors, which must agree.
import fc from 'fast-check';
import { fromExpr, toExpr } from '../../src/calculus/convert.js';
import type { Definition } from '../../src/calculus/differentiate.js';
import { importEquation } from '../../src/calculus/import.js';
import { IndexNames } from '../../src/calculus/names.js';
import type { RuleContext } from '../../src/calculus/rules.js';
import type { Factor, Poly, Term } from '../../src/calculus/term.js';
import type { Expr, IndexEquation } from '../../src/notation/ast.js';
import { SourceText } from '../../src/notation/errors.js';
import { parseEquation, parseExpr } from '../../src/notation/parse.js';
import { equationToString } from '../../src/notation/print.js';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { Instance } from '../../src/verify/instance.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { pointArbitrary } from '../../src/verify/property.js';
import { indexNames } from './expr-names.js';

/** The tensors that examples may read, with their shapes and domains (nonzero where an example divides). */
export const TENSORS: Readonly<Record<string, { shape: readonly (string | number)[]; domain?: string }>> = {
  x: { shape: ['N'], domain: 'nonzero' },
  y: { shape: ['P'] },
  w: { shape: ['U'] },
  z: { shape: ['K'], domain: 'nonzero' },
  c: { shape: [3], domain: 'nonzero' },
  A: { shape: ['N', 'M'] },
  X: { shape: ['N', 'M'] },
  G: { shape: ['N', 'M'] },
};

/** The range of each free index of an example (the left side needs one even where the right side cannot tell it). */
export const FREE_DIMS: Readonly<Record<string, string>> = { i: 'N', j: 'M', h: 'H', u: 'U' };

/** An example read into the engine, with the context the rules need. */
export interface Example {
  readonly free: readonly string[];
  /** The example's right side, index names as the engine sees them. */
  readonly expr: Expr;
  readonly poly: Poly;
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly ctx: RuleContext;
  readonly dimOf: (index: string) => string | undefined;
}

/** A derivation with forward lines `defs`, then `Before[free] = before`, then (if given) `After[free] = after`. */
export function exampleDerivation(defs: readonly string[], free: readonly string[], before: string, after?: string): Derivation {
  const lhs = (t: string): string => (free.length === 0 ? t : `${t}[${free.join(',')}]`);
  const dims = free.map((n) => FREE_DIMS[n] ?? fail(`no range for the free index ${n}: add it to FREE_DIMS`));
  const forward = [...defs, `${lhs('Before')} = ${before}`, ...(after === undefined ? [] : [`${lhs('After')} = ${after}`])];
  const shapes = { ...Object.fromEntries(Object.entries(TENSORS).map(([n, t]) => [n, t.shape])), Before: dims, After: dims };
  const domains = Object.fromEntries(Object.entries(TENSORS).flatMap(([n, t]) => (t.domain === undefined ? [] : [[n, t.domain]])));
  const text = JSON.stringify({ name: 'rule-example', title: before, shapes, domains, forward });
  return buildDerivation(parseDerivationText(text, '<rule example>', 'derive'));
}

/** Reads `example` (after the definitions `defs`) into the engine, like derive reads forward lines. */
export function readExample(example: string, defs: readonly string[] = []): Example {
  const free = freeIndices(example);
  const d = exampleDerivation(defs, free, example);
  const names = new IndexNames();
  const definitions = new Map<string, Definition>();
  let last: IndexEquation | undefined;
  for (const line of d.forward) {
    if (line.form !== 'index') throw new Error('examples are index notation');
    last = importEquation(parseEquation(line.src) as IndexEquation, line.eq, names);
    definitions.set(last.lhs.tensor, { params: last.lhs.indices, body: fromExpr(last.rhs, names.fresh) });
  }
  const poly = definitions.get('Before')!.body;
  definitions.delete('Before');
  const ctx: RuleContext = { names, fresh: names.fresh, shapes: new Map(d.tensors) };
  return { free: last!.lhs.indices, expr: last!.rhs, poly, definitions, ctx, dimOf: (n) => names.dim(n) };
}

/** The free indices of an example, sorted (the left side's indices): every index name that no sum binds. */
function freeIndices(example: string): string[] {
  const { used, bound } = indexNames(parseExpr(SourceText.detached(example, '<example>')));
  return [...used].filter((n) => !bound.has(n)).sort();
}

/**
 * The example as ONE term exactly as written: sums, then the factors of a
 * product, unmerged (fromExpr would already merge x * x into x^2, and a rule
 * like merge-powers must see the term before that).
 */
export function rawTerm(ex: Example): Term {
  let e = ex.expr;
  const sums: string[] = [];
  while (e.kind === 'sum') {
    sums.push(...e.indices);
    e = e.body;
  }
  let coef = 1;
  const factors: Factor[] = [];
  const visit = (x: Expr, sign: 1 | -1): void => {
    if (x.kind === 'binary' && x.op === '*') return (visit(x.left, sign), visit(x.right, sign));
    if (x.kind === 'binary' && x.op === '/') return (visit(x.left, sign), visit(x.right, sign === 1 ? -1 : 1));
    if (x.kind === 'neg') return ((coef = -coef), visit(x.arg, sign));
    const p = fromExpr(x, ex.ctx.fresh);
    if (p.length !== 1 || p[0]!.sums.length > 0) throw new Error(`an example of a term rule must be one product, but ${JSON.stringify(x)} is not a single factor`);
    coef *= p[0]!.coef ** sign;
    factors.push(...p[0]!.factors.map((f) => ({ base: f.base, exp: f.exp * sign })));
  };
  visit(e, 1);
  return { coef, sums, factors };
}

/** The rewritten polynomial as the text of a forward line's right side. */
export function written(ex: Example, p: Poly): string {
  const eq = equationToString({ form: 'index', lhs: { tensor: 'After', indices: [...ex.free] }, rhs: toExpr(p, ex.dimOf) });
  return eq.slice(eq.indexOf('=') + 1).trim();
}

/** Relative agreement required between an example and its rewrite. */
export const RTOL = 1e-12;

/** An example and its rewrite agree on `runs` random draws of sizes and tensors. */
export function expectSameValues(example: string, rewritten: string, options: { defs?: readonly string[]; runs: number; seed: number }): void {
  const defs = options.defs ?? [];
  const d = exampleDerivation(defs, freeIndices(example), example, rewritten);
  const instances = new Map<string, Instance>();
  const property = fc.property(pointArbitrary(d), (point) => {
    const key = [...point.sizes].join();
    let inst = instances.get(key);
    if (inst === undefined) instances.set(key, (inst = new Instance(d, point.sizes)));
    for (const [name, values] of point.inputs) inst.tensor(name).data.set(values);
    inst.forward();
    const [b, a] = [inst.tensor('Before').data, inst.tensor('After').data];
    const scale = Math.max(...b.map(Math.abs), ...a.map(Math.abs));
    for (let k = 0; k < b.length; k++) {
      if (!Number.isFinite(b[k]!) || !(Math.abs(b[k]! - a[k]!) <= RTOL * scale)) {
        throw new Error(`${example} = ${b[k]} but ${rewritten} = ${a[k]} at entry ${k}, sizes ${key}`);
      }
    }
  });
  fc.assert(property, { numRuns: options.runs, seed: options.seed });
}

function fail(message: string): never {
  throw new Error(message);
}
