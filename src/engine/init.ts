// Weight initialisations. Glorot (Xavier) keeps the variance of activations and
// gradients equal across a layer, 2 / (fan_in + fan_out); He (Kaiming) keeps
// it through a ReLU, 2 / fan_in. A uniform draw on [-a, a] has variance a^2 / 3,
// hence the limits sqrt(6 / ...): He uniform is U(-sqrt(6/fan_in), sqrt(6/fan_in)),
// not a normal scaled by that limit.
import * as tf from '@tensorflow/tfjs';
import type { Init } from './choices.js';


export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

export function initialWeights(init: Init, shape: readonly number[], { fanIn, fanOut }: Fans, seed: number): tf.Tensor {
  switch (init) {
    case 'glorot-normal':
      return tf.randomNormal([...shape], 0, Math.sqrt(2 / (fanIn + fanOut)), 'float32', seed);
    case 'glorot-uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return tf.randomUniform([...shape], -limit, limit, 'float32', seed);
    }
    case 'he-normal':
      return tf.randomNormal([...shape], 0, Math.sqrt(2 / fanIn), 'float32', seed);
    case 'he-uniform': {
      const limit = Math.sqrt(6 / fanIn);
      return tf.randomUniform([...shape], -limit, limit, 'float32', seed);
    }
    case 'zeros':
      return tf.zeros([...shape]);
  }
}
