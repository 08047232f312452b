// How much float64 rounding moves values computed from inputs, measured
// rather than bounded: the inputs are moved along a line (one entry, or all
// of them with random signs), on both sides, by amounts from a few units in
// the last place up to 1/90 of the finite-difference step. Over
// such moves the exact values are a cubic in the move to far below rounding
// (the next term is t^4 f''''/24 with t^4 < 1e-28), while the rounding of
// every intermediate that depends on the entry comes out differently: what
// the cubic does not explain is rounding noise. Odd and even parts are
// fitted apart (a1 t + a3 t^3 and a2 t^2), so rounding that is odd in the
// move (batch norm over equal values rounds to +e and -e) is seen; a jump or
// a kink at the point itself (an input placed on a switch) is fitted too, by
// sign(t) in the odd part and |t| in the even part, so that it is not taken
// for noise. The
// moves are spaced irregularly, because a regular one can keep the perturbed
// sums exact (a column of equal values moved by an even number of units
// rounds nowhere). The larger moves reach intermediates far larger than the
// entry (x + 1e8 rounds in units of 1.5e-8).
import { FD_STEP } from './finite-diff.js';

/** Irregular multipliers: no two in a ratio of small integers. */
const SPREAD = [1, 1.618, 2.236, 2.854];
/** The moves, in units of max(1, |x_i|) per entry: a few units in the last place, then about 1/65536 and 1/256 of the step. */
const MOVES = [8 * Number.EPSILON, FD_STEP / 65536, FD_STEP / 256].flatMap((unit) => SPREAD.map((m) => m * unit));

/** Moves the entries of `vectors` along `direction` (one array per vector): entry i to x_i + t d_i max(1, |x_i|); t = 0 restores them exactly. */
export function lineThrough(vectors: readonly Float64Array[], direction: readonly Float64Array[]): (t: number) => void {
  const saved = vectors.map((v) => v.slice());
  return (t) => {
    vectors.forEach((v, j) => {
      const [d, x] = [direction[j]!, saved[j]!];
      for (let i = 0; i < v.length; i++) v[i] = d[i] === 0 ? x[i]! : x[i]! + t * d[i]! * Math.max(1, Math.abs(x[i]!));
    });
  };
}

/**
 * The rounding noise of each of the values `evaluate` writes, seen as `moveTo`
 * moves the inputs along a line (lineThrough): the largest residual of the
 * values from their fit in the move (odd part plus even part). The values
 * before the move are `at`; the inputs are restored (moveTo(0)). Residuals
 * above `notRounding` times the value's magnitude (plus 1) are not rounding
 * but a jump or a kink within the moves: that value's noise is left
 * unmeasured (0) rather than taken to be that large.
 */
export function roundingNoise(moveTo: (t: number) => void, at: Float64Array, evaluate: (into: Float64Array) => void, notRounding: number): Float64Array {
  const valuesAt = (t: number): Float64Array => {
    const into = new Float64Array(at.length);
    moveTo(t);
    evaluate(into);
    moveTo(0);
    return into;
  };
  const plus = MOVES.map(valuesAt);
  const minus = MOVES.map((t) => valuesAt(-t));
  // Fitted in u = t / max t, where the powers stay well scaled.
  const u = MOVES.map((t) => t / MOVES[MOVES.length - 1]!);
  const noise = new Float64Array(at.length);
  for (let r = 0; r < at.length; r++) {
    const odd = u.map((_, j) => (plus[j]![r]! - minus[j]![r]!) / 2);
    const even = u.map((_, j) => (plus[j]![r]! + minus[j]![r]!) / 2 - at[r]!);
    const oddResiduals = residuals(odd, [u, u.map((v) => v ** 3), u.map(() => 1)]);
    const evenResiduals = residuals(even, [u.map((v) => v * v), u]);
    let worst = 0;
    let magnitude = Math.abs(at[r]!);
    for (let j = 0; j < u.length; j++) {
      worst = Math.max(worst, Math.abs(oddResiduals[j]!) + Math.abs(evenResiduals[j]!));
      magnitude = Math.max(magnitude, Math.abs(plus[j]![r]!), Math.abs(minus[j]![r]!));
    }
    // NaN or a residual too large for rounding leaves the noise unmeasured (`<=` is false for NaN).
    if (worst <= notRounding * (1 + magnitude)) noise[r] = worst;
  }
  return noise;
}

/** The residuals of the least-squares fit of y by the basis columns (normal equations, Gaussian elimination with pivoting). */
function residuals(y: readonly number[], basis: readonly (readonly number[])[]): number[] {
  const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((acc, v, j) => acc + v * b[j]!, 0);
  const rows = basis.map((a) => [...basis.map((b) => dot(a, b)), dot(a, y)]);
  const n = basis.length;
  for (let col = 0; col < n; col++) {
    const pivot = rows.slice(col).reduce((best, row, j) => (Math.abs(row[col]!) > Math.abs(rows[best]![col]!) ? col + j : best), col);
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col || rows[col]![col] === 0) continue;
      const factor = rows[r]![col]! / rows[col]![col]!;
      rows[r] = rows[r]!.map((v, j) => v - factor * rows[col]![j]!);
    }
  }
  const coef = rows.map((row, j) => (row[j] === 0 ? 0 : row[n]! / row[j]!));
  return y.map((v, j) => v - basis.reduce((acc, b, c) => acc + coef[c]! * b[j]!, 0));
}
