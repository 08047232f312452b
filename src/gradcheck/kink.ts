import type { Tolerance } from '../numeric/compare.js';
import type { LineSlopes } from '../numeric/finite-diff.js';
import { compareAlong } from '../numeric/projection.js';
import { unravel } from '../numeric/tensor.js';
import type { Kink } from './result.js';

/** A kink of f in entry `flat` of an input, and whether tfjs's value there is a subgradient. */
export function kinkAt(input: number, shape: readonly number[], flat: number, slopes: LineSlopes, analytical: number, tol: Tolerance): Kink {
  return {
    input,
    index: unravel(flat, shape),
    lowerSlope: slopes.lower,
    upperSlope: slopes.upper,
    analytical,
    subgradient: compareAlong(analytical, slopes, tol).ok,
  };
}
