// 2-D convolution, stride 1, NHWC input and HWIO kernel: "same" padding with a
// 3 x 3 kernel (derivations/conv2d-same-backward.yaml) or "valid" padding with
// any kernel (conv2d-backward.yaml). dK and dX are their matrix forms
// (conv2d_dk, conv2d_dx). The bias is added to every row of the [B*P*Q, O] view
// of Y, so its gradient is linear-backward's db = sum(dY, 1) on that view.
import * as tf from '@tensorflow/tfjs';
import type { DerivedBackward, GradientFn, Tensors } from '../derived.js';
import type { Init } from '../choices.js';
import { initialWeights } from '../init.js';
import { makeParam, type Backward, type Forward, type Layer, type Param } from './layer.js';

export type Padding = 'same' | 'valid';

export const CONV_DERIVATIONS: Readonly<Record<Padding, string>> = { same: 'conv2d-same-backward', valid: 'conv2d-backward' };

export interface ConvShape {
  readonly kernel: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly padding: Padding;
}

export class Conv2d implements Layer {
  readonly description: string;
  readonly params: readonly Param[];
  readonly state: readonly Param[] = [];
  private readonly k: tf.Variable;
  private readonly bias: tf.Variable;
  private readonly dK: GradientFn;
  private readonly dX: GradientFn;
  private readonly dbias: GradientFn;

  constructor(conv: DerivedBackward, linear: DerivedBackward, key: string, private readonly shape: ConvShape, init: Init, seed: number) {
    const { kernel, inChannels, outChannels, padding } = shape;
    if (padding === 'same' && kernel !== 3) throw new Error(`a same-padded convolution is derived for 3 x 3 kernels, not ${kernel} x ${kernel}`);
    this.description = `conv ${kernel}x${kernel} ${inChannels} -> ${outChannels} ${padding}`;
    const fans = { fanIn: kernel * kernel * inChannels, fanOut: kernel * kernel * outChannels };
    const k = makeParam(`${key}.K`, initialWeights(init, [kernel, kernel, inChannels, outChannels], fans, seed), { decay: true });
    const bias = makeParam(`${key}.bias`, tf.zeros([outChannels]));
    this.params = [k, bias];
    [this.k, this.bias] = [k.variable, bias.variable];
    [this.dK, this.dX, this.dbias] = [conv.gradient('K'), conv.gradient('X'), linear.gradient('b')];
  }

  forward(x: tf.Tensor): Forward {
    const y = tf.add(tf.conv2d(x as tf.Tensor4D, this.k as tf.Tensor4D, 1, this.shape.padding), this.bias);
    return { y, saved: { X: x } };
  }

  backward(dy: tf.Tensor, saved: Tensors, needInput: boolean): Backward {
    const X = saved.X!;
    const grads = [this.dK({ X, dY: dy, K: this.k }), this.dbias({ dY: tf.reshape(dy, [-1, this.shape.outChannels]) })];
    return { dx: needInput ? this.dX({ X, dY: dy, K: this.k }) : undefined, grads };
  }
}
