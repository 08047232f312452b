// The finite-difference oracle. Central differences with a step scaled per
// element, h = cbrt(eps) * max(1, |x|), which balances truncation error O(h^2)
// against rounding error O(eps/h), then one Richardson step with h/2,
// (4 D(h/2) - D(h)) / 3, which cancels the h^2 term: functions that curve on a
// scale much finer than |x| (batch norm over nearly equal inputs) stay accurate
// to about 1e-10 in float64. The vector-Jacobian product <dY, dY/dX> is
// obtained as the gradient of the scalar phi(X) = <dY, Y(X)>.
//
// `eps` is that of the arithmetic phi runs in: float64 for derivations,
// float32 when phi evaluates a TensorFlow.js function (gradcheck).

/** The arithmetic phi is computed in: its machine epsilon and the rounding noise of slopes. */
export interface Precision {
  readonly eps: number;
  /** One-sided slopes that differ by less than noise * (1 + |phi|) differ by rounding error only. */
  readonly noise: number;
}

export const FLOAT64: Precision = { eps: Number.EPSILON, noise: 1e-7 };
/**
 * float32 slopes at h/16 carry rounding error of about 16 * 2 * eps / cbrt(eps)
 * = 8e-4 relative to phi; the noise floor sits ten times above it.
 */
export const FLOAT32: Precision = { eps: 2 ** -23, noise: 1e-2 };

const stepOf = (p: Precision): number => Math.cbrt(p.eps);
export const FD_STEP = stepOf(FLOAT64);

/**
 * Kinks (relu at 0, a tie in max) are found by one-sided slopes at two steps,
 * h and h/16. On a smooth function their difference is about h * phi'' and
 * shrinks 16-fold with the step; across a kink it is the jump in slope and
 * does not shrink. When it shrinks far more than 16-fold, the wide step
 * crossed a kink near x that the narrow one does not reach: x itself is
 * smooth, and the narrow central difference is the one to trust.
 */
export const KINK_STEP_RATIO = 16;
const CROSSED_RATIO = 4 * KINK_STEP_RATIO;

/** Central and one-sided difference quotients of phi along a line through x. */
interface Probe {
  readonly central: number;
  readonly forward: number;
  readonly backward: number;
  /** The step t: with phi off by at most delta, the central quotient errs by delta / t, a one-sided one by 2 delta / t. */
  readonly step: number;
}

/**
 * At a kink, `slack` is what the narrow one-sided slopes are still off by:
 * each errs by about t f''/2 at step t, so between the probe 16 times wider
 * and the narrow one they moved by 15 times their own error.
 */
type Verdict =
  | { readonly kind: 'smooth' }
  | { readonly kind: 'crossed'; readonly narrow: Probe }
  | { readonly kind: 'kink'; readonly narrow: Probe; readonly slack: number }
  | { readonly kind: 'jump'; readonly narrow: Probe };

/**
 * At a jump (floor at an integer, a comparison at equality) a one-sided
 * quotient is the jump over the step: it grows 16-fold from h to h/16, where
 * a kink's stays put. Half that growth tells them apart.
 */
const JUMP_GROWTH = KINK_STEP_RATIO / 2;

/**
 * A kink between the two steps (h/16 crosses part of the way to it) leaves a
 * gap that shrank neither about 16-fold, as curvature's does, nor not at all:
 * the probe moves closer, 16 times at each level, up to this many levels.
 */
const MAX_LEVELS = 3;

/** Judges the wide probe, probing at h/16 (and closer) only where its one-sided slopes disagree beyond rounding. */
function judge(wide: Probe, narrowProbe: (level: number) => Probe, noise: number): Verdict {
  let gap = Math.abs(wide.forward - wide.backward);
  if (gap <= noise) return { kind: 'smooth' };
  let wider = wide;
  for (let level = 1; ; level++) {
    const narrow = narrowProbe(level);
    const narrowGap = Math.abs(narrow.forward - narrow.backward);
    if (narrowGap > noise && narrowGap > JUMP_GROWTH * gap) return { kind: 'jump', narrow };
    if (narrowGap > noise && narrowGap > gap / 2) {
      // Straight on both sides (relu), the slopes move by rounding only: no slack.
      const moved = Math.max(Math.abs(wider.forward - narrow.forward), Math.abs(wider.backward - narrow.backward));
      return { kind: 'kink', narrow, slack: moved > noise ? moved / (KINK_STEP_RATIO - 1) : 0 };
    }
    if (narrowGap * CROSSED_RATIO < gap) return { kind: 'crossed', narrow };
    const curvatureLike = narrowGap * 2 * KINK_STEP_RATIO >= gap && narrowGap * (KINK_STEP_RATIO / 2) <= gap;
    if (narrowGap <= noise || curvatureLike || level === MAX_LEVELS) return { kind: 'smooth' };
    gap = narrowGap;
    wider = narrow;
  }
}

