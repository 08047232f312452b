// Accuracy of a model in evaluation mode (running batch-norm statistics, no
// dropout), overall and per class.
import * as tf from '@tensorflow/tfjs';
import { ranges, type Batches } from './batches.js';
import type { Model } from './model.js';

const EVAL_BATCH = 500;
const EVAL_PASS = { training: false, updateStatistics: false, seed: 0 };

export interface Accuracy {
  readonly accuracy: number;
  /** Per class label: the share of its examples classified right (NaN when it has none). */
  readonly perClass: readonly number[];
}

export async function evaluate(model: Model, batches: Batches, classes: number): Promise<Accuracy> {
  const right = new Array<number>(classes).fill(0);
  const seen = new Array<number>(classes).fill(0);
  const { split } = batches;
  const all = Int32Array.from({ length: split.count }, (_, k) => k);
  for (const [from, to] of ranges(split.count, EVAL_BATCH)) {
    const classified = tf.tidy(() => tf.argMax(model.logits(batches.batch(all.subarray(from, to)).x, EVAL_PASS), 1));
    const predicted = await classified.data();
    classified.dispose();
    predicted.forEach((p, k) => {
      const label = split.labels[from + k]!;
      seen[label]!++;
      if (p === label) right[label]!++;
    });
  }
  const total = right.reduce((a, b) => a + b, 0);
  return { accuracy: total / split.count, perClass: right.map((r, c) => r / seen[c]!) };
}
