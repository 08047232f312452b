// Each named primitive's tfjs mapping (what the engine runs) against its
// float64 reference (what the verifier checked), on the cpu and wasm backends;
// and the two wasm fixes: the re-registered matMul and the supplied conv filter gradient.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { filterGradient } from '../../src/engine/backend/wasm-conv-gradient.js';
import { selectBackend } from '../../src/engine/backend/select.js';
import { PRIMITIVES } from '../../src/numeric/primitives/index.js';
import type { Arg } from '../../src/numeric/primitives/primitive.js';
import type { Tensor } from '../../src/numeric/tensor.js';
import { FLOAT32_RTOL, randomTensor, relativeError, toTf } from './tf-helpers.js';

const primitive = (name: string) => PRIMITIVES.get(name)!;

/** The mapping's result and the reference's, for the same arguments. */
function both(name: string, ...args: Arg[]): [Float32Array, Tensor] {
  const reference = primitive(name).reference(...args);
  const engine = tf.tidy(() => primitive(name).tfjs(tf, ...args.map((a) => (typeof a === 'object' ? toTf(a) : a))).dataSync() as Float32Array);
  return [engine, reference];
}

const CASES: readonly { name: string; args: (seed: number) => Arg[] }[] = [
  { name: 'conv2d', args: (s) => [randomTensor([2, 5, 6, 3], s), randomTensor([3, 3, 3, 4], s + 1), 'same'] },
  { name: 'conv2d', args: (s) => [randomTensor([2, 5, 6, 3], s), randomTensor([2, 3, 3, 2], s + 1), 'valid'] },
  { name: 'conv2d_dx', args: (s) => [randomTensor([2, 5, 6, 4], s), randomTensor([3, 3, 3, 4], s + 1), 5, 6, 'same'] },
  { name: 'conv2d_dx', args: (s) => [randomTensor([2, 4, 4, 2], s), randomTensor([2, 3, 3, 2], s + 1), 5, 6, 'valid'] },
  { name: 'conv2d_dk', args: (s) => [randomTensor([2, 5, 6, 3], s), randomTensor([2, 5, 6, 4], s + 1), 3, 3, 'same'] },
  { name: 'conv2d_dk', args: (s) => [randomTensor([2, 5, 6, 3], s), randomTensor([2, 4, 4, 2], s + 1), 2, 3, 'valid'] },
  { name: 'maxpool2', args: (s) => [randomTensor([2, 6, 4, 3], s)] },
  // A grid of 1 makes ties in most windows: both sides give dY to the first maximum.
  { name: 'maxpool2_dx', args: (s) => [randomTensor([2, 6, 4, 3], s, { range: 1, step: 1 }), randomTensor([2, 3, 2, 3], s + 1)] },
  { name: 'maxpool2_dx', args: (s) => [randomTensor([1, 5, 7, 2], s), randomTensor([1, 2, 3, 2], s + 1)] },
  { name: 'tril', args: (s) => [randomTensor([4, 5], s)] },
  { name: 'tril', args: (s) => [randomTensor([5, 3], s), -1] },
  { name: 'triu', args: (s) => [randomTensor([4, 4], s), 2] },
  { name: 'softmax', args: (s) => [randomTensor([3, 5], s), 1] },
  { name: 'softmax', args: (s) => [randomTensor([3, 5], s)] },
  { name: 'softmax', args: (s) => [randomTensor([2, 3, 4], s), 2] },
  { name: 'logsumexp', args: (s) => [randomTensor([3, 5], s), 2] },
  { name: 'logsumexp', args: (s) => [randomTensor([6], s)] },
  { name: 'outer', args: (s) => [randomTensor([3], s), randomTensor([4], s + 1)] },
];

it('every named primitive has a case', () => {
  expect([...PRIMITIVES.keys()].filter((name) => !CASES.some((c) => c.name === name))).toEqual([]);
});

describe.each(['cpu', 'wasm'] as const)('named primitives on %s', (backend) => {
  beforeAll(() => selectBackend(backend));

  it.each(CASES.map((c, k) => ({ ...c, k })))('$name (case $k) equals its float64 reference', ({ name, args }) => {
    for (const seed of [1, 7]) {
      const [engine, reference] = both(name, ...args(seed));
      expect(engine.length).toBe(reference.data.length);
      expect(relativeError(engine, reference.data)).toBeLessThan(FLOAT32_RTOL);
    }
  });
});

describe('wasm fixes', () => {
  beforeAll(() => selectBackend('wasm'));

  it('matMul with transposed operands equals the plain product', () => {
    const [a, b] = [toTf(randomTensor([5, 7], 1)), toTf(randomTensor([6, 7], 2))];
    const plain = tf.matMul(a, tf.transpose(b)).dataSync();
    expect(relativeError(tf.matMul(a, b, false, true).dataSync(), plain)).toBeLessThan(FLOAT32_RTOL);
    expect(relativeError(tf.matMul(tf.transpose(a), b, true, true).dataSync(), plain)).toBeLessThan(FLOAT32_RTOL);
    expect(tf.matMul(tf.ones([3, 2, 4]), tf.ones([3, 5, 4]), false, true).shape).toEqual([3, 2, 5]);
  });

  it.each(['same', 'valid'] as const)('the conv filter gradient given to autodiff equals conv2d_dk (%s)', (pad) => {
    const kernel = pad === 'same' ? [3, 3] : [2, 3];
    const x = randomTensor([2, 5, 6, 3], 3);
    const out = pad === 'same' ? [2, 5, 6, 4] : [2, 4, 4, 4];
    const dy = randomTensor(out, 4);
    const reference = primitive('conv2d_dk').reference(x, dy, kernel[0]!, kernel[1]!, pad);
    const engine = filterGradient(toTf(x) as tf.Tensor4D, toTf(dy) as tf.Tensor4D, [...kernel, 3, 4], pad).dataSync();
    expect(relativeError(engine, reference.data)).toBeLessThan(FLOAT32_RTOL);
  });

  it('lets tf.grad differentiate a convolution on wasm', () => {
    const x = toTf(randomTensor([1, 4, 4, 2], 5)) as tf.Tensor4D;
    const k = toTf(randomTensor([3, 3, 2, 2], 6)) as tf.Tensor4D;
    const dk = tf.grad((kk: tf.Tensor) => tf.sum(tf.conv2d(x, kk as tf.Tensor4D, 1, 'same')))(k);
    const reference = primitive('conv2d_dk').reference(randomTensor([1, 4, 4, 2], 5), { shape: [1, 4, 4, 2], data: new Float64Array(32).fill(1) }, 3, 3, 'same');
    expect(relativeError(dk.dataSync(), reference.data)).toBeLessThan(FLOAT32_RTOL);
  });
});
