// Where f is not differentiable (relu at 0), gradcheck reports the kink, with
// its one-sided slopes, and says "not differentiable here" rather than wrong;
// a wrong gradient elsewhere is still wrong.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradcheck, type GradcheckMode } from '../../src/index.js';
import { reluWith, reluWithSlopeAtZero } from './ops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const X = [0, 1.5, -0.5, 0, 2.0, -1.0];
const at0 = (shape: readonly number[]) => X.flatMap((x, k) => (x === 0 ? [[Math.floor(k / shape[1]!), k % shape[1]!]] : []));
const sum = (op: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.sum(op(x));

describe.each(['full', 'fast'] as GradcheckMode[])('relu checked at 0 in %s mode', (mode) => {
  it("reports the kinks of tfjs's relu and passes its gradient there (relu'(0) = 0 lies between the slopes 0 and 1)", () => {
    const r = gradcheck(sum(tf.relu), tf.tensor2d(X, [2, 3]), { mode, seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.inputs[0]!.verdict).toBe('ok');
    expect(r.kinks.length).toBeGreaterThanOrEqual(1);
    for (const k of r.kinks) {
      expect(at0([2, 3])).toContainEqual(k.index);
      expect(k.lowerSlope).toBeCloseTo(0, 2);
      expect(k.upperSlope).toBeCloseTo(1, 2);
      expect(k.analytical).toBe(0);
      expect(k.subgradient).toBe(true);
    }
    if (mode === 'full') expect(r.kinks.map((k) => k.index)).toEqual(at0([2, 3]));
    expect(r.summary).toMatch(/f is not differentiable at \d points? \(first: input 0 \[\d,\d\]\)/);
  });

  it('calls a gradient outside the slopes at a kink "not differentiable here", not wrong', () => {
    const r = gradcheck(sum(reluWithSlopeAtZero(5)), tf.tensor2d(X, [2, 3]), { mode, seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.inputs[0]!.verdict).toBe('not-differentiable');
    expect(r.kinks.some((k) => !k.subgradient && k.analytical === 5)).toBe(true);
    expect(r.summary).toMatch(/^input 0: not differentiable here/);
  });

  it('still finds a gradient wrong away from the kinks', () => {
    const doubled = reluWith((x) => tf.mul(tf.cast(tf.greater(x, 0), 'float32'), 2));
    const r = gradcheck(sum(doubled), tf.tensor2d(X, [2, 3]), { mode, seed: 1 });
    expect(r.ok).toBe(false);
    expect(r.inputs[0]!.verdict).toBe('wrong');
    expect([[0, 1], [1, 1]]).toContainEqual(r.inputs[0]!.worstIndex);
    expect(r.inputs[0]!.analytical).toBeCloseTo(2, 4);
    expect(r.inputs[0]!.numerical).toBeCloseTo(1, 2);
  });
});
