// gradcheck's options, their defaults, and their checks (misuse is one line).
import type { Tolerance } from '../numeric/compare.js';
import { FLOAT32 } from '../numeric/finite-diff.js';
import { GradcheckError, type GradcheckMode } from './result.js';
import type { Tfjs } from './tfjs.js';

export interface GradcheckOptions {
  /** The TensorFlow.js namespace to use (tfjs-node's, say); default '@tensorflow/tfjs'. */
  readonly tf?: Tfjs;
  /**
   * full: every entry of every input (2 evaluations of f per entry where it is smooth); fast: one
   * random projection u^T J v per input (4 evaluations each, and about
   * 4 log2(n) more to name the entry when it fails); auto (default): full
   * unless there are more than 2,000 entries or full mode's evaluations would
   * take more than a few seconds at the time f takes (the result says which).
   */
  readonly mode?: GradcheckMode | 'auto';
  /** Relative tolerance, against the largest entry of the gradient; default 2e-3. */
  readonly rtol?: number;
  /** Absolute tolerance; default: what float32 finite differences resolve at the point (see resolvedAtol). */
  readonly atol?: number;
  /** Milliseconds the check may take, checked between evaluations of f (a synchronous call cannot be interrupted); default none. */
  readonly timeLimit?: number;
  /** Seeds the random vectors u and v; default random (the result reports it). */
  readonly seed?: number;
  /** Throw a GradcheckError when the check fails, instead of only returning ok: false. */
  readonly raise?: boolean;
}

/**
 * f runs in float32. JAX's check_grads allows rtol = atol = 2e-3 for float32
 * (its default_gradient_tolerance); float32 central differences with step
 * cbrt(eps) * max(1, |x|) err by about eps^(2/3) = 2.4e-5 relative, far inside.
 * atol here is the fixed one a caller may choose; by default it is derived.
 */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 2e-3, atol: 2e-3 };

/**
 * What float32 central differences resolve: phi = <u, f> carries rounding of
 * about eps * ||u * f|| (see Subject.phiScale), divided by a step of at least
 * cbrt(eps), so a slope is uncertain by eps^(2/3) * ||u * f||; 32 times that
 * leaves room for rounding inside f. A fixed atol (2e-3) let a gradient of
 * size 1e-4 be three times too large.
 */
export const resolvedAtol = (phiScale: number): number =>
  // Positive even where f is 0 at the point, so that relative errors stay defined.
  Math.max(32 * FLOAT32.eps ** (2 / 3) * phiScale, Number.MIN_VALUE);

export interface Settings {
  readonly mode: GradcheckMode | 'auto';
  readonly rtol: number;
  /** Fixed by the caller, or undefined: derived at the point. */
  readonly atol: number | undefined;
  readonly timeLimit: number;
  readonly seed: number;
  readonly raise: boolean;
}

const MODES = ['full', 'fast', 'auto'];

export function settle(options: GradcheckOptions): Settings {
  if (typeof options !== 'object' || options === null) throw new GradcheckError('gradcheck: options must be an object');
  const mode = options.mode ?? 'auto';
  if (!MODES.includes(mode)) throw new GradcheckError(`gradcheck: mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  const rtol = options.rtol ?? FLOAT32_TOLERANCE.rtol;
  const atol = options.atol;
  if (!(rtol > 0 && rtol < Infinity)) throw new GradcheckError(`gradcheck: rtol must be a positive number, got ${rtol}`);
  if (atol !== undefined && !(atol >= 0 && atol < Infinity)) throw new GradcheckError(`gradcheck: atol must be a number >= 0, got ${atol}`);
  const timeLimit = options.timeLimit ?? Infinity;
  if (!(timeLimit > 0)) throw new GradcheckError(`gradcheck: timeLimit must be a positive number of milliseconds, got ${timeLimit}`);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new GradcheckError(`gradcheck: seed must be an integer, got ${seed}`);
  return { mode, rtol, atol, timeLimit, seed, raise: options.raise === true };
}
