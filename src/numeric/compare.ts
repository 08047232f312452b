import type { Gradient } from './finite-diff.js';

// Comparison of a claimed tensor with the oracle. Central differences err by
// a small fraction of the gradient's scale, not of each entry (their rounding
// error comes from phi, not from the entry), so an entry passes when
//   |claimed - actual| <= atol + rtol * max_k |actual_k|,
// where "actual" widens to an interval at kinks (see finite-diff.ts).

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Suits float64 central differences on well-scaled inputs (their error is about 1e-10 relative). */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-8 };

export interface Comparison {
  readonly ok: boolean;
  /**
   * Largest distance of a claimed entry from its slopes, over atol/rtol +
   * max|actual|: the claim passes exactly when this is at most rtol.
   */
  readonly maxRelErr: number;
  readonly maxAbsErr: number;
  /** The distance from the slopes the worst entry may have: atol + rtol * max|actual|, plus its allowance. */
  readonly allowed: number;
  /** The worst entry's distance from its slopes. */
  readonly absErr: number;
  /** The flat position that fails the test by the widest margin (or the worst one when all pass). */
  readonly worst: number;
  readonly claimed: number;
  readonly actual: number;
  /** The position of the first non-finite claimed value, if any. */
  readonly nonFinite: number | undefined;
}

/**
 * Compares `claimed` with the oracle's slopes: an entry must lie within the
 * tolerance of [lower, upper], a single value where the function is smooth.
 * At a kink (lower < upper) an undefined claimed value is not held against it.
 * `allowance` widens the tolerance entry by entry: what the oracle and the
 * claim are known to be uncertain by there.
 */
export function compareTensors(claimed: Float64Array, oracle: Pick<Gradient, 'grad' | 'lower' | 'upper' | 'kink'>, tol: Tolerance, allowance?: ArrayLike<number>): Comparison {
  const { grad: actual, lower, upper, kink } = oracle;
  let scale = 0;
  // An entry at a jump has no slope: its difference quotient (the jump over the step) is no scale for the others.
  for (let k = 0; k < actual.length; k++) if (Number.isFinite(lower[k]!) && Number.isFinite(upper[k]!)) scale = Math.max(scale, Math.abs(actual[k]!));
  const base = tol.atol + tol.rtol * scale;
  let worst = -1;
  let worstRatio = -1;
  let worstAbs = 0;
  let maxAbsErr = 0;
  let nonFinite: number | undefined;
  for (let k = 0; k < claimed.length; k++) {
    const c = claimed[k]!;
    if (!Number.isFinite(c)) {
      // Where the function has no finite slope (a kink, a vertical tangent) neither must the claim.
      if (!kink[k] && Number.isFinite(actual[k]!)) nonFinite ??= k;
      continue;
    }
    const abs = Math.max(lower[k]! - c, c - upper[k]!, 0);
    const ratio = abs / (base + (allowance?.[k] ?? 0));
    maxAbsErr = Math.max(maxAbsErr, abs);
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worstAbs = abs;
      worst = k;
    }
  }
  return {
    ok: worstRatio <= 1 && nonFinite === undefined,
    maxRelErr: maxAbsErr / (tol.atol / tol.rtol + scale),
    maxAbsErr,
    allowed: base + (worst >= 0 ? (allowance?.[worst] ?? 0) : 0),
    absErr: worstAbs,
    worst: Math.max(worst, 0),
    claimed: worst >= 0 ? claimed[worst]! : NaN,
    actual: worst >= 0 ? actual[worst]! : NaN,
    nonFinite,
  };
}
