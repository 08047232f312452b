// Custom ops with hand-written backwards for the gradcheck tests: a correct
// one and the usual mistakes, each with its true gradient computed here in
// plain JavaScript, independently of tfjs and of deltagrad.
import * as tf from '@tensorflow/tfjs';

export type Op = (...xs: tf.Tensor[]) => tf.Tensor;
type Backward = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];

/** tf.customGrad with its forward's arguments typed (tfjs types each as Tensor | GradSaveFunc). */
export function customOp(forward: (xs: tf.Tensor[], save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: Backward }): Op {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return forward(args as tf.Tensor[], save);
  }) as Op;
}

/** Y = A B for square matrices, with a backward built from `grads(dy, a, b)`. */
function matmulWith(grads: (dy: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor[]): Op {
  return customOp(([a, b], save) => {
    save([a!, b!]);
    return { value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), gradFunc: (dy, [sa, sb]) => grads(dy as tf.Tensor2D, sa as tf.Tensor2D, sb as tf.Tensor2D) };
  });
}

export const matmul = matmulWith((dy, a, b) => [tf.matMul(dy, b, false, true), tf.matMul(a, dy, true, false)]);
/** dA = dY B instead of dY B^T: right shape for square matrices, wrong values. */
export const matmulTransposed = matmulWith((dy, a, b) => [tf.matMul(dy, b), tf.matMul(a, dy, true, false)]);

/** y = x^2 element-wise, with a backward built from `grad(dy, x)`. */
function squareWith(grad: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor): Op {
  return customOp(([x], save) => {
    save([x!]);
    return { value: tf.square(x!), gradFunc: (dy, [sx]) => [grad(dy, sx!)] };
  });
}

export const square = squareWith((dy, x) => tf.mul(dy, tf.mul(x, 2)));
export const squareMissingFactor = squareWith((dy, x) => tf.mul(dy, x));
export const squareWrongSign = squareWith((dy, x) => tf.mul(dy, tf.mul(x, -2)));

/** Correct except at one flat position, where `amount` is added to the gradient. */
export function squareWrongAt(shape: readonly number[], flat: number, amount = 1): Op {
  const size = shape.reduce((a, b) => a * b, 1);
  return squareWith((dy, x) => tf.add(tf.mul(dy, tf.mul(x, 2)), tf.mul(tf.oneHot(flat, size).reshape([...shape]).cast('float32'), amount)));
}

/** relu with tfjs's convention relu'(0) = 0, or another value at 0. */
export function reluWithSlopeAtZero(slope: number): Op {
  return reluWith((x) => tf.where(tf.equal(x, 0), tf.fill(x.shape, slope), tf.cast(tf.greater(x, 0), 'float32')));
}

/** relu with the backward dy * slope(x). */
export function reluWith(slope: (x: tf.Tensor) => tf.Tensor): Op {
  return customOp(([x], save) => {
    save([x!]);
    return { value: tf.relu(x!), gradFunc: (dy, [sx]) => [tf.mul(dy, slope(sx!))] };
  });
}

/** Row sums of squares, with a backward that scales row i by `rowScale(dy)[i]` (dy itself when correct). */
function rowSumSquaresWith(rowScale: (dy: tf.Tensor) => tf.Tensor): Op {
  return customOp(([x], save) => {
    save([x!]);
    return { value: tf.sum(tf.square(x!), 1), gradFunc: (dy, [sx]) => [tf.mul(tf.mul(sx!, 2), tf.reshape(rowScale(dy), [-1, 1]))] };
  });
}

export const rowSumSquares = rowSumSquaresWith((dy) => dy);
/** The bug: every row scaled by dy[0] instead of its own dy[i]. */
export const rowSumSquaresFirstRowOnly = rowSumSquaresWith((dy) => tf.slice(dy, [0], [1]));

/** Row-major 3x3 products in plain JavaScript, for the true gradients. */
export function matmul3(a: readonly number[], b: readonly number[], transposeB = false): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j]! += a[i * 3 + k]! * (transposeB ? b[j * 3 + k]! : b[k * 3 + j]!);
  return out;
}
