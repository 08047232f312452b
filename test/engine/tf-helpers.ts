// Between float64 references and float32 tfjs tensors.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Tensor } from '../../src/numeric/tensor.js';

export const toTf = (t: Tensor): tf.Tensor => tf.tensor(Float32Array.from(t.data), [...t.shape]);

/** Random float64 values: on a grid of `step` in [-range, range] (a coarse grid makes ties). */
export function randomTensor(shape: readonly number[], seed: number, { range = 3, step = 0.01 } = {}): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const k = Math.round(range / step);
  const [values] = fc.sample(fc.array(fc.integer({ min: -k, max: k }), { minLength: n, maxLength: n }), { seed, numRuns: 1 });
  return { shape: [...shape], data: Float64Array.from(values!, (v) => v * step) };
}

/** max |actual - expected| / max |expected|: the relative error used against float32 tolerances. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < expected.length; k++) {
    diff = Math.max(diff, Math.abs(actual[k]! - expected[k]!));
    scale = Math.max(scale, Math.abs(expected[k]!));
  }
  return diff === 0 ? 0 : diff / scale;
}

/** Float32 agreement: a few units in the last place of the largest entry, after sums of a few hundred terms. */
export const FLOAT32_RTOL = 1e-5;
