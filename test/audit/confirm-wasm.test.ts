// No false alarm on wasm: each gradient the audit calls wrong on tfjs 4.22's
// wasm backend (and not on cpu) is confirmed by a float64 computation
// independent of tfjs's backward: the forward written out in plain
// JavaScript, or, for an op linear in x, J^T dy summed in float64 from the
// backend's own forward at one-hot inputs (its Jacobian, read off exactly).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, k) => s + v * b[k]!, 0);
/** J^T dy of a function linear in x, in float64, from its forward at each one-hot x. */
function linearVjp(f: (x: tf.Tensor) => tf.Tensor, shape: number[], dy: tf.Tensor): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  const basis = (k: number) => tf.tensor(Array.from({ length: n }, (_, j) => (j === k ? 1 : 0)), shape);
  return Array.from({ length: n }, (_, k) => dot(f(basis(k)).dataSync(), dy.dataSync()));
}
const grad = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, dy: tf.Tensor) => Array.from(tf.grad(f)(x, dy).dataSync());

describe("float64 confirms each 'wrong' verdict on wasm", () => {
  it('maxPool: the second channel gets no gradient (one entry per channel: the gradient is dy itself)', () => {
    const dy = tf.tensor4d([[[[0.5, 0.99]]]]);
    expect(grad((x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'), tf.zeros([1, 1, 1, 2]), dy)).toEqual([0.5, 0]);
  });

  it("conv3d 'same': the last depth gets no gradient", () => {
    const filter = tf.tensor5d([-0.1, 0], [2, 1, 1, 1, 1]);
    const f = (x: tf.Tensor) => tf.conv3d(x as tf.Tensor5D, filter, 1, 'same');
    const dy = tf.tensor5d([0.5, 0.99, 0.64], [1, 3, 1, 1, 1]);
    const expected = linearVjp(f, [1, 3, 1, 1, 1], dy);
    expected.forEach((e, k) => expect(e).toBeCloseTo([-0.05, -0.099, -0.064][k]!, 6));
    const claimed = grad(f, tf.zeros([1, 3, 1, 1, 1]), dy);
    expect(Math.abs(claimed[2]! - expected[2]!)).toBeGreaterThan(0.05);
  });

  it('resizeNearestNeighbor with alignCorners from one pixel: every output copies it, so its gradient is the sum of dy; wasm gives 0', () => {
    const f = (x: tf.Tensor) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [3, 5], true);
    const dy = tf.randomUniform([1, 3, 5, 1], -1, 1, 'float32', 3);
    const expected = linearVjp(f, [1, 1, 1, 1], dy)[0]!;
    expect(expected).toBeCloseTo(dy.sum().dataSync()[0]!, 5);
    expect(grad(f, tf.zeros([1, 1, 1, 1]), dy)).toEqual([0]);
  });

  it('resizeBilinear with halfPixelCenters: the gradient is not the transpose of the forward', () => {
    const f = (x: tf.Tensor) => tf.image.resizeBilinear(x as tf.Tensor4D, [5, 2], false, true);
    const dy = tf.tensor4d([0.5, 0.99, 0.64, 0.86, -1, -0.74, -0.7, -0.58, -0.53, -0.88], [1, 5, 2, 1]);
    const expected = linearVjp(f, [1, 2, 1, 1], dy);
    const claimed = grad(f, tf.zeros([1, 2, 1, 1]), dy);
    expect(Math.max(...claimed.map((c, k) => Math.abs(c - expected[k]!)))).toBeGreaterThan(0.1);
  });

  it('dilation2d: the forward itself is wrong (1x1 image, 2x2 filter: max(x + f[0][0]) = -0.1), so no gradient can match it', () => {
    const out = tf.dilation2d(tf.tensor4d([[[[0]]]]), tf.tensor3d([[[-0.1], [0]], [[0], [0]]]), 1, 'same').dataSync()[0]!;
    expect(Math.abs(out - -0.1)).toBeGreaterThan(0.09);
  });

  it('fused matMul with transposeB: the forward adds the bias to the first row only', () => {
    const out = tf.fused.matMul({ a: tf.zeros([2, 1]), b: tf.zeros([2, 1]), bias: tf.tensor1d([1, 0]), transposeB: true, activation: 'elu' });
    // elu(0 + bias) in every row: [[1, 0], [1, 0]].
    expect(Array.from(out.dataSync())).toEqual([1, 0, 0, 0]);
  });
});
