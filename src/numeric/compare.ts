// Comparison of a claimed tensor with the oracle. Central differences err by
// a small fraction of the gradient's scale, not of each entry (their rounding
// error comes from phi, not from the entry), so an entry passes when
//   |claimed - actual| <= atol + rtol * max_k |actual_k|.

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Suits float64 central differences on well-scaled inputs (their error is about 1e-10 relative). */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-8 };

export interface Comparison {
  readonly ok: boolean;
  /** Largest |claimed - actual| over the judged entries, relative to the largest |actual| (or atol). */
  readonly maxRelErr: number;
  readonly maxAbsErr: number;
  /** The flat position that fails the test by the widest margin (or the worst one when all pass). */
  readonly worst: number;
  readonly claimed: number;
  readonly actual: number;
  /** The position of the first non-finite claimed value, if any. */
  readonly nonFinite: number | undefined;
}

export function compareTensors(claimed: Float64Array, actual: Float64Array, tol: Tolerance, skip?: Uint8Array): Comparison {
  let scale = 0;
  for (let k = 0; k < actual.length; k++) if (!skip?.[k]) scale = Math.max(scale, Math.abs(actual[k]!));
  const allowed = tol.atol + tol.rtol * scale;
  let worst = -1;
  let worstRatio = -1;
  let maxAbsErr = 0;
  let nonFinite: number | undefined;
  for (let k = 0; k < claimed.length; k++) {
    if (skip?.[k]) continue;
    const c = claimed[k]!;
    const a = actual[k]!;
    if (!Number.isFinite(c)) {
      nonFinite ??= k;
      continue;
    }
    const abs = Math.abs(c - a);
    const ratio = abs / allowed;
    maxAbsErr = Math.max(maxAbsErr, abs);
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = k;
    }
  }
  return {
    ok: worstRatio <= 1 && nonFinite === undefined,
    maxRelErr: maxAbsErr / Math.max(scale, tol.atol),
    maxAbsErr,
    worst: Math.max(worst, 0),
    claimed: worst >= 0 ? claimed[worst]! : NaN,
    actual: worst >= 0 ? actual[worst]! : NaN,
    nonFinite,
  };
}
