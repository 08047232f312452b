// softmax(X, dim) and logsumexp(X, dim) along one dimension (1-based, as in
// sum(A, dim); the last one if omitted), both with the maximum subtracted
// first. logsumexp keeps the reduced dimension with length 1, so that
// X - logsumexp(X, 2) broadcasts along the rows (log-softmax).
import type * as tfjs from '@tensorflow/tfjs';
import { sizeOf, stridesOf, type Tensor } from '../tensor.js';
import type { Arg, Primitive } from './primitive.js';

function tensorOf(a: Arg | undefined, name: string): Tensor {
  if (typeof a !== 'object') throw new Error(`${name} expects a tensor`);
  return a;
}

/** The 0-based axis of a 1-based dimension argument, or the last axis. */
function axisArg(dim: unknown, rank: number, name: string): number {
  if (dim === undefined) return Math.max(rank - 1, 0);
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > rank) throw new Error(`${name}: the dimension must be a whole number from 1 to ${rank}`);
  return dim - 1;
}

/** Calls `line` with the flat offsets of each line of `t` along `axis`. */
function forEachLine(t: Tensor, axis: number, line: (offsets: readonly number[], k: number) => void): void {
  if (t.shape.length === 0) return line([0], 0);
  const n = t.shape[axis]!;
  const stride = stridesOf(t.shape)[axis]!;
  let k = 0;
  for (let flat = 0; flat < sizeOf(t.shape); flat++) {
    if (Math.floor(flat / stride) % n !== 0) continue;
    line(Array.from({ length: n }, (_, j) => flat + j * stride), k++);
  }
}

const maxOf = (t: Tensor, offsets: readonly number[]): number => offsets.reduce((m, o) => Math.max(m, t.data[o]!), -Infinity);

export const softmax: Primitive = {
  name: 'softmax',
  doc: 'softmax(X, dim): exp(X) divided by its sum along dimension dim (1-based; the last if omitted)',
  reference: (...args) => {
    const x = tensorOf(args[0], 'softmax');
    const out = new Float64Array(x.data.length);
    forEachLine(x, axisArg(args[1], x.shape.length, 'softmax'), (offsets) => {
      const m = maxOf(x, offsets);
      const total = offsets.reduce((s, o) => s + Math.exp(x.data[o]! - m), 0);
      for (const o of offsets) out[o] = Math.exp(x.data[o]! - m) / total;
    });
    return { shape: [...x.shape], data: out };
  },
  tfjs: (tf, x, dim) => {
    const t = x as tfjs.Tensor;
    const axis = axisArg(dim, t.rank, 'softmax');
    const e = tf.exp(tf.sub(t, tf.max(t, axis, true)));
    return tf.div(e, tf.sum(e, axis, true));
  },
};

export const logsumexp: Primitive = {
  name: 'logsumexp',
  doc: 'logsumexp(X, dim): log of the sum of exp(X) along dimension dim (1-based; the last if omitted), kept with length 1',
  reference: (...args) => {
    const x = tensorOf(args[0], 'logsumexp');
    const axis = axisArg(args[1], x.shape.length, 'logsumexp');
    const shape = x.shape.map((n, k) => (k === axis ? 1 : n));
    const out = new Float64Array(sizeOf(shape));
    forEachLine(x, axis, (offsets, k) => {
      const m = maxOf(x, offsets);
      out[k] = m === -Infinity ? m : m + Math.log(offsets.reduce((s, o) => s + Math.exp(x.data[o]! - m), 0));
    });
    return { shape, data: out };
  },
  tfjs: (tf, x, dim) => {
    const t = x as tfjs.Tensor;
    return tf.logSumExp(t, axisArg(dim, t.rank, 'logsumexp'), true);
  },
};
