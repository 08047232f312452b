// On the wasm backend, matMul with transposeA/transposeB runs 10-35x slower
// than transposing explicitly and multiplying: only the plain layout reaches
// XNNPACK. tfjs's own matMul gradient sets those flags, so the BatchMatMul
// kernel is re-registered to transpose first; autodiff and the derived engine
// both run through it.
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

let patched = false;

export function patchWasmMatMul(): void {
  if (patched) return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (original === undefined || transpose === undefined) return;
  const swapLastTwo = (x: Info, backend: KernelArgs['backend']): Info => {
    const perm = x.shape.map((_, k) => k);
    [perm[perm.length - 2], perm[perm.length - 1]] = [perm.length - 1, perm.length - 2];
    return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as Info;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: Info; b: Info };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc(args);
      const plainA = transposeA ? swapLastTwo(a, args.backend) : a;
      const plainB = transposeB ? swapLastTwo(b, args.backend) : b;
      const out = original.kernelFunc({ ...args, inputs: { a: plainA, b: plainB }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      const backend = args.backend as tf.KernelBackend;
      if (transposeA) backend.disposeData(plainA.dataId);
      if (transposeB) backend.disposeData(plainB.dataId);
      return out;
    },
  });
  patched = true;
}
