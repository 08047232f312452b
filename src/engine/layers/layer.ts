// What every layer provides: a forward pass written with tfjs ops that saves
// what its backward needs, and a backward pass that is the compiled closed
// form of a verified derivation. Parameters are tfjs variables.
import * as tf from '@tensorflow/tfjs';
import type { Tensors } from '../derived.js';

export interface Pass {
  /** Training mode: batch statistics and dropout masks; otherwise running statistics and no dropout. */
  readonly training: boolean;
  /** Whether batch norm folds this batch into its running averages (not during a gradient check). */
  readonly updateStatistics: boolean;
  /** Seed of the dropout masks, so that two passes over one batch draw the same masks. */
  readonly seed: number;
}

export interface Param {
  /** Stable name within the model (`2.W`), used in checkpoints and reports. */
  readonly key: string;
  readonly variable: tf.Variable;
  /** Whether L2 weight decay applies (weights yes, biases and batch-norm scales no). */
  readonly decay: boolean;
}

export interface Forward {
  readonly y: tf.Tensor;
  /** The tensors the backward pass reads, by the names its derivation uses (X, Y, xhat, ...). */
  readonly saved: Tensors;
}

export interface Backward {
  /** dX, when the layer below needs it. */
  readonly dx: tf.Tensor | undefined;
  /** One gradient per parameter, in the order of `params`. */
  readonly grads: readonly tf.Tensor[];
}

export interface Layer {
  /** One line: `linear 784 -> 128`. */
  readonly description: string;
  readonly params: readonly Param[];
  /** Variables that are not trained but belong to the model (running averages). */
  readonly state: readonly Param[];
  forward(x: tf.Tensor, pass: Pass): Forward;
  backward(dy: tf.Tensor, saved: Tensors, needInput: boolean): Backward;
}

let created = 0;

/** A variable under a process-unique name (tfjs registers variables globally by name). */
export function makeParam(key: string, initial: tf.Tensor, { decay = false, trainable = true } = {}): Param {
  const variable = tf.variable(initial, trainable, `${key}#${++created}`);
  initial.dispose(); // the variable holds its own reference to the data
  return { key, variable, decay };
}
