import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/select.js';
import { initialWeights } from '../../src/engine/init.js';
import { SWEEP_VALUES, sweepConfig } from '../../src/engine/sweep-values.js';
import { DEFAULTS } from '../../src/engine/config.js';

beforeAll(() => selectBackend('cpu'));

const FANS = { fanIn: 300, fanOut: 100 };
const stats = (values: Float32Array): { max: number; std: number } => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { max: Math.max(...values.map(Math.abs)), std: Math.sqrt(variance) };
};

describe('initialisations', () => {
  it('He uniform draws from U(-sqrt(6/fan_in), sqrt(6/fan_in)), not a normal scaled by that limit', () => {
    const limit = Math.sqrt(6 / FANS.fanIn);
    const { max, std } = stats(initialWeights('he-uniform', [100, 300], FANS, 1).dataSync() as Float32Array);
    expect(max).toBeLessThanOrEqual(limit);
    expect(max).toBeGreaterThan(0.99 * limit);
    expect(std).toBeCloseTo(limit / Math.sqrt(3), 2);
  });

  it.each([
    ['he-normal', Math.sqrt(2 / 300)],
    ['glorot-normal', Math.sqrt(2 / 400)],
    ['glorot-uniform', Math.sqrt(6 / 400) / Math.sqrt(3)],
  ] as const)('%s has standard deviation %f', (init, expected) => {
    expect(stats(initialWeights(init, [100, 300], FANS, 2).dataSync() as Float32Array).std).toBeCloseTo(expected, 2);
  });

  it('zeros are zeros, and a seed gives the same draw', () => {
    expect(Math.max(...initialWeights('zeros', [4, 4], FANS, 3).dataSync())).toBe(0);
    const [a, b] = [initialWeights('glorot-normal', [5], FANS, 9), initialWeights('glorot-normal', [5], FANS, 9)];
    expect(tf.equal(a, b).all().dataSync()[0]).toBe(1);
  });
});

describe('sweeps', () => {
  it('sweeps 9 learning rates from 1e-6 to 100 at equal logarithmic steps', () => {
    const rates = SWEEP_VALUES.lr as number[];
    expect(rates).toHaveLength(9);
    expect([rates[0], rates[8]]).toEqual([1e-6, 100]);
    rates.slice(1).forEach((r, k) => expect(Math.log10(r / rates[k]!)).toBeCloseTo(1, 12));
  });

  it('gives each optimiser its usual rate unless --lr was given', () => {
    expect(sweepConfig(DEFAULTS.mlp, 'optimizer', 'adam', false)).toMatchObject({ optimizer: 'adam', lr: 0.001 });
    expect(sweepConfig({ ...DEFAULTS.mlp, lr: 0.05 }, 'optimizer', 'adam', true)).toMatchObject({ optimizer: 'adam', lr: 0.05 });
    expect(sweepConfig(DEFAULTS.mlp, 'batch', 50, false).batch).toBe(50);
  });
});
