// Linear layer Y = X W' + b (derivations/linear-backward.yaml):
// dW = dY' * X, db = sum(dY, 1), dX = dY * W. Without a bias when batch norm
// follows: its mean subtraction cancels any bias, whose gradient is then zero.
// The weights are stored transposed, W' (inputs x outputs, as tf.layers.dense
// keeps them), and trained on the transposed closed form (dY' * X)' = X' * dY:
// on wasm the forward is then a plain product, and the gradient's product
// packs the small dY instead of the batch X (about 15% faster training).
import * as tf from '@tensorflow/tfjs';
import type { DerivedBackward, GradientFn, Tensors } from '../derived.js';
import type { Init } from '../choices.js';
import { initialWeights } from '../init.js';
import { makeParam, type Backward, type Forward, type Layer, type Param } from './layer.js';

export class Linear implements Layer {
  readonly description: string;
  readonly params: readonly Param[];
  readonly state: readonly Param[] = [];
  /** W', inputs x outputs. */
  private readonly wt: tf.Variable;
  private readonly b: tf.Variable | undefined;
  private readonly dWt: GradientFn;
  private readonly db: GradientFn;
  private readonly dX: GradientFn;

  constructor(derivation: DerivedBackward, key: string, inputs: number, outputs: number, init: Init, seed: number, { bias = true } = {}) {
    this.description = `linear ${inputs} -> ${outputs}${bias ? '' : ' (no bias)'}`;
    // Drawn as W (outputs x inputs), then stored transposed: the same draws as the derivation's layout.
    const w = makeParam(`${key}.W'`, tf.tidy(() => tf.transpose(initialWeights(init, [outputs, inputs], { fanIn: inputs, fanOut: outputs }, seed))), { decay: true });
    const b = bias ? makeParam(`${key}.b`, tf.zeros([outputs])) : undefined;
    this.params = b === undefined ? [w] : [w, b];
    [this.wt, this.b] = [w.variable, b?.variable];
    [this.dWt, this.db, this.dX] = [derivation.gradient('W', { transposed: true }), derivation.gradient('b'), derivation.gradient('X')];
  }

  forward(x: tf.Tensor): Forward {
    const product = tf.matMul(x as tf.Tensor2D, this.wt);
    return { y: this.b === undefined ? product : tf.add(product, this.b), saved: { X: x } };
  }

  backward(dy: tf.Tensor, saved: Tensors, needInput: boolean): Backward {
    const dWt = this.dWt({ dY: dy, X: saved.X! });
    const grads = this.b === undefined ? [dWt] : [dWt, this.db({ dY: dy })];
    return { dx: needInput ? this.dX({ dY: dy, W: tf.transpose(this.wt) }) : undefined, grads };
  }
}
