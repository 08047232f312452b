// The TensorFlow.js namespace gradcheck works through: the one the caller
// passes (tfjs-node's, a browser bundle's), or '@tensorflow/tfjs' as this
// package resolves it. tfjs keeps its engine and its kernel and gradient
// registries in globals, so tensors made by any copy of tfjs 4 work with it.
import { createRequire } from 'node:module';
import type * as tfjs from '@tensorflow/tfjs';
import { GradcheckError } from './result.js';

/** The members of the tfjs namespace that gradcheck calls. */
export type Tfjs = Pick<typeof tfjs, 'tensor' | 'grads' | 'tidy'>;
export type Tensor = tfjs.Tensor;

export function resolveTfjs(tf: Tfjs | undefined): Tfjs {
  if (tf === undefined) return createRequire(import.meta.url)('@tensorflow/tfjs') as Tfjs;
  if (typeof tf !== 'object' || typeof tf.grads !== 'function' || typeof tf.tensor !== 'function' || typeof tf.tidy !== 'function') {
    throw new GradcheckError('gradcheck: options.tf is not a TensorFlow.js namespace (it needs tensor, grads and tidy)');
  }
  return tf;
}

/** Duck-typed, so that a tensor from another copy of tfjs is one too. */
export function isTensor(x: unknown): x is Tensor {
  const t = x as Partial<Tensor> | null;
  return typeof t === 'object' && t !== null && Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.dataSync === 'function';
}

/** tf.grads's failures, said in one line with what to do. */
export function gradientError(err: unknown): GradcheckError {
  const message = err instanceof Error ? err.message : String(err);
  const missing = /gradient function not found for (\w+)/.exec(message);
  if (missing !== null) {
    return new GradcheckError(
      `gradcheck: tfjs has no gradient registered for ${missing[1]}; under Node import '@tensorflow/tfjs' (the union package registers gradients), not '@tensorflow/tfjs-core' alone`,
    );
  }
  if (/Cannot compute gradient of y=f\(x\) with respect to x/.test(message)) {
    return new GradcheckError("gradcheck: f's output does not depend on every input (tf.grads found no path from one of them); pass only the tensors f differentiates");
  }
  return new GradcheckError(`gradcheck: tfjs could not compute the gradient of f: ${message.split('\n')[0]}`);
}
