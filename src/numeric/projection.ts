// Fast mode's oracle: a claimed gradient g is judged by one number, <g, v>,
// against the derivative of phi along a random direction v (PyTorch's fast
// gradcheck, u^T J v with phi = <u, Y>). When they disagree, bisection over
// the entries of v finds an entry where they differ: the disagreement of a
// range of entries is additive, so each halving costs one directional
// derivative (2 to 6 evaluations of phi), log2(n) of them in all.
import type { Tolerance } from './compare.js';
import { directionalSlopes, KINK_STEP_RATIO, type DirectionalOptions, type LineSlopes } from './finite-diff.js';

/** Where `auto` picks fast mode: above this many entries, 4 evaluations per entry cost more than a projection and its bisection. */
export const AUTO_FAST_ENTRIES = 2000;

/**
 * How many kinks fast mode takes out of a direction over n entries before it
 * calls the point not differentiable: each costs a bisection of about log2(n)
 * probes, and a budget of 32 probes keeps a kink-dense function (relu over
 * many values near 0) from costing more than the check it replaces.
 */
export const kinkBudget = (n: number): number => Math.max(1, Math.min(8, Math.floor(32 / Math.ceil(Math.log2(n) + 1))));

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length): number {
  let acc = 0;
  for (let k = from; k < to; k++) acc += a[k]! * b[k]!;
  return acc;
}

export interface AlongComparison {
  readonly ok: boolean;
  /** Distance of the claimed number from the slopes [lower, upper]. */
  readonly absErr: number;
  /** absErr over atol/rtol + |slopes|: the comparison passes exactly when this is at most rtol. */
  readonly relErr: number;
  /** The largest absErr that passes. */
  readonly allowed: number;
  readonly analytical: number;
  readonly numerical: number;
}

/**
 * One number against the slopes [lower, upper] along a direction, with the
 * tolerance of a single number, atol + rtol * |slope|, as JAX's check_vjp
 * compares its inner products. PyTorch's fast mode multiplies atol by the sums
 * of u and v, which lets a wrong entry among many through; nothing is scaled
 * here, so one projection resolves a wrong entry down to about
 * rtol * |u^T J v|, which grows like sqrt(n) for n comparable entries. What
 * the finite differences are themselves uncertain by (float32 rounding of a
 * large reduction) is not held against the claim either.
 */
export function compareAlong(analytical: number, along: LineSlopes, tol: Tolerance): AlongComparison {
  const absErr = Math.max(along.lower - analytical, analytical - along.upper, 0);
  const magnitude = Math.max(Math.abs(along.lower), Math.abs(along.upper));
  const allowed = tol.atol + tol.rtol * magnitude + 2 * along.error;
  const ok = Number.isFinite(analytical) && absErr <= allowed;
  return { ok, absErr, relErr: absErr / (tol.atol / tol.rtol + magnitude), allowed, analytical, numerical: along.value };
}

/** Slopes along v restricted to the entries [from, to). */
function alongRange(x: Float64Array | Float32Array, v: Float64Array, phi: () => number, options: DirectionalOptions, from: number, to: number): LineSlopes {
  const part = new Float64Array(v.length);
  part.set(v.subarray(from, to), from);
  return directionalSlopes(x, part, phi, options);
}

/** Halves [0, n) down to one entry, following the half where `part` (additive over ranges) is larger in magnitude. */
function bisect(n: number, whole: number, part: (from: number, to: number) => number): number {
  let [lo, hi, q] = [0, n, whole];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const left = part(lo, mid);
    const right = q - left;
    if (Math.abs(left) >= Math.abs(right)) [hi, q] = [mid, left];
    else [lo, q] = [mid, right];
  }
  return lo;
}

/** The entry where `claimed` departs most from phi's slopes, following <claimed, v> - the derivative along v. */
function locateMismatch(
  x: Float64Array | Float32Array,
  v: Float64Array,
  phi: () => number,
  claimed: ArrayLike<number>,
  whole: LineSlopes,
  options: DirectionalOptions,
): number {
  return bisect(x.length, whole.value - dot(claimed, v), (from, to) => alongRange(x, v, phi, options, from, to).value - dot(claimed, v, from, to));
}

/** An entry where phi has a kink along v, following the jump in slope. */
function locateKink(x: Float64Array | Float32Array, v: Float64Array, phi: () => number, whole: LineSlopes, options: DirectionalOptions): number {
  return bisect(x.length, whole.jump, (from, to) => alongRange(x, v, phi, options, from, to).jump);
}

export interface SmoothDirection {
  /** v with the entries found at kinks set to 0. */
  readonly direction: Float64Array;
  /** The slopes along it: a kink still when more than maxKinks were found. */
  readonly along: LineSlopes;
  /** The entries where phi has a kink, with its one-sided slopes there. */
  readonly kinks: readonly { readonly index: number; readonly slopes: LineSlopes }[];
}

