// 2-D cross-correlation, stride 1, in TensorFlow's layouts: X is NHWC
// [B, H, W, C], K is HWIO [KH, KW, C, O], Y is [B, P, Q, O]. Padding "valid"
// (P = H - KH + 1) or "same" (P = H, zero padding floor((KH-1)/2) before).
// The three primitives are the forward pass and the closed forms of
// derivations/conv2d-backward.yaml and conv2d-same-backward.yaml.
import { sizeOf, stridesOf, type Tensor } from '../tensor.js';
import { intArg, paddingArg, tensorArg, type Primitive } from './primitive.js';

const before = (k: number, pad: 'valid' | 'same'): number => (pad === 'same' ? Math.floor((k - 1) / 2) : 0);
const outSize = (n: number, k: number, pad: 'valid' | 'same'): number => (pad === 'same' ? n : n - k + 1);

/** Entry [a, b, c, d] of a rank-4 tensor, 0 outside its shape (zero padding); four arguments, not a rest array, as it runs for every term. */
function at(t: Tensor, strides: readonly number[], a: number, b: number, c: number, d: number): number {
  const shape = t.shape;
  if (a < 0 || a >= shape[0]! || b < 0 || b >= shape[1]! || c < 0 || c >= shape[2]! || d < 0 || d >= shape[3]!) return 0;
  return t.data[a * strides[0]! + b * strides[1]! + c * strides[2]! + d * strides[3]!]!;
}

function make(shape: number[]): { t: Tensor; s: number[] } {
  return { t: { shape, data: new Float64Array(sizeOf(shape)) }, s: stridesOf(shape) };
}

export const conv2d: Primitive = {
  name: 'conv2d',
  doc: 'conv2d(X, K, pad): Y[b,p,q,o] = sum(u,v,c, X[b,p+u-pt,q+v-pl,c] K[u,v,c,o])',
  reference: (...args) => {
    const x = tensorArg(args[0], 'conv2d X', 4);
    const k = tensorArg(args[1], 'conv2d K', 4);
    const pad = paddingArg(args[2], 'conv2d');
    const [B, H, W, C] = x.shape as [number, number, number, number];
    const [KH, KW, , O] = k.shape as [number, number, number, number];
    const [pt, pl] = [before(KH, pad), before(KW, pad)];
    const out = make([B, outSize(H, KH, pad), outSize(W, KW, pad), O]);
    const [sx, sk] = [stridesOf(x.shape), stridesOf(k.shape)];
    const [, P, Q] = out.t.shape as [number, number, number];
    let flat = 0;
    for (let b = 0; b < B; b++)
      for (let p = 0; p < P; p++)
        for (let q = 0; q < Q; q++)
          for (let o = 0; o < O; o++) {
            let acc = 0;
            for (let u = 0; u < KH; u++)
              for (let v = 0; v < KW; v++)
                for (let c = 0; c < C; c++) acc += at(x, sx, b, p + u - pt, q + v - pl, c) * at(k, sk, u, v, c, o);
            out.t.data[flat++] = acc;
          }
    return out.t;
  },
  tfjs: (tf, x, k, pad) => tf.conv2d(x as never, k as never, 1, pad as 'valid' | 'same'),
};

export const conv2dDx: Primitive = {
  name: 'conv2d_dx',
  doc: 'conv2d_dx(dY, K, H, W, pad): dX[b,h,w,c] = sum(o,u,v, dY[b,h-u+pt,w-v+pl,o] K[u,v,c,o])',
  reference: (...args) => {
    const dy = tensorArg(args[0], 'conv2d_dx dY', 4);
    const k = tensorArg(args[1], 'conv2d_dx K', 4);
    const [H, W] = [intArg(args[2], 'conv2d_dx H'), intArg(args[3], 'conv2d_dx W')];
    const pad = paddingArg(args[4], 'conv2d_dx');
    const [B, , , O] = dy.shape as [number, number, number, number];
    const [KH, KW, C] = k.shape as [number, number, number];
    const [pt, pl] = [before(KH, pad), before(KW, pad)];
    const out = make([B, H, W, C]);
    const [sy, sk] = [stridesOf(dy.shape), stridesOf(k.shape)];
    let flat = 0;
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++)
          for (let c = 0; c < C; c++) {
            let acc = 0;
            for (let o = 0; o < O; o++)
              for (let u = 0; u < KH; u++)
                for (let v = 0; v < KW; v++) acc += at(dy, sy, b, h - u + pt, w - v + pl, o) * at(k, sk, u, v, c, o);
            out.t.data[flat++] = acc;
          }
    return out.t;
  },
  // The input gradient of a convolution is a transposed convolution with the same filter.
  tfjs: (tf, dy, k, h, w, pad) => {
    const [B, , , ] = (dy as { shape: number[] }).shape;
    const C = (k as { shape: number[] }).shape[2]!;
    return tf.conv2dTranspose(dy as never, k as never, [B!, h as number, w as number, C], 1, pad as 'valid' | 'same');
  },
};

export const conv2dDk: Primitive = {
  name: 'conv2d_dk',
  doc: 'conv2d_dk(X, dY, KH, KW, pad): dK[u,v,c,o] = sum(b,p,q, X[b,p+u-pt,q+v-pl,c] dY[b,p,q,o])',
  reference: (...args) => {
    const x = tensorArg(args[0], 'conv2d_dk X', 4);
    const dy = tensorArg(args[1], 'conv2d_dk dY', 4);
    const [KH, KW] = [intArg(args[2], 'conv2d_dk KH'), intArg(args[3], 'conv2d_dk KW')];
    const pad = paddingArg(args[4], 'conv2d_dk');
    const [B, , , C] = x.shape as [number, number, number, number];
    const [, P, Q, O] = dy.shape as [number, number, number, number];
    const [pt, pl] = [before(KH, pad), before(KW, pad)];
    const out = make([KH, KW, C, O]);
    const [sx, sy] = [stridesOf(x.shape), stridesOf(dy.shape)];
    let flat = 0;
    for (let u = 0; u < KH; u++)
      for (let v = 0; v < KW; v++)
        for (let c = 0; c < C; c++)
          for (let o = 0; o < O; o++) {
            let acc = 0;
            for (let b = 0; b < B; b++)
              for (let p = 0; p < P; p++)
                for (let q = 0; q < Q; q++) acc += at(x, sx, b, p + u - pt, q + v - pl, c) * at(dy, sy, b, p, q, o);
            out.t.data[flat++] = acc;
          }
    return out.t;
  },
  // A valid correlation of the padded input with dY, batch and channels swapped:
  // tfjs's own Conv2DBackpropFilter kernel is missing on wasm, plain conv2d is not.
  tfjs: (tf, x, dy, kh, kw, pad) => {
    const [pt, pl] = [before(kh as number, pad as 'valid'), before(kw as number, pad as 'valid')];
    const [pb, pr] = [(kh as number) - 1 - pt, (kw as number) - 1 - pl];
    const padded = pad === 'same' ? tf.pad(x as never, [[0, 0], [pt, pb], [pl, pr], [0, 0]]) : (x as never);
    const xt = tf.transpose(padded, [3, 1, 2, 0]);
    const filter = tf.transpose(dy as never, [1, 2, 0, 3]);
    return tf.transpose(tf.conv2d(xt as never, filter as never, 1, 'valid'), [1, 2, 0, 3]);
  },
};
