// 2x2 max pooling with stride 2 (valid) on NHWC tensors [B, 2P, 2Q, C].
// Tie rule: the gradient of a window goes to its first maximal entry in
// row-major order, as tfjs's own max-pool gradient does.
import { sizeOf, stridesOf, type Tensor } from '../tensor.js';
import { tensorArg, type Primitive } from './primitive.js';

/** For each output entry, the flat input position of its window's first maximum. */
function firstMaxima(x: Tensor): { shape: number[]; values: Float64Array; positions: Int32Array } {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const [P, Q] = [Math.floor(H / 2), Math.floor(W / 2)];
  const s = stridesOf(x.shape);
  const n = sizeOf([B, P, Q, C]);
  const values = new Float64Array(n);
  const positions = new Int32Array(n);
  let flat = 0;
  for (let b = 0; b < B; b++)
    for (let p = 0; p < P; p++)
      for (let q = 0; q < Q; q++)
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let where = -1;
          for (let du = 0; du < 2; du++)
            for (let dv = 0; dv < 2; dv++) {
              const off = b * s[0]! + (2 * p + du) * s[1]! + (2 * q + dv) * s[2]! + c;
              if (x.data[off]! > best) [best, where] = [x.data[off]!, off];
            }
          values[flat] = best;
          positions[flat++] = where;
        }
  return { shape: [B, P, Q, C], values, positions };
}

export const maxpool2: Primitive = {
  name: 'maxpool2',
  doc: 'maxpool2(X): Y[b,i,j,c] = max over the 2x2 window X[b,2i..2i+1,2j..2j+1,c]',
  reference: (...args) => {
    const m = firstMaxima(tensorArg(args[0], 'maxpool2 X', 4));
    return { shape: m.shape, data: m.values };
  },
  tfjs: (tf, x) => tf.maxPool(x as never, 2, 2, 'valid'),
};

export const maxpool2Dx: Primitive = {
  name: 'maxpool2_dx',
  doc: 'maxpool2_dx(X, dY): dY routed to the first maximum of each 2x2 window, zeros elsewhere',
  reference: (...args) => {
    const x = tensorArg(args[0], 'maxpool2_dx X', 4);
    const dy = tensorArg(args[1], 'maxpool2_dx dY', 4);
    const m = firstMaxima(x);
    const out = new Float64Array(x.data.length);
    m.positions.forEach((pos, k) => (out[pos] = out[pos]! + dy.data[k]!));
    return { shape: [...x.shape], data: out };
  },
  // The first maximum of each window, found with pooling and nearest-neighbour
  // upsampling only (window transposes and broadcast comparisons are slow on
  // wasm): the maxima get weights 4, 3, 2, 1 in row-major window order, and the
  // largest weight among them marks the first.
  tfjs: (tf, x, dy) => {
    const [B, H, W, C] = (x as { shape: number[] }).shape as [number, number, number, number];
    const [P, Q] = [Math.floor(H / 2), Math.floor(W / 2)];
    const even = H === 2 * P && W === 2 * Q ? (x as never) : tf.slice(x as never, [0, 0, 0, 0], [B, 2 * P, 2 * Q, C]);
    const up = (t: never) => tf.image.resizeNearestNeighbor(t, [2 * P, 2 * Q]);
    const isMax = tf.cast(tf.equal(even, up(tf.maxPool(even, 2, 2, 'valid') as never)), 'float32');
    const weights = tf.tile(tf.tensor4d([4, 3, 2, 1], [1, 2, 2, 1]), [1, P, Q, 1]);
    const score = tf.mul(isMax, weights);
    const first = tf.cast(tf.equal(score, up(tf.maxPool(score as never, 2, 2, 'valid') as never)), 'float32');
    const routed = tf.mul(first, up(dy as never));
    return tf.pad(routed, [[0, 0], [0, H - 2 * P], [0, W - 2 * Q], [0, 0]]);
  },
};
