// [B, H, W, C] -> [B, H*W*C]. A reshape moves no values, so its backward is the
// inverse reshape; there is nothing to derive.
import * as tf from '@tensorflow/tfjs';
import type { Tensors } from '../derived.js';
import type { Backward, Forward, Layer } from './layer.js';

export class Flatten implements Layer {
  readonly description = 'flatten';
  readonly params = [];
  readonly state = [];

  forward(x: tf.Tensor): Forward {
    return { y: tf.reshape(x, [x.shape[0]!, -1]), saved: { X: x } };
  }

  backward(dy: tf.Tensor, saved: Tensors): Backward {
    return { dx: tf.reshape(dy, saved.X!.shape), grads: [] };
  }
}