export interface Gradient {
  /** Central differences. */
  readonly grad: Float64Array;
  /**
   * The slopes a correct claim may take: [grad, grad] where phi is smooth, and
   * between the one-sided slopes at a kink (any subgradient is accepted there).
   */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** 1 where a kink or a jump was found (at a jump, lower and upper are infinite). */
  readonly kink: Uint8Array;
}

/**
 * What kind of discontinuity phi has along an entry, if any: `jump` where its
 * value steps (floor at an integer, sign at 0, or only the value at the point
 * differs from the limits, as step(0) = 0 makes of a smooth L1 loss written
 * with two steps), `pole` where it blows up within the step (1/x near 0, tan
 * near pi/2). Neither has a slope to judge a claim by.
 */
export type Discontinuity = 'none' | 'jump' | 'pole';

/** gradientFull's gradient, with what rounding in phi can do to it. */
export interface ProbedGradient extends Gradient {
  /** Per entry: the discontinuity found there (lower and upper are then infinite). */
  readonly discontinuity: readonly Discontinuity[];
  /**
   * What each entry's slopes may be off by per unit of phi's rounding error:
   * with every evaluation of phi within delta of the exact value, grad, lower
   * and upper are within rounding[k] * delta of what exact arithmetic would
   * give with the same steps (Richardson's combination at h and h/2 gives 3 / h).
   */
  readonly rounding: Float64Array;
  /** Per entry: forward minus backward slope at a kink, 0 elsewhere (as LineSlopes' jump, for one entry). */
  readonly slopeStep: Float64Array;
}

/**
 * Values read off the function's state after each evaluation of phi and
 * differentiated alongside it, from the same probes: the Jacobian tables of
 * diff(...) claims come at no extra evaluation of the forward lines.
 */
export interface Alongside {
  readonly rows: number;
  /** Writes the rows at the point phi was last evaluated at. */
  readonly read: (into: Float64Array) => void;
}

/** Richardson's combination of central differences at steps h and h/2: cancels the h^2 term. */
const richardson = (wide: number, half: number): number => (4 * half - wide) / 3;

/**
 * Richardson's combination assumes the central difference errs by c h^2.
 * Where the curvature jumps at x (smooth L1 at |x - t| = beta: slope
 * continuous, second derivative not) it errs by c h instead, and the
 * combination keeps an error of order h. Central differences at h and h/2
 * that differ by more than this fraction of the noise floor are tested: a
 * third step h/4 gives a second Richardson estimate, and when the two
 * disagree while the one-sided estimates (each side smooth on its own, and
 * Richardson-combined for order h) agree, the one-sided ones are the answer.
 */
const TRUST_FRACTION = 1e-2;

/** A slope and its error per unit of phi's rounding error (see Gradient.rounding). */
interface Estimate {
  readonly value: number;
  readonly rounding: number;
}

/**
 * phi(x + t) - phi(x - t), which never reads phi(x): it shrinks in
 * proportion to t where phi is continuous across x, stays at the jump where
 * phi steps, and grows where a pole lies between x - t and x + t.
 */
const across = (p: Probe): number => p.central * 2 * p.step;

/**
 * Whether phi steps or blows up across x, from a probe and a narrower one,
 * the step r times smaller: the difference across x shrinks r-fold where phi
 * is continuous, stays where it steps and grows about r-fold across a pole;
 * the thresholds lie halfway between. A step must also stand above the
 * noise floor at the wider step.
 */
function discontinuity(wider: Probe, narrower: Probe, noise: number): Discontinuity {
  const [wide, narrow] = [Math.abs(across(wider)), Math.abs(across(narrower))];
  const r = wider.step / narrower.step;
  if (!(narrow > (wide * (1 + 1 / r)) / 2 && narrow > noise * wider.step)) return 'none';
  return narrow > (wide * (1 + r)) / 2 ? 'pole' : 'jump';
}

/**
 * The slope where the one-sided slopes agree: Richardson's, or one-sided
 * estimates where Richardson's does not converge. The rounding gains add up
 * the quotients' bounds with the combination's weights: (4 (1/(h/2)) + 1/h) / 3
 * at h and h/2, twice that at h/2 and h/4, (2 (2/(h/4)) + 2/(h/2)) for the
 * one-sided combination.
 */
