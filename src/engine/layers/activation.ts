// Element-wise activations, each with the derivation of its backward:
// ReLU dX = dY .* step(X); sigmoid dX = dY .* Y .* (1 - Y); tanh dX = dY .* (1 - Y .^ 2).
import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../choices.js';
import type { DerivedBackward, GradientFn, Tensors } from '../derived.js';
import type { Backward, Forward, Layer } from './layer.js';

export const ACTIVATIONS: Readonly<Record<ActivationName, { derivation: string; forward: (x: tf.Tensor) => tf.Tensor }>> = {
  relu: { derivation: 'relu-backward', forward: tf.relu },
  sigmoid: { derivation: 'sigmoid-backward', forward: tf.sigmoid },
  tanh: { derivation: 'elementwise-backward', forward: tf.tanh },
};


export class Activation implements Layer {
  readonly description: string;
  readonly params = [];
  readonly state = [];
  private readonly dX: GradientFn;

  constructor(
    private readonly name: ActivationName,
    derivation: DerivedBackward,
  ) {
    this.description = name;
    this.dX = derivation.gradient('X');
  }

  forward(x: tf.Tensor): Forward {
    const y = ACTIVATIONS[this.name].forward(x);
    return { y, saved: { X: x, Y: y } };
  }

  backward(dy: tf.Tensor, saved: Tensors): Backward {
    return { dx: this.dX({ dY: dy, X: saved.X!, Y: saved.Y! }), grads: [] };
  }
}
