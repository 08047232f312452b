// The finite-difference oracle. Central differences in float64 with a step
// scaled per element, h = cbrt(eps) * max(1, |x|), which balances truncation
// error O(h^2) against rounding error O(eps/h), then one Richardson step with
// h/2, (4 D(h/2) - D(h)) / 3, which cancels the h^2 term: functions that curve
// on a scale much finer than |x| (batch norm over nearly equal inputs) stay
// accurate to about 1e-10. The vector-Jacobian product
// <dY, dY/dX> is obtained as the gradient of the scalar phi(X) = <dY, Y(X)>.

export const FD_STEP = Math.cbrt(Number.EPSILON);

/**
 * Kinks (relu at 0, a tie in max) are found by one-sided slopes at two steps,
 * h and h/16. On a smooth function their difference is about h * phi'' and
 * shrinks 16-fold with the step; across a kink it is the jump in slope and
 * does not shrink. Differences under NOISE * (1 + |phi|) are rounding error.
 */
const KINK_STEP_RATIO = 16;
const NOISE = 1e-7;

export interface Gradient {
  /** Central differences. */
  readonly grad: Float64Array;
  /**
   * The slopes a correct claim may take: [grad, grad] where phi is smooth, and
   * between the one-sided slopes at a kink (any subgradient is accepted there).
   */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** 1 where a kink was found. */
  readonly kink: Uint8Array;
}

/**
 * The full gradient of `phi` at `x` (4 evaluations per element, 2 more where
 * the one-sided slopes disagree). `phi` reads `x` in place; `x` is restored
 * exactly after each probe.
 */
export function gradientFull(x: Float64Array, phi: () => number): Gradient {
  const n = x.length;
  const grad = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const kink = new Uint8Array(n);
  const f0 = phi();
  const noise = NOISE * (1 + Math.abs(f0));
  const probe = (k: number, h: number): { forward: number; backward: number; central: number } => {
    const x0 = x[k]!;
    const xp = x0 + h;
    const xm = x0 - h;
    x[k] = xp;
    const fp = phi();
    x[k] = xm;
    const fm = phi();
    x[k] = x0;
    return { forward: (fp - f0) / (xp - x0), backward: (f0 - fm) / (x0 - xm), central: (fp - fm) / (xp - xm) };
  };
  for (let k = 0; k < n; k++) {
    const h = FD_STEP * Math.max(1, Math.abs(x[k]!));
    const wide = probe(k, h);
    const half = probe(k, h / 2);
    grad[k] = lower[k] = upper[k] = (4 * half.central - wide.central) / 3;
    const gap = Math.abs(wide.forward - wide.backward);
    if (gap <= noise) continue;
    const narrow = probe(k, h / KINK_STEP_RATIO);
    const narrowGap = Math.abs(narrow.forward - narrow.backward);
    if (narrowGap > noise && narrowGap > gap / 2) {
      kink[k] = 1;
      lower[k] = Math.min(narrow.forward, narrow.backward);
      upper[k] = Math.max(narrow.forward, narrow.backward);
    }
  }
  return { grad, lower, upper, kink };
}

/**
 * The Jacobian of a vector function of `x` (rows x x.length, row-major), by
 * the same Richardson-extrapolated central differences as gradientFull.
 * `evaluate` reads `x` in place and writes the function's value into `into`.
 */
export function jacobianFull(x: Float64Array, rows: number, evaluate: (into: Float64Array) => void): Float64Array {
  const n = x.length;
  const jac = new Float64Array(rows * n);
  const [plus, minus] = [new Float64Array(rows), new Float64Array(rows)];
  const central = (k: number, h: number, into: Float64Array): void => {
    const x0 = x[k]!;
    const [xp, xm] = [x0 + h, x0 - h];
    x[k] = xp;
    evaluate(plus);
    x[k] = xm;
    evaluate(minus);
    x[k] = x0;
    for (let r = 0; r < rows; r++) into[r] = (plus[r]! - minus[r]!) / (xp - xm);
  };
  const [wide, half] = [new Float64Array(rows), new Float64Array(rows)];
  for (let k = 0; k < n; k++) {
    const h = FD_STEP * Math.max(1, Math.abs(x[k]!));
    central(k, h, wide);
    central(k, h / 2, half);
    for (let r = 0; r < rows; r++) jac[r * n + k] = (4 * half[r]! - wide[r]!) / 3;
  }
  return jac;
}

/**
 * The derivative of `phi` along direction `v` (2 evaluations whatever the size):
 * with phi = <u, Y(X)> this is u^T J v, PyTorch's fast gradcheck quantity.
 */
export function directionalDerivative(x: Float64Array, v: Float64Array, phi: () => number): { value: number; kink: boolean } {
  let xMax = 0;
  let vMax = 0;
  for (let k = 0; k < x.length; k++) {
    xMax = Math.max(xMax, Math.abs(x[k]!));
    vMax = Math.max(vMax, Math.abs(v[k]!));
  }
  if (vMax === 0) return { value: 0, kink: false };
  const h = (FD_STEP * Math.max(1, xMax)) / vMax;
  const saved = Float64Array.from(x);
  const f0 = phi();
  for (let k = 0; k < x.length; k++) x[k] = saved[k]! + h * v[k]!;
  const fp = phi();
  for (let k = 0; k < x.length; k++) x[k] = saved[k]! - h * v[k]!;
  const fm = phi();
  x.set(saved);
  const value = (fp - fm) / (2 * h);
  const gap = Math.abs((fp - f0) / h - (f0 - fm) / h);
  return { value, kink: gap > NOISE * (1 + Math.abs(f0)) && gap > 1e-3 * (1 + Math.abs(value)) };
}