/**
 * The slopes of phi along v, after taking out of v, one by one, the entries
 * where a kink lies (relu at 0, a tie in max): along a line through several
 * kinks the one-sided slopes no longer bound every subgradient, so a claim
 * could not be judged there. Stops after maxKinks.
 */
export function smoothDirection(x: Float64Array | Float32Array, v: Float64Array, phi: () => number, maxKinks: number, options: DirectionalOptions = {}): SmoothDirection {
  const direction = Float64Array.from(v);
  const kinks: { index: number; slopes: LineSlopes }[] = [];
  let along = directionalSlopes(x, direction, phi, options);
  for (let tries = 0; along.kink && tries < maxKinks; tries++) {
    const index = locateKink(x, direction, phi, along, options);
    const slopes = entrySlopes(x, index, phi, options);
    if (slopes.kink) kinks.push({ index, slopes });
    direction[index] = 0;
    along = directionalSlopes(x, direction, phi, options);
  }
  return { direction, along, kinks };
}

/** The partial derivative of phi in entry k, with its one-sided slopes if it is a kink. */
export function entrySlopes(x: Float64Array | Float32Array, k: number, phi: () => number, options: DirectionalOptions = {}): LineSlopes {
  const unit = new Float64Array(x.length);
  unit[k] = 1;
  return directionalSlopes(x, unit, phi, options);
}

interface VerdictBase {
  /** The comparison along the direction, after any entries near kinks were taken out of it. */
  readonly projection: AlongComparison;
  /** Entries taken out because phi has a kink there, with its slopes. */
  readonly kinks: readonly { readonly index: number; readonly slopes: LineSlopes }[];
}

export type ProjectionVerdict =
  | (VerdictBase & { readonly kind: 'ok' })
  | (VerdictBase & { readonly kind: 'not-differentiable' })
  /** `entry`: the entry bisection found, when it differs on its own. */
  | (VerdictBase & { readonly kind: 'wrong'; readonly entry: { readonly index: number; readonly comparison: AlongComparison } | undefined });

/**
 * Judges `claimed` along a direction whose slopes `along` are known (from
 * smoothDirection). Before a mismatch is called wrong, more points are probed,
 * as Chainer's detect_nondifferentiable does: the step 16 times smaller (a
 * claim that passes there was misjudged by a step that crossed kinks near x);
 * the entry that bisection finds, taken out of the direction when it sits at
 * or near a kink (at most maxKinks times); and, when no entry stands out,
 * whether the mismatch shrinks with the step, as kinks crossed do and a wrong
 * claim does not.
 */
export function judgeProjection(
  x: Float64Array | Float32Array,
  smooth: SmoothDirection,
  phi: () => number,
  claimed: ArrayLike<number>,
  tol: Tolerance,
  maxKinks: number,
  options: DirectionalOptions = {},
): ProjectionVerdict {
  const narrow = { ...options, stepScale: 1 / KINK_STEP_RATIO };
  const kinks = [...smooth.kinks];
  let { direction, along } = smooth;
  for (let removed = kinks.length; ; removed++) {
    const projection = compareAlong(dot(claimed, direction), along, tol);
    if (projection.ok) return { kind: 'ok', projection, kinks };
    // The step crossed kinks near x that the smaller one does not reach: trust the smaller one.
    const closer = directionalSlopes(x, direction, phi, narrow);
    const atCloser = compareAlong(projection.analytical, closer, tol);
    if (atCloser.ok) return { kind: closer.kink ? 'not-differentiable' : 'ok', projection: atCloser, kinks };
    const index = locateMismatch(x, direction, phi, claimed, along, options);
    const slopes = entrySlopes(x, index, phi, options);
    const entry = compareAlong(claimed[index]!, slopes, tol);
    const nearKink = !entry.ok && compareAlong(claimed[index]!, entrySlopes(x, index, phi, narrow), tol).ok;
    if (!slopes.kink && !nearKink) {
      if (!entry.ok) return { kind: 'wrong', projection, kinks, entry: { index, comparison: entry } };
      // No entry stands out: a wrong claim differs alike at both steps, while kinks crossed near x shrink
      // with the step; and where kinks were found, others may cancel along the line, so nothing is concluded.
      const unexplained = kinks.length > 0 || atCloser.absErr < projection.absErr / 2;
      return { kind: unexplained ? 'not-differentiable' : 'wrong', projection, kinks, entry: undefined };
    }
    if (slopes.kink) kinks.push({ index, slopes });
    if (removed === maxKinks) return { kind: 'not-differentiable', projection, kinks };
    direction = Float64Array.from(direction);
    direction[index] = 0;
    along = directionalSlopes(x, direction, phi, options);
  }
}