function smoothSlope(wide: Probe, half: Probe, probeAt: (h: number) => Probe, h: number, noise: number): Estimate | Discontinuity {
  const estimate = richardson(wide.central, half.central);
  const trust = noise * TRUST_FRACTION;
  if (Math.abs(wide.central - half.central) <= trust) return { value: estimate, rounding: 3 / h };
  const quarter = probeAt(h / 4);
  // A step whose value at x is halfway (sign at 0) leaves the one-sided slopes equal: only the difference across x shows it.
  const stepped = discontinuity(half, quarter, noise);
  if (stepped !== 'none') return stepped;
  const closer = richardson(half.central, quarter.central);
  const disagreement = Math.abs(estimate - closer);
  if (disagreement <= trust) return { value: closer, rounding: 6 / h };
  const forward = 2 * quarter.forward - half.forward;
  const backward = 2 * quarter.backward - half.backward;
  return Math.abs(forward - backward) * 4 < disagreement ? { value: (forward + backward) / 2, rounding: 20 / h } : { value: closer, rounding: 6 / h };
}

/**
 * The full gradient of `phi` at `x` (4 evaluations per element, 2 more where
 * the one-sided slopes disagree). `phi` reads `x` in place; `x` is restored
 * exactly after each probe. A Float32Array rounds each perturbed entry, and
 * the quotients divide by the step actually taken. With `alongside`, also
 * the Jacobian of its rows (rows x x.length, row-major, Richardson-combined
 * like the gradient; the rows get no kink test), whose column k errs by at
 * most rowRounding[k] times the rows' rounding error.
 */
