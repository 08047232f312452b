// The finite-difference oracle. Central differences in float64 with a step
// scaled per element, h = cbrt(eps) * max(1, |x|), which balances truncation
// error O(h^2) against rounding error O(eps/h). The vector-Jacobian product
// <dY, dY/dX> is obtained as the gradient of the scalar phi(X) = <dY, Y(X)>.

export const FD_STEP = Math.cbrt(Number.EPSILON);

/**
 * One-sided slopes that disagree by more than this (relative to 1 + |slope|)
 * mark a kink: relu at 0, a max with a tie. Smooth functions disagree by about
 * h * phi'' there, orders of magnitude less on well-scaled inputs.
 */
const KINK_TOLERANCE = 1e-3;

export interface Gradient {
  readonly grad: Float64Array;
  /** 1 where phi is not differentiable along that element (the gradient there is not judged). */
  readonly kink: Uint8Array;
}

/**
 * The full gradient of `phi` at `x` (2 evaluations per element). `phi` reads
 * `x` in place; `x` is restored exactly after each probe.
 */
export function gradientFull(x: Float64Array, phi: () => number): Gradient {
  const grad = new Float64Array(x.length);
  const kink = new Uint8Array(x.length);
  const f0 = phi();
  for (let k = 0; k < x.length; k++) {
    const x0 = x[k]!;
    const h = FD_STEP * Math.max(1, Math.abs(x0));
    const xp = x0 + h;
    const xm = x0 - h;
    x[k] = xp;
    const fp = phi();
    x[k] = xm;
    const fm = phi();
    x[k] = x0;
    const slope = (fp - fm) / (xp - xm);
    grad[k] = slope;
    const forward = (fp - f0) / (xp - x0);
    const backward = (f0 - fm) / (x0 - xm);
    if (!(Math.abs(forward - backward) <= KINK_TOLERANCE * (1 + Math.abs(slope)))) kink[k] = 1;
  }
  return { grad, kink };
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
  const forward = (fp - f0) / h;
  const backward = (f0 - fm) / h;
  return { value, kink: !(Math.abs(forward - backward) <= KINK_TOLERANCE * (1 + Math.abs(value))) };
}
