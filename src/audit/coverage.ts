// Which registered gradients the catalogue covers, read from tfjs at run
// time: every kernel name tfjs exports or the backend registers that has a
// gradient in tfjs's registry. A gradient a new tfjs version adds shows up
// as uncovered.
import type * as tfjs from '@tensorflow/tfjs';
import { CATALOGUE, NOT_FLOAT } from './catalogue.js';

export interface Coverage {
  readonly registered: readonly string[];
  /** Registered, exercised by no subject, and not one of the integer- or boolean-valued kernels. */
  readonly uncovered: readonly string[];
  readonly notFloat: Readonly<Record<string, string>>;
}

export function coverage(tf: typeof tfjs): Coverage {
  const exported = Object.values(tf as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
  const kernels = tf.getKernelsForBackend(tf.getBackend()).map((k) => k.kernelName);
  const registered = [...new Set([...exported, ...kernels])].filter((name) => tf.getGradient(name) !== undefined).sort();
  const covered = new Set(CATALOGUE.flatMap((s) => s.kernels));
  return { registered, uncovered: registered.filter((k) => !covered.has(k) && !(k in NOT_FLOAT)), notFloat: NOT_FLOAT };
}
