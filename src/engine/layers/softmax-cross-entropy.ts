// The output layer and loss: Y = softmax(X), L = -1/S sum(T .* log(Y)), with the
// fused gradient dX = (Y - T) / S (derivations/softmax-cross-entropy-backward.yaml).
// The loss is computed through logSoftmax, which stays finite where Y underflows.
import * as tf from '@tensorflow/tfjs';
import type { DerivedBackward, GradientFn } from '../derived.js';

export class SoftmaxCrossEntropy {
  private readonly dX: GradientFn;

  constructor(derivation: DerivedBackward) {
    this.dX = derivation.gradient('X');
  }

  /** The mean cross-entropy of logits X against one-hot (or probability) targets T. */
  static loss(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  }

  backward(logits: tf.Tensor, targets: tf.Tensor): tf.Tensor {
    return this.dX({ Y: tf.softmax(logits), T: targets });
  }
}
