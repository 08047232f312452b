// Linear layer Y = X W' + b (derivations/linear-backward.yaml):
// dW = dY' * X, db = sum(dY, 1), dX = dY * W. Without a bias when batch norm
// follows: its mean subtraction cancels any bias, whose gradient is then zero.
import * as tf from '@tensorflow/tfjs';
import type { DerivedBackward, GradientFn, Tensors } from '../derived.js';
import type { Init } from '../choices.js';
import { initialWeights } from '../init.js';
import { makeParam, type Backward, type Forward, type Layer, type Param } from './layer.js';

export class Linear implements Layer {
  readonly description: string;
  readonly params: readonly Param[];
  readonly state: readonly Param[] = [];
  private readonly w: tf.Variable;
  private readonly b: tf.Variable | undefined;
  private readonly dW: GradientFn;
  private readonly db: GradientFn;
  private readonly dX: GradientFn;

  constructor(derivation: DerivedBackward, key: string, inputs: number, outputs: number, init: Init, seed: number, { bias = true } = {}) {
    this.description = `linear ${inputs} -> ${outputs}${bias ? '' : ' (no bias)'}`;
    const w = makeParam(`${key}.W`, initialWeights(init, [outputs, inputs], { fanIn: inputs, fanOut: outputs }, seed), { decay: true });
    const b = bias ? makeParam(`${key}.b`, tf.zeros([outputs])) : undefined;
    this.params = b === undefined ? [w] : [w, b];
    [this.w, this.b] = [w.variable, b?.variable];
    [this.dW, this.db, this.dX] = [derivation.gradient('W'), derivation.gradient('b'), derivation.gradient('X')];
  }

  forward(x: tf.Tensor): Forward {
    const product = tf.matMul(x as tf.Tensor2D, this.w, false, true);
    return { y: this.b === undefined ? product : tf.add(product, this.b), saved: { X: x } };
  }

  backward(dy: tf.Tensor, saved: Tensors, needInput: boolean): Backward {
    const dW = this.dW({ dY: dy, X: saved.X! });
    const grads = this.b === undefined ? [dW] : [dW, this.db({ dY: dy })];
    return { dx: needInput ? this.dX({ dY: dy, W: this.w }) : undefined, grads };
  }
}
