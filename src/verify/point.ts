// Judges every claim of one gradient at one point (sizes, inputs, upstream
// gradient) against the finite-difference oracle: in full mode entry by entry
// (4 evaluations of the forward lines per entry of the input), in fast mode by
// its projection on one random direction (a few evaluations whatever the size), so
// that a derivation can be checked at production sizes.
import { InputError } from '../notation/errors.js';
import { compareTensors, type Comparison, type Tolerance } from '../numeric/compare.js';
import { randomDirection, seededRandom } from '../numeric/direction.js';
import { kinkBudget } from '../numeric/projection.js';
import { squeezedShape } from '../numeric/matrix.js';
import { containsDiff } from '../notation/bind.js';
import { sizeOf, unravel, type Tensor } from '../numeric/tensor.js';
import type { Gradient } from '../numeric/finite-diff.js';
import type { Claim, Derivation, GradientSpec } from '../derivation/derivation.js';
import { distinguish, short } from './digits.js';
import { Instance } from './instance.js';
import { SwitchPoints } from './switch-points.js';
import { judgeTies } from './ties.js';

export interface Point {
  readonly sizes: ReadonlyMap<string, number>;
  readonly inputs: ReadonlyMap<string, Float64Array>;
  /** The drawn upstream gradients (Output.drawn), one after another in the order of the outputs; a lone scalar output's is 1 and not drawn. */
  readonly upstream: Float64Array;
}

/** Which claim: a 0-based step number, the result or the matrix form. */
export type ClaimLabel = number | 'result' | 'matrix';

/** `step 2` (1-based, as people count), `the result`, `the matrix form`. */
export const labelText = (label: ClaimLabel): string => (typeof label === 'number' ? `step ${label + 1}` : label === 'result' ? 'the result' : 'the matrix form');

export type CheckMode = 'full' | 'fast';

export interface CheckOptions {
  readonly mode: CheckMode;
  /** Seeds fast mode's random direction. */
  readonly seed: number;
}

const FULL: CheckOptions = { mode: 'full', seed: 0 };

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
  /** Why the claim was not evaluated (fast mode does not build diff(...) tables); it then counts as passing. */
  readonly skipped?: string;
}

export interface PointVerdict {
  readonly ok: boolean;
  /** Entries of the input where the forward steps (full mode): they have no slope, and no claim is judged there. */
  readonly jumps: number;
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

/** Why a claim is not evaluated in this mode, if it is not. */
export function skipReason(claim: Claim, mode: CheckMode): string | undefined {
  if (mode === 'fast' && claim.form === 'index' && containsDiff(claim.eq.rhs)) return 'diff(...) needs the full Jacobian table; not computed in fast mode';
  return undefined;
}

/** Instances by sizes, so that points drawn at sizes seen before reuse what was compiled for them. */
export class Instances {
  private readonly bySizes = new Map<string, Instance>();
  private readonly switches = new WeakMap<Instance, SwitchPoints>();

  constructor(private readonly d: Derivation) {}

  /** The point with one instance of each switching call of the forward moved onto its switch (see switch-points.ts). */
  onSwitches(point: Point, random: () => number): Point {
    const inst = this.at(point);
    let switches = this.switches.get(inst);
    if (switches === undefined) this.switches.set(inst, (switches = new SwitchPoints(this.d, inst)));
    return switches.any ? { ...point, inputs: switches.place(random) } : point;
  }

