// outer(u, v): the outer product of two vectors, u[i] * v[j] (torch.outer).
import type * as tfjs from '@tensorflow/tfjs';
import { tensorArg, type Primitive } from './primitive.js';

export const outer: Primitive = {
  name: 'outer',
  doc: 'outer(u, v): the matrix u[i] * v[j] of two vectors',
  reference: (...args) => {
    const [u, v] = [tensorArg(args[0], 'outer u', 1), tensorArg(args[1], 'outer v', 1)];
    const m = v.data.length;
    return { shape: [u.data.length, m], data: Float64Array.from({ length: u.data.length * m }, (_, k) => u.data[Math.floor(k / m)]! * v.data[k % m]!) };
  },
  tfjs: (tf, u, v) => tf.outerProduct(u as tfjs.Tensor1D, v as tfjs.Tensor1D),
};
