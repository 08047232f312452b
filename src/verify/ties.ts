// Ties judged as a whole. At a tie of max(k, x[k]) each tied entry alone has
// one-sided slopes [0, dY], so a claim of dY for every tied entry passes entry
// by entry; but moving the tied entries together moves the max by as much,
// and along that direction the claim gives their count times dY. Kinks that
// do not interact (relu of separate entries, clamp at -1 in one entry and at
// 1 in another) have one-sided slopes that add up along the joint direction,
// forward with forward and backward with backward, and are left to the
// entry-wise bounds.
import type { Tolerance } from '../numeric/compare.js';
import type { LineSlopes, ProbedGradient } from '../numeric/finite-diff.js';
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
export function judgeTies(truth: ProbedGradient, claimed: ArrayLike<number>, along: (v: Float64Array) => LineSlopes, tol: Tolerance): TieVerdict {
  const tied: number[] = [];
  for (let k = 0; k < truth.kink.length; k++) if (truth.kink[k] === 1 && Number.isFinite(truth.lower[k]!) && Number.isFinite(truth.upper[k]!)) tied.push(k);
  if (tied.length < 2) return { ok: true };
  const v = new Float64Array(truth.kink.length);
  for (const k of tied) v[k] = 1;
  let joint = along(v);
  const own = tied.reduce((acc, k) => add(acc, entrySlopes(truth, k)), { mid: 0, step: 0 });
  if (agree(lineSlopes(joint), own, joint.error, tol)) return { ok: true };
  // Some kinks interact: leave out, one at a time, the entries whose kinks are separate from the rest's.
  const interacting = [...tied];
  for (const k of tied) {
    if (interacting.length < 2) return { ok: true };
    v[k] = 0;
    const rest = along(v);
    if (agree(sub(lineSlopes(joint), lineSlopes(rest)), entrySlopes(truth, k), joint.error + rest.error, tol)) {
      interacting.splice(interacting.indexOf(k), 1);
      joint = rest;
    } else v[k] = 1;
  }
  if (interacting.length < 2) return { ok: true };
  const sum = dot(claimed, v);
  const cmp = compareAlong(sum, joint, tol);
  if (cmp.ok) return { ok: true };
  return {
    ok: false,
    reason: `at a tie of ${interacting.length} entries, the claim sums to ${fmt(sum)} over them, but moving them together changes the function at a rate between ${fmt(joint.lower)} and ${fmt(joint.upper)}: not a subgradient`,
  };
}

const fmt = (x: number): string => Number(x.toPrecision(6)).toString();

/** One-sided slopes as their midpoint and their step (forward minus backward): both add up over separate kinks. */
interface Slopes {
  readonly mid: number;
  readonly step: number;
}

const entrySlopes = (truth: ProbedGradient, k: number): Slopes => ({ mid: (truth.lower[k]! + truth.upper[k]!) / 2, step: truth.slopeStep[k]! });
const lineSlopes = (s: LineSlopes): Slopes => ({ mid: (s.lower + s.upper) / 2, step: s.jump });
const add = (a: Slopes, b: Slopes): Slopes => ({ mid: a.mid + b.mid, step: a.step + b.step });
const sub = (a: Slopes, b: Slopes): Slopes => ({ mid: a.mid - b.mid, step: a.step - b.step });

/** Whether two slopes agree up to the tolerance and the finite differences' error along the lines probed. */
function agree(a: Slopes, b: Slopes, error: number, tol: Tolerance): boolean {
  const slack = tol.atol + tol.rtol * (Math.abs(b.mid) + Math.abs(b.step)) + 2 * error;
  return Math.abs(a.mid - b.mid) <= slack && Math.abs(a.step - b.step) <= slack;
}
