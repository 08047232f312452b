// No false alarm: each gradient the audit calls wrong in tfjs 4.22 (README,
// "Auditing TensorFlow.js") is confirmed here by a float64 computation
// independent of tfjs's backward and of deltagrad's finite differences: the
// forward written out in plain JavaScript and differentiated by central
// differences in float64, or, for an op that only copies entries, its
// Jacobian read exactly off the forward at one-hot inputs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Central differences of a float64 function of a flat vector (step 1e-6): its gradient. */
function gradient64(f: (x: number[]) => number, x: readonly number[]): number[] {
  return x.map((_, k) => {
    const at = (d: number) => f(x.map((v, j) => (j === k ? v + d : v)));
    return (at(1e-6) - at(-1e-6)) / 2e-6;
  });
}
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);
const tfjsGrad = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, dy?: tf.Tensor) => Array.from(tf.grad(f)(x, dy).dataSync());

describe("float64 confirms each 'wrong' verdict of the audit", () => {
  it("mirrorPad reflect: [1,2,3] padded by one is [2,1,2,3,2], so the gradient of its sum is [1,3,1]; tfjs gives [1,1,1]", () => {
    const pad = ([a, b, c]: number[]) => [b!, a!, b!, c!, b!];
    const sum = (x: number[]) => pad(x).reduce((s, v) => s + v, 0);
    gradient64(sum, [1, 2, 3]).forEach((g, k) => expect(g).toBeCloseTo([1, 3, 1][k]!, 6));
    expect(tfjsGrad((x) => tf.sum(tf.mirrorPad(x, [[1, 1]], 'reflect')), tf.tensor1d([1, 2, 3]))).toEqual([1, 1, 1]);
  });

  it('mirrorPad symmetric: [[a]] padded [[0,1],[1,1]] is six copies of a; tfjs counts one', () => {
    const sum = ([a]: number[]) => 6 * a!;
    expect(gradient64(sum, [0.7])[0]).toBeCloseTo(6, 6);
    expect(tfjsGrad((x) => tf.sum(tf.mirrorPad(x, [[0, 1], [1, 1]], 'symmetric')), tf.tensor2d([[0.7]]))).toEqual([1]);
  });

  it("avgPool and avgPool3d with 'same' padding: on one entry the forward is that entry (slope 1); tfjs divides by the window", () => {
    // The forward as tfjs computes it: the mean over the window's entries inside the image.
    const meanInside = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    expect(gradient64(meanInside, [0.4])[0]).toBeCloseTo(1, 6);
    expect(Array.from(tf.avgPool(tf.tensor4d([[[[0.4]]]]), 3, 1, 'same').dataSync())[0]).toBeCloseTo(0.4, 6);
    expect(tfjsGrad((x) => tf.avgPool(x as tf.Tensor4D, 3, 1, 'same'), tf.tensor4d([[[[0.4]]]]))[0]).toBeCloseTo(1 / 9, 6);
    expect(tfjsGrad((x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'same'), tf.tensor4d([[[[0.4]]]]))[0]).toBeCloseTo(1 / 4, 6);
    expect(tfjsGrad((x) => tf.avgPool3d(x as tf.Tensor5D, 2, 1, 'same'), tf.tensor5d([[[[[0.4]]]]]))[0]).toBeCloseTo(1 / 8, 6);
  });

  it('max at a tie: along [1,1,1] max([2,2,2] + t) rises with slope 1; tfjs [1,1,1] claims 3', () => {
    const max = (x: number[]) => Math.max(...x);
    const along = (t: number) => max([2 + t, 2 + t, 2 + t]);
    expect((along(1e-6) - along(-1e-6)) / 2e-6).toBeCloseTo(1, 6);
    const g = tfjsGrad((x) => tf.max(x), tf.tensor1d([2, 2, 2]));
    expect(dot(g, [1, 1, 1])).toBe(3);
    // Over axes too: each row's tie.
    expect(tfjsGrad((x) => tf.sum(tf.max(x, -1)), tf.tensor2d([[0, 0], [1, 1]]))).toEqual([1, 1, 1, 1]);
  });

  it('resizeNearestNeighbor with halfPixelCenters: the backward sends the cotangent to other pixels than the forward copies', () => {
    // The forward copies entries: its Jacobian, read off the forward at one-hot inputs, is exact in any precision.
    const forward = (x: tf.Tensor) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [5, 2], false, true);
    const dy = tf.tensor4d([0.5, 1, 0.6, 0.9, -1, -0.7, -0.7, -0.6, -0.5, -0.9], [1, 5, 2, 1]);
    const vjp = [0, 1].map((k) => dot(Array.from(forward(tf.oneHot(k, 2).reshape([1, 2, 1, 1]).cast('float32')).dataSync()), Array.from(dy.dataSync())));
    const claimed = tfjsGrad(forward, tf.zeros([1, 2, 1, 1]), dy);
    expect(vjp.map((v, k) => Math.abs(v - claimed[k]!) > 0.5)).toContain(true);
  });

  it('softmaxCrossEntropy depends on its labels (-log softmax(logits) / rows), where tfjs gives 0', () => {
    const loss = ([p, q]: number[]) => -(p! * Math.log(0.5) + q! * Math.log(0.5));
    gradient64(loss, [0.5, 0.5]).forEach((g) => expect(g).toBeCloseTo(Math.log(2), 6));
    const labelsGrad = tf.grads((labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits))([tf.tensor2d([[0.5, 0.5]]), tf.tensor2d([[0, 0]])])[0]!;
    expect(Array.from(labelsGrad.dataSync())).toEqual([0, 0]);
  });

  it('softmaxCrossEntropy with label smoothing 0.1: the labels enter as 0.9 labels + 0.05, so their gradient is -0.9 log softmax; tfjs gives another', () => {
    const loss = ([p, q]: number[]) => -((0.9 * p! + 0.05) * Math.log(0.5) + (0.9 * q! + 0.05) * Math.log(0.5));
    gradient64(loss, [1, 0]).forEach((g) => expect(g).toBeCloseTo(0.9 * Math.log(2), 6));
    const f = (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0.1);
    const labelsGrad = Array.from(tf.grads(f)([tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]])])[0]!.dataSync());
    // tfjs: [0.405, -0.405], against 0.624 for both.
    expect(labelsGrad[0]).toBeCloseTo(0.405, 3);
    expect(labelsGrad[1]).toBeCloseTo(-0.405, 3);
  });
});
