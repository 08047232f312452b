// A named matrix-notation primitive (conv2d, maxpool, ...): one reference
// implementation on float64 tensors, used when a matrix form is verified, and
// one mapping to TensorFlow.js ops, used by the engine. Both sit side by side
// so that the engine runs exactly what was verified.
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor } from '../tensor.js';

export type Tf = typeof tfjs;
export type Arg = Tensor | number | string;

export interface Primitive {
  readonly name: string;
  /** One line for docs and error messages: the signature and what it computes. */
  readonly doc: string;
  readonly reference: (...args: Arg[]) => Tensor;
  readonly tfjs: (tf: Tf, ...args: (tfjs.Tensor | number | string)[]) => tfjs.Tensor;
}

export function tensorArg(a: Arg | undefined, name: string, rank: number): Tensor {
  if (typeof a !== 'object' || a.shape.length !== rank) throw new Error(`${name} expects a rank-${rank} tensor`);
  return a;
}

export function paddingArg(a: Arg | undefined, name: string): 'valid' | 'same' {
  if (a !== 'valid' && a !== 'same') throw new Error(`${name}: padding must be "valid" or "same"`);
  return a;
}

export function intArg(a: Arg | undefined, name: string): number {
  if (typeof a !== 'number' || !Number.isInteger(a) || a < 1) throw new Error(`${name} expects a positive integer size`);
  return a;
}
