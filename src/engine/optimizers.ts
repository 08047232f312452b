// The optimisers of tf.train, applied to whichever gradients the run computes.
import * as tf from '@tensorflow/tfjs';

import type { OptimizerName } from './choices.js';

/** Momentum 0.9 for `momentum`, as in the seeds' experiments; tfjs defaults otherwise. */
export function makeOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
  }
}
