// Inverted dropout (derivations/dropout-backward.yaml): in training, Y = X .* Mask
// with Mask = step(U - rate) / (1 - rate) for a uniform draw U; dX = dY .* Mask.
// Evaluation passes X through unchanged.
import * as tf from '@tensorflow/tfjs';
import type { DerivedBackward, GradientFn, Tensors } from '../derived.js';
import type { Backward, Forward, Layer, Pass } from './layer.js';

export class Dropout implements Layer {
  readonly description: string;
  readonly params = [];
  readonly state = [];
  private readonly dX: GradientFn;

  constructor(
    derivation: DerivedBackward,
    private readonly rate: number,
    /** Distinguishes this layer's masks from other dropout layers' in the same pass. */
    private readonly index: number,
  ) {
    if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate must be in [0, 1), got ${rate}`);
    this.description = `dropout ${rate}`;
    this.dX = derivation.gradient('X');
  }

  forward(x: tf.Tensor, pass: Pass): Forward {
    if (!pass.training || this.rate === 0) return { y: x, saved: { Mask: tf.onesLike(x) } };
    const u = tf.randomUniform(x.shape, 0, 1, 'float32', pass.seed * 31 + this.index);
    const mask = tf.div(tf.step(tf.sub(u, this.rate)), 1 - this.rate);
    return { y: tf.mul(x, mask), saved: { Mask: mask } };
  }

  backward(dy: tf.Tensor, saved: Tensors): Backward {
    return { dx: this.dX({ dY: dy, Mask: saved.Mask! }), grads: [] };
  }
}
