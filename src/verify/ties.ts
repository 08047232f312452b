// Ties judged as a whole. At a tie of max(k, x[k]) each tied entry alone has
// one-sided slopes [0, dY], so a claim of dY for every tied entry passes entry
// by entry; but moving the tied entries together moves the max by as much,
// and along that direction the claim gives their count times dY. Kinks that
// do not interact (relu of separate entries) have slopes that add up along
// the joint direction, and are left to the entry-wise bounds.
import type { Tolerance } from '../numeric/compare.js';
import type { Gradient, LineSlopes } from '../numeric/finite-diff.js';
import { compareAlong, dot } from '../numeric/projection.js';

export interface TieVerdict {
  readonly ok: boolean;
  /** Why not, in words. */
  readonly reason?: string;
}

/**
 * Checks `claimed` along the joint direction of the entries found at kinks
 * (jumps excluded), when their kinks interact; `along` gives phi's one-sided
 * slopes along a direction in the input.
 */
export function judgeTies(truth: Gradient, claimed: ArrayLike<number>, along: (v: Float64Array) => LineSlopes, tol: Tolerance): TieVerdict {
  const tied: number[] = [];
  for (let k = 0; k < truth.kink.length; k++) if (truth.kink[k] === 1 && Number.isFinite(truth.lower[k]!) && Number.isFinite(truth.upper[k]!)) tied.push(k);
  if (tied.length < 2) return { ok: true };
  const v = new Float64Array(truth.kink.length);
  for (const k of tied) v[k] = 1;
  const joint = along(v);
  // Separate kinks: the joint interval is the sum of the entries' (up to the finite differences' error).
  const [low, high] = tied.reduce(([l, h], k) => [l + truth.lower[k]!, h + truth.upper[k]!], [0, 0]);
  const slack = tol.atol + tol.rtol * Math.max(Math.abs(low), Math.abs(high)) + 2 * joint.error;
  if (Math.abs(joint.lower - low) <= slack && Math.abs(joint.upper - high) <= slack) return { ok: true };
  const sum = dot(claimed, v);
  const cmp = compareAlong(sum, joint, tol);
  if (cmp.ok) return { ok: true };
  return {
    ok: false,
    reason: `at a tie of ${tied.length} entries, the claim sums to ${fmt(sum)} over them, but moving them together changes the function at a rate between ${fmt(joint.lower)} and ${fmt(joint.upper)}: not a subgradient`,
  };
}

const fmt = (x: number): string => Number(x.toPrecision(6)).toString();