  at(point: Point): Instance {
    const key = [...point.sizes].join();
    let inst = this.bySizes.get(key);
    if (inst === undefined) this.bySizes.set(key, (inst = new Instance(this.d, point.sizes)));
    inst.moveTo(point.inputs, point.upstream);
    return inst;
  }
}

/** A point where the forward lines are not finite: nothing to differentiate there. */
export interface UndefinedPoint {
  readonly undefinedForward: InputError;
}

export const isUndefinedPoint = (v: PointVerdict | UndefinedPoint): v is UndefinedPoint => 'undefinedForward' in v;

export function checkGradientAt(d: Derivation, g: GradientSpec, point: Point, options: CheckOptions = FULL, instances = new Instances(d)): PointVerdict | UndefinedPoint {
  const inst = instances.at(point);
  const undefinedForward = forwardUndefined(d, inst);
  if (undefinedForward !== undefined) return { undefinedForward };

  const shape = inst.shapes.get(g.wrt)!;
  const conflict = (claim: Claim): string | undefined => (claim.form === 'index' ? claim.eq.conflict?.message : undefined);
  const claims = claimsOf(g);
  // Compiled before the oracle runs, so that its probes fill every diff(...) table as well.
  inst.compileClaims(claims.map((c) => c.claim).filter((c) => conflict(c) === undefined && skipReason(c, options.mode) === undefined));
  let jumps = 0;
  if (options.mode === 'full') {
    const { discontinuity } = inst.oracle(g.wrt);
    const pole = discontinuity.indexOf('pole');
    if (pole >= 0) return { undefinedForward: poleNear(d, g.wrt, unravel(pole, shape)) };
    jumps = discontinuity.filter((k) => k === 'jump').length;
  }
  const judge = options.mode === 'full' ? fullJudge(inst, g, d.tolerance) : fastJudge(inst, g, d.tolerance, options);
  const outcomes = claims.map(({ label, claim }): ClaimOutcome => {
    const conflicting = conflict(claim);
    if (conflicting !== undefined) return { label, ok: false, maxRelErr: Infinity, reason: conflicting };
    const skipped = skipReason(claim, options.mode);
    if (skipped !== undefined) return { label, ok: true, maxRelErr: 0, skipped };
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
    return judge(label, claim, value);
  });
  const failed = outcomes.find((o) => !o.ok);
  return { ok: failed === undefined, jumps, outcomes, failed, maxRelErr: Math.max(0, ...outcomes.map((o) => o.maxRelErr)) };
}

/** Compares the value of one claim with the oracle. */
type Judge = (label: ClaimLabel, claim: Claim, value: Tensor) => ClaimOutcome;

function fullJudge(inst: Instance, g: GradientSpec, tol: Tolerance): Judge {
  const truth = inst.oracle(g.wrt);
  const shape = inst.shapes.get(g.wrt)!;
  return (label, claim, value) => {
    const cmp = withRounding(inst, g.wrt, claim, value.data, truth, tol);
    if (cmp.nonFinite !== undefined) return nonFiniteClaim(label, g, shape, value, cmp.nonFinite, truth.grad[cmp.nonFinite]!);
    // diff(...) tables hold central differences, each tied entry's own mean slope: only other claims are judged at ties as a whole.
    const whole = cmp.ok && !(claim.form === 'index' && containsDiff(claim.eq.rhs));
    const ties = whole ? judgeTies(truth, value.data, (v) => inst.slopesAlong(g.wrt, v), tol) : { ok: true };
    if (!ties.ok) return { label, ok: false, maxRelErr: Infinity, reason: ties.reason! };
    return outcome(label, cmp, g.gradName, shape);
  };
}

/**
 * The comparison, where a claim fails, with the tolerance widened by what the
 * oracle and the claim are uncertain by at the entries that fail, worst
 * first: the claim is wrong only where it fails by more than that too. Such
 * an entry is reported as it was, with the tolerance alone.
 */
function withRounding(inst: Instance, wrt: string, claim: Claim, claimed: Float64Array, truth: Gradient, tol: Tolerance): Comparison {
  const allowance = new Float64Array(claimed.length);
  for (;;) {
    const cmp = compareTensors(claimed, truth, tol, allowance);
    if (cmp.ok || cmp.nonFinite !== undefined) return cmp;
    // The worst entry has no allowance yet: one that has passes with it.
    const uncertainty = inst.roundingAt(wrt, cmp.worst, claim, claimed);
    if (cmp.absErr > cmp.allowed + uncertainty) return cmp;
    allowance[cmp.worst] = uncertainty;
  }
}

function fastJudge(inst: Instance, g: GradientSpec, tol: Tolerance, options: CheckOptions): Judge {
  const shape = inst.shapes.get(g.wrt)!;
  const n = sizeOf(shape);
  const maxKinks = kinkBudget(n);
  const smooth = inst.oracleAlong(g.wrt, randomDirection(n, seededRandom(options.seed)), maxKinks);
  const unjudged = (label: ClaimLabel, why: string): ClaimOutcome => ({ label, ok: true, maxRelErr: 0, skipped: `${why}; not judged at this point` });
  return (label, _claim, value) => {
    if (smooth.along.kink) return unjudged(label, `more than ${maxKinks} kinks along the random direction`);
    const bad = value.data.findIndex((c) => !Number.isFinite(c));
    if (bad >= 0) return nonFiniteClaim(label, g, shape, value, bad, undefined);
    const verdict = inst.judgeAlong(g.wrt, smooth, value.data, tol, maxKinks);
    const { projection } = verdict;
    if (verdict.kind === 'ok') return { label, ok: true, maxRelErr: projection.relErr };
    if (verdict.kind === 'not-differentiable') return unjudged(label, 'the forward function has kinks within the finite-difference step');
    if (verdict.entry === undefined) {
      const [claimed, actual] = distinguish(projection.analytical, projection.numerical);
      const reason = `differs along a random direction v: <${g.gradName}, v> = ${claimed}, finite differences give ${actual}${offBy(projection)}`;
      return { label, ok: false, maxRelErr: projection.relErr, reason };
    }
    const { index, comparison: entry } = verdict.entry;
    const at = unravel(index, shape);
    const reason = `${differsAt(g.gradName, at, entry.analytical, entry.numerical)}${offBy(entry)}`;
    return { label, ok: false, maxRelErr: projection.relErr, index: at, claimed: entry.analytical, actual: entry.numerical, reason };
  };
}

/** The forward is finite at the point (undefined points are skipped): a claim that is not is wrong there. */
function nonFiniteClaim(label: ClaimLabel, g: GradientSpec, shape: readonly number[], value: Tensor, flat: number, actual: number | undefined): ClaimOutcome {
  const index = unravel(flat, shape);
  const claimed = value.data[flat]!;
  const oracle = actual === undefined ? '' : `, finite differences give ${short(actual)}`;
  const reason = `gives ${claimed} at ${g.gradName}[${index.join(',')}] where the forward is finite${oracle}`;
  return { label, ok: false, maxRelErr: Infinity, reason, index, claimed, ...(actual === undefined ? {} : { actual }) };
}

function outcome(label: ClaimLabel, cmp: Comparison, gradName: string, shape: readonly number[]): ClaimOutcome {
  const index = unravel(cmp.worst, shape);
  const base = { label, ok: cmp.ok, maxRelErr: cmp.maxRelErr, index, claimed: cmp.claimed, actual: cmp.actual };
  if (cmp.ok) return base;
  return { ...base, reason: `${differsAt(gradName, index, cmp.claimed, cmp.actual)}${offBy(cmp)}` };
}

function differsAt(gradName: string, index: readonly number[], claimed: number, actual: number): string {
  const [c, a] = distinguish(claimed, actual);
  return `differs at ${gradName}[${index.join(',')}]: claimed ${c}, finite differences give ${a}`;
}

/** How far the claim is from the slopes, and how far it may be. */
const offBy = (c: { readonly absErr: number; readonly allowed: number }): string => ` (off by ${c.absErr.toExponential(1)}, tolerance ${c.allowed.toExponential(1)})`;

/** A pole within the oracle's step (1/x, tan, log near their poles): the point is outside the forward's domain. */
function poleNear(d: Derivation, wrt: string, index: readonly number[]): InputError {
  const output = d.forward[d.forward.length - 1]!;
  const names = d.outputs.map((o) => o.tensor).join(', ');
  return output.src.error(`${names} has a pole within the finite-difference step of ${wrt}[${index.join(',')}] for inputs in the declared domains; declare a domain that keeps its inputs away from it`);
}

/** Where a forward line is not finite at the point, the error that says so. */
function forwardUndefined(d: Derivation, inst: Instance): InputError | undefined {
  for (const line of d.forward) {
    const name = line.form === 'index' ? line.eq.tensor : line.tensor;
    const t = inst.tensor(name);
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      return line.src.error(`${name}[${unravel(bad, t.shape).join(',')}] is ${t.data[bad]} for inputs in the declared domains; declare a domain (e.g. positive) for its inputs`);
    }
  }
  return undefined;
}