export function gradientFull(
  x: Float64Array | Float32Array,
  phi: () => number,
  precision: Precision = FLOAT64,
  alongside?: Alongside,
): ProbedGradient & { readonly jacobian: Float64Array; readonly rowRounding: Float64Array } {
  const n = x.length;
  const grad = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const kink = new Uint8Array(n);
  const discontinuities: Discontinuity[] = [];
  const rounding = new Float64Array(n);
  const rowRounding = new Float64Array(n);
  const slopeStep = new Float64Array(n);
  const rows = alongside?.rows ?? 0;
  const jacobian = new Float64Array(rows * n);
  const [plus, minus, wideRows, halfRows] = [0, 0, 0, 0].map(() => new Float64Array(rows)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const f0 = phi();
  const noise = precision.noise * (1 + Math.abs(f0));
  const step = stepOf(precision);
  /** Probes entry k at +-h; with `rowsInto`, also the central differences of the rows alongside. */
  const probe = (k: number, h: number, rowsInto?: Float64Array): Probe => {
    const x0 = x[k]!;
    x[k] = x0 + h;
    const xp = x[k]!;
    const fp = phi();
    if (rowsInto) alongside!.read(plus);
    x[k] = x0 - h;
    const xm = x[k]!;
    const fm = phi();
    if (rowsInto) alongside!.read(minus);
    x[k] = x0;
    if (rowsInto) for (let r = 0; r < rows; r++) rowsInto[r] = (plus[r]! - minus[r]!) / (xp - xm);
    return { forward: (fp - f0) / (xp - x0), backward: (f0 - fm) / (x0 - xm), central: (fp - fm) / (xp - xm), step: h };
  };
  const withRows = rows > 0;
  for (let k = 0; k < n; k++) {
    const h = step * Math.max(1, Math.abs(x[k]!));
    const wide = probe(k, h, withRows ? wideRows : undefined);
    const half = probe(k, h / 2, withRows ? halfRows : undefined);
    for (let r = 0; r < rows; r++) jacobian[r * n + k] = richardson(wideRows[r]!, halfRows[r]!);
    rowRounding[k] = 3 / h;
    const verdict = judge(wide, (level) => probe(k, h / KINK_STEP_RATIO ** level), noise);
    const slope = verdict.kind === 'crossed' ? { value: verdict.narrow.central, rounding: 1 / verdict.narrow.step } : smoothSlope(wide, half, (t) => probe(k, t), h, noise);
    const stepped = verdict.kind === 'jump' ? (discontinuity(wide, verdict.narrow, noise) === 'pole' ? 'pole' : 'jump') : typeof slope === 'string' ? slope : 'none';
    discontinuities.push(stepped);
    if (typeof slope === 'string') grad[k] = lower[k] = upper[k] = half.central;
    else {
      grad[k] = lower[k] = upper[k] = slope.value;
      rounding[k] = slope.rounding;
    }
    if (verdict.kind === 'kink') {
      rounding[k] = Math.max(rounding[k]!, 2 / verdict.narrow.step);
      kink[k] = 1;
      lower[k] = Math.min(verdict.narrow.forward, verdict.narrow.backward) - verdict.slack;
      upper[k] = Math.max(verdict.narrow.forward, verdict.narrow.backward) + verdict.slack;
      slopeStep[k] = verdict.narrow.forward - verdict.narrow.backward;
    }
    // The function is discontinuous along this entry: it has no slope there to hold against the claim.
    if (stepped !== 'none') {
      kink[k] = 1;
      lower[k] = -Infinity;
      upper[k] = Infinity;
    }
  }
  return { grad, lower, upper, kink, discontinuity: discontinuities, rounding, slopeStep, jacobian, rowRounding };
}

/** The derivative of phi along a direction, with the slopes a claim may take there. */
export interface LineSlopes {
  /** The central difference (at h/16 where the step h crossed a kink near x). */
  readonly value: number;
  /** [value, value] where phi is smooth along the line; the one-sided slopes at h/16 at a kink. */
  readonly lower: number;
  readonly upper: number;
  readonly kink: boolean;
  /** The change of the central difference between steps h and h/2: what the finite differences themselves are uncertain by. */
  readonly error: number;
  /**
   * Forward minus backward slope at a kink, 0 where smooth. Kinks of separate
   * entries (relu of each) add up, so it is additive over disjoint parts of v.
   */
  readonly jump: number;
}

export interface DirectionalOptions {
  readonly precision?: Precision;
  /** phi at x when the caller already has it: saves one evaluation. */
  readonly f0?: number;
  /** Multiplies the step (1/16: the same probe closer in, to tell a kink near x from a wrong claim). */
  readonly stepScale?: number;
}

/**
 * The derivative of `phi` along direction `v` (2 evaluations whatever the
 * size where phi is straight along v, as a linear layer is in each input; 4,
 * Richardson-extrapolated like gradientFull, where it curves; 2 more where
 * the one-sided slopes disagree): with phi = <u, Y(X)> this is u^T J v,
 * PyTorch's fast gradcheck quantity. The step is taken along
 * v / max|v| and scaled back, so that a tiny v does not overflow h / max|v|.
 * In a Float32Array the perturbed entries round; the direction is then
 * approximate to float32 precision.
 */
export function directionalSlopes(x: Float64Array | Float32Array, v: Float64Array, phi: () => number, options: DirectionalOptions = {}): LineSlopes {
  const precision = options.precision ?? FLOAT64;
  let xMax = 0;
  let vMax = 0;
  for (let k = 0; k < x.length; k++) {
    xMax = Math.max(xMax, Math.abs(x[k]!));
    vMax = Math.max(vMax, Math.abs(v[k]!));
  }
  if (vMax === 0) return { value: 0, lower: 0, upper: 0, kink: false, error: 0, jump: 0 };
  const h = stepOf(precision) * Math.max(1, xMax) * (options.stepScale ?? 1);
  const saved = x.slice();
  const unit = v.map((vk) => vk / vMax);
  const f0 = options.f0 ?? phi();
  const at = (t: number): number => {
    for (let k = 0; k < x.length; k++) x[k] = saved[k]! + t * unit[k]!;
    return phi();
  };
  const probe = (t: number): Probe => {
    const fp = at(t);
    const fm = at(-t);
    return { forward: (fp - f0) / t, backward: (f0 - fm) / t, central: (fp - fm) / (2 * t), step: t };
  };
  const wide = probe(h);
  const noise = precision.noise * (1 + Math.abs(f0));
  const gap = Math.abs(wide.forward - wide.backward);
  if (gap <= noise) {
    // The one-sided slopes agree to rounding: phi is straight at this scale, a smaller step would only add
    // rounding, and their disagreement is what the central difference is uncertain by.
    x.set(saved);
    return line(wide.central * vMax, gap * vMax);
  }
  const half = probe(h / 2);
  const verdict = judge(wide, (level) => probe(h / KINK_STEP_RATIO ** level), noise);
  x.set(saved);
  const error = Math.abs(wide.central - half.central) * vMax;
  if (verdict.kind === 'smooth') {
    const slope = smoothSlope(wide, half, probe, h, noise);
    x.set(saved);
    // A step across x along v (sign at 0): no slope; its size over the step, additive over entries, leads bisection to it.
    if (typeof slope === 'string') return { value: half.central * vMax, lower: -Infinity, upper: Infinity, kink: true, error, jump: half.central * vMax };
    return line(slope.value * vMax, error);
  }
  const { narrow } = verdict;
  if (verdict.kind === 'crossed') return line(narrow.central * vMax, error);
  const slack = verdict.kind === 'kink' ? verdict.slack : 0;
  return {
    value: narrow.central * vMax,
    lower: (Math.min(narrow.forward, narrow.backward) - slack) * vMax,
    upper: (Math.max(narrow.forward, narrow.backward) + slack) * vMax,
    kink: true,
    error,
    jump: (narrow.forward - narrow.backward) * vMax,
  };
}

const line = (value: number, error: number): LineSlopes => ({ value, lower: value, upper: value, kink: false, error, jump: 0 });

/** directionalSlopes in float64, reduced to the derivative and whether a kink lies along v. */
export function directionalDerivative(x: Float64Array, v: Float64Array, phi: () => number): { value: number; kink: boolean } {
  const { value, kink } = directionalSlopes(x, v, phi);
  return { value, kink };
}
