// 2 x 2 max pooling, stride 2 (derivations/maxpool-backward.yaml): dY goes to
// the first maximum of each window, dX = maxpool2_dx(X, dY).
import * as tf from '@tensorflow/tfjs';
import type { DerivedBackward, GradientFn, Tensors } from '../derived.js';
import type { Backward, Forward, Layer } from './layer.js';

export class MaxPool implements Layer {
  readonly description = 'max pool 2x2';
  readonly params = [];
  readonly state = [];
  private readonly dX: GradientFn;

  constructor(derivation: DerivedBackward) {
    this.dX = derivation.gradient('X');
  }

  forward(x: tf.Tensor): Forward {
    return { y: tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), saved: { X: x } };
  }

  backward(dy: tf.Tensor, saved: Tensors): Backward {
    return { dx: this.dX({ X: saved.X!, dY: dy }), grads: [] };
  }
}
