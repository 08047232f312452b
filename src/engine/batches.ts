// Mini-batches of a data split as tfjs tensors: inputs [B, ...inputShape],
// one-hot targets and int32 labels. The pixels are gathered in JavaScript into
// one staging array reused from step to step: on the machines measured, a
// fresh 600 kB array per step cost as much as the step itself, and the wasm
// backend's own gather and slice copy the whole split each time.
import * as tf from '@tensorflow/tfjs';
import type { Split } from './data/dataset.js';

export interface Batch {
  readonly x: tf.Tensor;
  readonly targets: tf.Tensor;
  readonly labels: tf.Tensor1D;
}

export const disposeBatch = (b: Batch): void => tf.dispose([b.x, b.targets, b.labels]);

export class Batches {
  private readonly size: number;
  private staging = new Float32Array(0);

  constructor(
    readonly split: Split,
    private readonly inputShape: readonly number[],
    private readonly classes: number,
  ) {
    this.size = split.images.length / split.count;
  }

  /** Examples `indices` of the split; the caller disposes the tensors (or runs inside tidy). */
  batch(indices: ArrayLike<number>): Batch {
    const n = indices.length;
    const pixels = this.stagingFor(n * this.size);
    for (let k = 0; k < n; k++) {
      const src = indices[k]!;
      pixels.set(this.split.images.subarray(src * this.size, (src + 1) * this.size), k * this.size);
    }
    const labelValues = Int32Array.from({ length: n }, (_, k) => this.split.labels[indices[k]!]!);
    return tf.tidy(() => {
      const labels = tf.tensor1d(labelValues, 'int32');
      return { x: tf.tensor(pixels, [n, ...this.inputShape]), targets: tf.oneHot(labels, this.classes).toFloat(), labels };
    });
  }

  /** The cpu backend keeps the array a tensor is made from instead of copying it: it gets a fresh one. */
  private stagingFor(length: number): Float32Array {
    if (tf.getBackend() === 'cpu') return new Float32Array(length);
    if (this.staging.length < length) this.staging = new Float32Array(length);
    return this.staging.subarray(0, length);
  }
}

/** Consecutive index ranges [from, to) covering 0..count-1. */
export function* ranges(count: number, size: number): Generator<[number, number]> {
  for (let from = 0; from < count; from += size) yield [from, Math.min(count, from + size)];
}
