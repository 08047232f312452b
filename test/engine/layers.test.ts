// Each layer's backward pass (the compiled closed form of its derivation)
// against tfjs autodiff of the layer's own forward pass, on the cpu backend,
// whose gradients are tfjs's own.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/select.js';
import { DerivationLibrary } from '../../src/engine/derived.js';
import { Activation } from '../../src/engine/layers/activation.js';
import { BatchNorm } from '../../src/engine/layers/batchnorm.js';
import { Conv2d, CONV_DERIVATIONS } from '../../src/engine/layers/conv2d.js';
import { Dropout } from '../../src/engine/layers/dropout.js';
import { Flatten } from '../../src/engine/layers/flatten.js';
import type { Layer, Pass } from '../../src/engine/layers/layer.js';
import { Linear } from '../../src/engine/layers/linear.js';
import { MaxPool } from '../../src/engine/layers/maxpool.js';
import { SoftmaxCrossEntropy } from '../../src/engine/layers/softmax-cross-entropy.js';
import { relativeError } from './tf-helpers.js';

const TRAINING: Pass = { training: true, updateStatistics: false, seed: 11 };
const TOLERANCE = 1e-5;
const library = new DerivationLibrary();
const load = (name: string) => library.load(name);

beforeAll(() => selectBackend('cpu'));

/** Derived dX and parameter gradients against tf.grad of <forward(x), dY>, the vector-Jacobian product. */
function expectBackwardMatchesAutodiff(layer: Layer, inputShape: number[]): void {
  tf.tidy(() => {
    const x = tf.randomNormal(inputShape, 0, 1, 'float32', 1);
    const forward = layer.forward(x, TRAINING);
    const dy = tf.randomNormal(forward.y.shape, 0, 1, 'float32', 2);
    const derived = layer.backward(dy, forward.saved, true);
    const vjp = (input: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer.forward(input, TRAINING).y, dy));
    expect(relativeError(derived.dx!.dataSync(), tf.grad(vjp)(x).dataSync()), `${layer.description} dX`).toBeLessThan(TOLERANCE);
    if (layer.params.length === 0) return;
    const { grads } = tf.variableGrads(() => vjp(x), layer.params.map((p) => p.variable));
    layer.params.forEach((p, k) => {
      expect(relativeError(derived.grads[k]!.dataSync(), grads[p.variable.name]!.dataSync()), `${layer.description} d${p.key}`).toBeLessThan(TOLERANCE);
    });
  });
}

describe('layer backward passes equal tfjs autodiff', () => {
  it('linear, with and without bias', async () => {
    expectBackwardMatchesAutodiff(new Linear(await load('linear-backward'), 'a', 7, 5, 'glorot-uniform', 3), [6, 7]);
    expectBackwardMatchesAutodiff(new Linear(await load('linear-backward'), 'b', 7, 5, 'he-normal', 3, { bias: false }), [6, 7]);
  });

  it.each([['relu', 'relu-backward'], ['sigmoid', 'sigmoid-backward'], ['tanh', 'elementwise-backward']] as const)('%s', async (name, derivation) => {
    expectBackwardMatchesAutodiff(new Activation(name, await load(derivation)), [6, 9]);
    expectBackwardMatchesAutodiff(new Activation(name, await load(derivation)), [2, 4, 4, 3]);
  });

  it('batch norm in training mode', async () => {
    const bn = new BatchNorm(await load('batchnorm-backward'), 'bn', 5);
    // Away from gamma = 1, beta = 0, so that their gradients are not special.
    bn.params[0]!.variable.assign(tf.randomUniform([5], 0.5, 2, 'float32', 4));
    bn.params[1]!.variable.assign(tf.randomNormal([5], 0, 1, 'float32', 5));
    expectBackwardMatchesAutodiff(bn, [8, 5]);
  });

  it('dropout, with the same mask in both passes', async () => {
    expectBackwardMatchesAutodiff(new Dropout(await load('dropout-backward'), 0.4, 0), [10, 12]);
  });

  it.each(['same', 'valid'] as const)('convolution, %s padding', async (padding) => {
    const conv = new Conv2d(await load(CONV_DERIVATIONS[padding]), await load('linear-backward'), 'c', { kernel: 3, inChannels: 2, outChannels: 3, padding }, 'he-uniform', 6);
    conv.params[1]!.variable.assign(tf.randomNormal([3], 0, 1, 'float32', 7));
    expectBackwardMatchesAutodiff(conv, [2, 6, 5, 2]);
  });

  it('max pooling, including odd sizes', async () => {
    expectBackwardMatchesAutodiff(new MaxPool(await load('maxpool-backward')), [2, 6, 4, 3]);
    expectBackwardMatchesAutodiff(new MaxPool(await load('maxpool-backward')), [1, 5, 7, 2]);
  });

  it('flatten', () => {
    expectBackwardMatchesAutodiff(new Flatten(), [3, 2, 2, 4]);
  });

  it('softmax with cross-entropy: (Y - T) / S is the gradient of the mean loss', async () => {
    const output = new SoftmaxCrossEntropy(await load('softmax-cross-entropy-backward'));
    tf.tidy(() => {
      const logits = tf.randomNormal([6, 4], 0, 3, 'float32', 8);
      const targets = tf.oneHot(tf.tensor1d([0, 3, 1, 1, 2, 0], 'int32'), 4).toFloat();
      const autodiff = tf.grad((l: tf.Tensor) => SoftmaxCrossEntropy.loss(l, targets))(logits);
      expect(relativeError(output.backward(logits, targets).dataSync(), autodiff.dataSync())).toBeLessThan(TOLERANCE);
    });
  });
});

describe('layer forward passes', () => {
  it('batch norm folds batch statistics into running averages, and evaluates with them', async () => {
    const bn = new BatchNorm(await load('batchnorm-backward'), 'bn2', 3);
    const x = tf.tensor2d([[1, 2, 3], [3, 6, 9]]);
    bn.forward(x, { training: true, updateStatistics: true, seed: 0 });
    expect(Array.from(bn.state[0]!.variable.dataSync())).toEqual([0.2, 0.4, 0.6].map(Math.fround));
    expect(bn.state[1]!.variable.dataSync()[1]).toBeCloseTo(0.9 + 0.1 * 4, 6);
    bn.forward(x, TRAINING);
    expect(bn.state[0]!.variable.dataSync()[0]).toBeCloseTo(0.2, 6);
    const y = bn.forward(tf.tensor2d([[0.2, 0.4, 0.6]]), { training: false, updateStatistics: false, seed: 0 }).y;
    expect(Array.from(y.dataSync())).toEqual([0, 0, 0]);
  });

  it('dropout keeps about 1 - rate of the entries, scaled by 1 / (1 - rate), and only in training', async () => {
    const dropout = new Dropout(await load('dropout-backward'), 0.25, 0);
    const x = tf.ones([100, 100]);
    const y = Array.from(dropout.forward(x, TRAINING).y.dataSync());
    expect(new Set(y)).toEqual(new Set([0, Math.fround(1 / 0.75)]));
    expect(y.filter((v) => v > 0).length / y.length).toBeCloseTo(0.75, 1);
    expect(dropout.forward(x, { ...TRAINING, training: false }).y).toBe(x);
  });
});
