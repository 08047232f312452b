// gradcheck's options, their defaults, and their checks (misuse is one line).
import type { Tolerance } from '../numeric/compare.js';
import { GradcheckError, type GradcheckMode } from './result.js';
import type { Tfjs } from './tfjs.js';

export interface GradcheckOptions {
  /** The TensorFlow.js namespace to use (tfjs-node's, say); default '@tensorflow/tfjs'. */
  readonly tf?: Tfjs;
  /**
   * full: every entry of every input (4 evaluations of f per entry); fast: one
   * random projection u^T J v per input (4 evaluations each, and about
   * 4 log2(n) more to name the entry when it fails); auto (default): fast
   * above 2,000 entries in all.
   */
  readonly mode?: GradcheckMode | 'auto';
  /** Relative tolerance, against the largest entry of the gradient; default 2e-3. */
  readonly rtol?: number;
  /** Absolute tolerance; default 2e-3. */
  readonly atol?: number;
  /** Seeds the random vectors u and v; default random (the result reports it). */
  readonly seed?: number;
  /** Throw a GradcheckError when the check fails, instead of only returning ok: false. */
  readonly raise?: boolean;
}

/**
 * f runs in float32. JAX's check_grads allows rtol = atol = 2e-3 for float32
 * (its default_gradient_tolerance); float32 central differences with step
 * cbrt(eps) * max(1, |x|) err by about eps^(2/3) = 2.4e-5 relative, far inside.
 */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 2e-3, atol: 2e-3 };

export interface Settings {
  readonly mode: GradcheckMode | 'auto';
  readonly tolerance: Tolerance;
  readonly seed: number;
  readonly raise: boolean;
}

const MODES = ['full', 'fast', 'auto'];

export function settle(options: GradcheckOptions): Settings {
  if (typeof options !== 'object' || options === null) throw new GradcheckError('gradcheck: options must be an object');
  const mode = options.mode ?? 'auto';
  if (!MODES.includes(mode)) throw new GradcheckError(`gradcheck: mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  const tolerance = { rtol: options.rtol ?? FLOAT32_TOLERANCE.rtol, atol: options.atol ?? FLOAT32_TOLERANCE.atol };
  if (!(tolerance.rtol > 0 && tolerance.rtol < Infinity)) throw new GradcheckError(`gradcheck: rtol must be a positive number, got ${tolerance.rtol}`);
  if (!(tolerance.atol >= 0 && tolerance.atol < Infinity)) throw new GradcheckError(`gradcheck: atol must be a number >= 0, got ${tolerance.atol}`);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new GradcheckError(`gradcheck: seed must be an integer, got ${seed}`);
  return { mode, tolerance, seed, raise: options.raise === true };
}
