// --check-grads: the derived gradient of every parameter against tfjs autodiff
// (tf.grad) on the same batch, same dropout masks, no running-average update.
import * as tf from '@tensorflow/tfjs';
import type { Pass } from './layers/layer.js';
import type { Model } from './model.js';

/** Float32 arithmetic on both sides: agreement to this relative error means the same gradient. */
export const GRAD_CHECK_TOLERANCE = 1e-4;

export interface GradCheck {
  /** max |derived - autodiff| / max |autodiff|, per parameter key. */
  readonly perParameter: Readonly<Record<string, number>>;
  readonly maxRelErr: number;
  readonly worst: string;
}

export async function checkGradients(model: Model, x: tf.Tensor, targets: tf.Tensor, seed: number): Promise<GradCheck> {
  const pass: Pass = { training: true, updateStatistics: false, seed };
  // Per parameter: max |derived - autodiff| and max |autodiff|, all read at once.
  const maxima = tf.tidy(() => {
    const derived = model.gradients('derived', x, targets, pass).grads;
    const autodiff = model.gradients('autodiff', x, targets, pass).grads;
    return tf.stack(model.params.flatMap((_, k) => [tf.max(tf.abs(tf.sub(derived[k]!, autodiff[k]!))), tf.max(tf.abs(autodiff[k]!))]));
  });
  const values = await maxima.data();
  maxima.dispose();
  const errors = model.params.map((_, k) => {
    const [diff, scale] = [values[2 * k]!, values[2 * k + 1]!];
    // A gradient that is zero on both sides agrees; a NaN anywhere is an error.
    return diff === 0 ? 0 : Number.isNaN(diff) ? Infinity : diff / scale;
  });
  const perParameter = Object.fromEntries(model.params.map((p, k) => [p.key, errors[k]!]));
  const worstIndex = errors.reduce((best, e, k) => (e > errors[best]! ? k : best), 0);
  return { perParameter, maxRelErr: errors[worstIndex] ?? 0, worst: model.params[worstIndex]?.key ?? '' };
}
