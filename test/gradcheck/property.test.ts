// checkProperty: gradcheck over generated shapes and values; a failure is
// shrunk to the smallest shapes and simplest values, with the seed to replay.
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GradcheckError, checkProperty, inputsArbitrary } from '../../src/index.js';
import { rowSumSquares, rowSumSquaresFirstRowOnly } from './ops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rows = inputsArbitrary([['S', 'M']], { sizes: { S: [1, 6], M: [1, 6] } });

describe('checkProperty', () => {
  it('passes a correct backward over every case', () => {
    const r = checkProperty(rowSumSquares, rows, { runs: 40, seed: 3 });
    expect(r).toMatchObject({ ok: true, cases: 40, seed: 3, counterexample: null });
    expect(r.summary).toBe('gradients match in 40 cases (seed 3)');
  });

  it('shrinks a backward that is wrong only with two rows or more to sizes of 1-2', () => {
    const r = checkProperty(rowSumSquaresFirstRowOnly, rows, { runs: 100, seed: 3 });
    expect(r.ok).toBe(false);
    const c = r.counterexample!;
    expect(c.shapes).toHaveLength(1);
    const [s, m] = c.shapes[0]!;
    expect(s).toBe(2);
    expect(m).toBe(1);
    expect(c.result!.ok).toBe(false);
    expect(c.result!.inputs[0]!.verdict).toBe('wrong');
    // Only the second row's gradient is wrong.
    expect(c.result!.inputs[0]!.worstIndex![0]).toBe(1);
    expect(r.shrinks).toBeGreaterThan(0);
    expect(r.summary).toMatch(/^fails after \d+ cases?, shrunk \d+ times to shapes \[2, 1\]: input 0: tfjs's gradient is wrong at \[1,0\]: .*; replay with seed 3$/);
  });

  it('replays the same counterexample from the same seed, and throws it with raise: true', () => {
    const first = checkProperty(rowSumSquaresFirstRowOnly, rows, { runs: 100, seed: 8 });
    const again = checkProperty(rowSumSquaresFirstRowOnly, rows, { runs: 100, seed: 8 });
    expect(again.counterexample!.inputs).toEqual(first.counterexample!.inputs);
    expect(() => checkProperty(rowSumSquaresFirstRowOnly, rows, { runs: 100, seed: 8, raise: true })).toThrow(GradcheckError);
  });

  it('draws shapes from named dimensions shared between inputs, and values from the domains', () => {
    const arb = inputsArbitrary([['S', 'M'], ['M', 3]], { sizes: { S: 2, M: [1, 5] }, domains: ['positive', 'normal'] });
    fc.assert(
      fc.property(arb, ([a, b]) => {
        expect(a!.shape[0]).toBe(2);
        expect(a!.shape[1]).toBe(b!.shape[0]);
        expect(b!.shape[1]).toBe(3);
        expect(Array.from(a!.values).every((v) => v >= 0.1)).toBe(true);
        // A grid of tenths: float32 steps (about 5e-3 * max|x|) stay clear of other values' kinks.
        expect(Array.from(b!.values).every((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9)).toBe(true);
      }),
      { numRuns: 50, seed: 1 },
    );
  });

  it('rejects a bad size range or domain in one line', () => {
    expect(() => inputsArbitrary([['S']], { sizes: { S: [3, 1] } })).toThrow(/^inputsArbitrary: sizes.S must be a positive integer or a range \[min, max\] of them, got \[3,1\]$/);
    expect(() => inputsArbitrary([['S']], { domains: ['gaussian'] })).toThrow(/^inputsArbitrary: input 0: unknown domain "gaussian"/);
    expect(() => inputsArbitrary([[0]])).toThrow(/^inputsArbitrary: a dimension must be a positive integer or a name, got 0$/);
  });
});
