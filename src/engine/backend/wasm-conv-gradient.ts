// The wasm backend has no Conv2DBackpropFilter kernel, so tfjs autodiff of a
// convolution fails there. On wasm, the filter gradient is supplied here as an
// im2col product, dK = patches(X)' * dY: a formulation independent of the
// derived engine's conv2d_dk, so that --check-grads still compares two
// different computations. Other backends keep tfjs's own gradient.
// The patches come from a convolution with a one-hot filter, which runs on
// XNNPACK; slicing them out runs in JavaScript on wasm, several times slower.
import * as tf from '@tensorflow/tfjs';

let patched = false;

export function patchWasmConvGradient(): void {
  if (patched) return;
  const original = tf.getGradient('Conv2D');
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const grads = original.gradFunc(dy, saved, attrs);
      const { strides, dilations, pad, dataFormat } = attrs as unknown as tf.Conv2DAttrs;
      const unitStride = [strides, dilations].every((s) => (Array.isArray(s) ? s.every((v) => v === 1) : s === 1 || s === undefined));
      const supported = unitStride && (pad === 'same' || pad === 'valid') && dataFormat !== 'NCHW';
      if (tf.getBackend() !== 'wasm' || !supported) return grads;
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      return { ...grads, filter: () => filterGradient(x, dy as tf.Tensor4D, filter.shape, pad as 'same' | 'valid') };
    },
  });
  patched = true;
}

/** dK[u,v,c,o] = sum over b,p,q of X[b,p+u-pt,q+v-pl,c] dY[b,p,q,o], as one matrix product. */
export function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, [kh, kw, c, o]: number[], pad: 'same' | 'valid'): tf.Tensor4D {
  return tf.tidy(() => {
    const window = kh! * kw! * c!;
    // filter[u,v,c,j] = 1 where j = (u * kw + v) * c + c: output channel j copies one entry of the window.
    const oneHot = tf.reshape(tf.eye(window), [kh!, kw!, c!, window]) as tf.Tensor4D;
    const patches = tf.conv2d(x, oneHot, 1, pad);
    const [b, p, q] = dy.shape;
    const product = tf.matMul(tf.transpose(tf.reshape(patches, [b * p * q, window])), tf.reshape(dy, [b * p * q, o!]));
    return tf.reshape(product, [kh!, kw!, c!, o!]);
  });
}
