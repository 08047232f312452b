// The TensorFlow.js namespace gradcheck works through: the one the caller
// passes (tfjs-node's, a browser bundle's), or '@tensorflow/tfjs' as this
// package resolves it. tfjs keeps its engine and its kernel and gradient
// registries in globals, so tensors made by any copy of tfjs 4 work with it.
import { createRequire } from 'node:module';
import type * as tfjs from '@tensorflow/tfjs';
import { GradcheckError, SubjectFailure } from './result.js';

const MEMBERS = ['tensor', 'tidy', 'engine', 'addN', 'sum', 'mul', 'getBackend', 'getGradient'] as const;

/** The members of the tfjs namespace that gradcheck calls. */
export type Tfjs = Pick<typeof tfjs, (typeof MEMBERS)[number]> & { readonly version?: { readonly 'tfjs-core'?: string }; readonly version_core?: string };
export type Tensor = tfjs.Tensor;

export function resolveTfjs(tf: Tfjs | undefined): Tfjs {
  if (tf === undefined) return createRequire(import.meta.url)('@tensorflow/tfjs') as Tfjs;
  const missing = MEMBERS.filter((m) => typeof (tf as Partial<Tfjs> | null)?.[m] !== 'function');
  if (typeof tf !== 'object' || missing.length > 0) {
    throw new GradcheckError(`gradcheck: options.tf is not a TensorFlow.js namespace (it needs ${MEMBERS.join(', ')})`);
  }
  return tf;
}

/** The version of tfjs-core behind the namespace. */
export const tfjsVersion = (tf: Tfjs): string => tf.version?.['tfjs-core'] ?? tf.version_core ?? 'unknown';

/** Duck-typed, so that a tensor from another copy of tfjs is one too. */
export function isTensor(x: unknown): x is Tensor {
  const t = x as Partial<Tensor> | null;
  return typeof t === 'object' && t !== null && Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.dataSync === 'function';
}

/** What went wrong inside tfjs, said in one line: which kernel has no gradient, or the first line of the message. */
export function classifyError(err: unknown, stage: 'forward' | 'backward', tf: Tfjs): SubjectFailure | GradcheckError {
  const message = err instanceof Error ? err.message : String(err);
  const missing = /gradient function not found for (\w+)/.exec(message);
  if (missing !== null) {
    // No gradient at all (not even Add's): tfjs-core without the union package, which registers them.
    if (tf.getGradient('Add') === undefined) {
      return new GradcheckError(
        `gradcheck: tfjs has no gradient registered for ${missing[1]}; under Node import '@tensorflow/tfjs' (the union package registers gradients), not '@tensorflow/tfjs-core' alone`,
      );
    }
    return new SubjectFailure('no-gradient', `tfjs registers no gradient for the kernel ${missing[1]}`);
  }
  const where = stage === 'forward' ? 'f threw' : "tfjs's backward threw";
  return new SubjectFailure('throws', `${where}: ${message.split('\n')[0]}`);
}
