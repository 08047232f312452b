// Judges every claim of one gradient at one point (sizes, inputs, upstream
// gradient) against the finite-difference oracle.
import { InputError } from '../notation/errors.js';
import { compareTensors, type Comparison } from '../numeric/compare.js';
import { squeezedShape } from '../numeric/matrix.js';
import { unravel, type Tensor } from '../numeric/tensor.js';
import type { Claim, Derivation, GradientSpec } from './derivation.js';
import { Instance } from './instance.js';

export interface Point {
  readonly sizes: ReadonlyMap<string, number>;
  readonly inputs: ReadonlyMap<string, Float64Array>;
  /** The upstream gradient dY (ignored, taken as 1, when the output is a scalar). */
  readonly upstream: Float64Array;
}

/** Which claim: a 0-based step number, the result or the matrix form. */
export type ClaimLabel = number | 'result' | 'matrix';

export interface ClaimOutcome {
  readonly label: ClaimLabel;
  readonly ok: boolean;
  readonly maxRelErr: number;
  /** Why it is wrong, in words: where it differs and by how much, or the dimension mismatch. */
  readonly reason?: string;
  /** The multi-index of the worst entry, when it was evaluated. */
  readonly index?: readonly number[];
  readonly claimed?: number;
  readonly actual?: number;
}

export interface PointVerdict {
  readonly ok: boolean;
  readonly outcomes: readonly ClaimOutcome[];
  /** The first wrong claim, if any. */
  readonly failed: ClaimOutcome | undefined;
  readonly maxRelErr: number;
}

export function claimsOf(g: GradientSpec): { label: ClaimLabel; claim: Claim }[] {
  const out: { label: ClaimLabel; claim: Claim }[] = g.steps.map((claim, k) => ({ label: k, claim }));
  if (g.result !== undefined) out.push({ label: 'result', claim: g.result });
  if (g.matrix !== undefined) out.push({ label: 'matrix', claim: g.matrix });
  return out;
}

export function checkGradientAt(d: Derivation, g: GradientSpec, point: Point): PointVerdict {
  const inst = new Instance(d, point.sizes);
  for (const [name, values] of point.inputs) inst.tensor(name).data.set(values);
  const upstream = inst.tensor(d.upstream);
  if (upstream.shape.length === 0) upstream.data[0] = 1;
  else upstream.data.set(point.upstream);
  inst.forward();
  assertForwardFinite(d, inst);

  const truth = inst.oracle(g.wrt);
  const shape = inst.shapes.get(g.wrt)!;
  const outcomes = claimsOf(g).map(({ label, claim }): ClaimOutcome => {
    if (claim.form === 'index' && claim.eq.conflict !== undefined) {
      return { label, ok: false, maxRelErr: Infinity, reason: claim.eq.conflict.message };
    }
    let value: Tensor;
    try {
      value = inst.evaluateClaim(claim, g.wrt);
    } catch (err) {
      if (err instanceof InputError || claim.form !== 'matrix') throw err;
      return { label, ok: false, maxRelErr: Infinity, reason: `cannot be evaluated: ${(err as Error).message}` };
    }
    if (claim.form === 'matrix' && squeezedShape(value.shape).join() !== squeezedShape(shape).join()) {
      return {
        label,
        ok: false,
        maxRelErr: Infinity,
        reason: `the matrix form has shape [${value.shape.join(', ')}] but ${g.gradName} has shape [${shape.join(', ')}]`,
      };
    }
    const cmp = compareTensors(value.data, truth, d.tolerance);
    if (cmp.nonFinite !== undefined) {
      const at = unravel(cmp.nonFinite, shape);
      throw claim.src.error(`gives ${value.data[cmp.nonFinite]} at ${g.gradName}[${at.join(',')}] for inputs in the declared domains; declare a narrower domain`);
    }
    return outcome(label, cmp, g.gradName, shape);
  });
  const failed = outcomes.find((o) => !o.ok);
  return { ok: failed === undefined, outcomes, failed, maxRelErr: Math.max(0, ...outcomes.map((o) => o.maxRelErr)) };
}

function outcome(label: ClaimLabel, cmp: Comparison, gradName: string, shape: readonly number[]): ClaimOutcome {
  const index = unravel(cmp.worst, shape);
  const base = { label, ok: cmp.ok, maxRelErr: cmp.maxRelErr, index, claimed: cmp.claimed, actual: cmp.actual };
  if (cmp.ok) return base;
  return { ...base, reason: `differs at ${gradName}[${index.join(',')}]: claimed ${fmt(cmp.claimed)}, finite differences give ${fmt(cmp.actual)}` };
}

const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));

function assertForwardFinite(d: Derivation, inst: Instance): void {
  for (const line of d.forward) {
    const name = line.form === 'index' ? line.eq.tensor : line.tensor;
    const t = inst.tensor(name);
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw line.src.error(`${name}[${unravel(bad, t.shape).join(',')}] is ${t.data[bad]} for inputs in the declared domains; declare a domain (e.g. positive) for its inputs`);
    }
  }
}
