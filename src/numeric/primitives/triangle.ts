// tril(A, k) and triu(A, k): a matrix with the entries above (below) its k-th
// diagonal set to 0, as torch.tril and torch.triu (k = 0 by default). The
// entries cleared are set, not multiplied by 0, so an infinity there is gone.
import type * as tfjs from '@tensorflow/tfjs';
import { tensorArg, type Arg, type Primitive, type Tf } from './primitive.js';

/** Whether entry (i, j) is kept: its diagonal j - i against k. */
type Keep = (diagonal: number, k: number) => boolean;

function offsetArg(a: Arg | undefined, name: string): number {
  if (a === undefined) return 0;
  if (typeof a !== 'number' || !Number.isInteger(a)) throw new Error(`${name}: the diagonal offset must be a whole number`);
  return a;
}

function triangle(name: 'tril' | 'triu', keep: Keep, tfKeep: (tf: Tf, diagonal: tfjs.Tensor, k: number) => tfjs.Tensor): Primitive {
  return {
    name,
    doc: `${name}(A, k): A[i,j] where j - i ${name === 'tril' ? '<=' : '>='} k (k = 0 if omitted), else 0`,
    reference: (...args) => {
      const a = tensorArg(args[0], `${name} A`, 2);
      const k = offsetArg(args[1], name);
      const cols = a.shape[1]!;
      return { shape: [...a.shape], data: a.data.map((x, flat) => (keep((flat % cols) - Math.floor(flat / cols), k) ? x : 0)) };
    },
    tfjs: (tf, x, k) => {
      const a = x as tfjs.Tensor;
      const [rows, cols] = a.shape as [number, number];
      const diagonal = tf.sub(tf.range(0, cols).reshape([1, cols]), tf.range(0, rows).reshape([rows, 1]));
      return tf.where(tfKeep(tf, diagonal, offsetArg(k as Arg | undefined, name)), a, tf.zerosLike(a));
    },
  };
}

export const tril = triangle('tril', (d, k) => d <= k, (tf, d, k) => tf.lessEqual(d, k));
export const triu = triangle('triu', (d, k) => d >= k, (tf, d, k) => tf.greaterEqual(d, k));
