// gradcheck against custom ops whose true gradients the test computes in
// plain JavaScript: a correct backward passes, and each usual mistake fails in
// both modes with the worst entry named and the right numbers there.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GradcheckError, gradcheck, type GradcheckMode } from '../../src/index.js';
import { customOp, matmul, matmul3, matmulTransposed, square, squareMissingFactor, squareWrongAt, squareWrongSign } from './ops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MODES: GradcheckMode[] = ['full', 'fast'];
const A = [0.5, -1.2, 2.0, 1.5, 0.3, -0.7, -2.1, 0.9, 1.1];
const B = [1.3, 0.2, -0.4, -1.0, 2.2, 0.6, 0.8, -1.5, 0.1];
/** Weights on the output, so that phi = <W, f(x)> and its gradient are known here. */
const W = [0.9, -0.6, 1.4, 0.3, -1.1, 0.7, -0.2, 1.8, -0.8];
const X = [1.0, -2.0, 0.5, 3.0, -1.5, 2.5];
const WX = [0.7, 1.2, -0.9, 0.4, -1.3, 0.6];

const weighted = (op: (...xs: tf.Tensor[]) => tf.Tensor, w: readonly number[], shape: [number, number]) => (...xs: tf.Tensor[]) =>
  tf.sum(tf.mul(tf.tensor2d([...w], shape), op(...xs)));
const argmaxAbs = (xs: readonly number[]): number => xs.reduce((best, x, k) => (Math.abs(x) > Math.abs(xs[best]!) ? k : best), 0);
const unravel2 = (flat: number, cols: number): number[] => [Math.floor(flat / cols), flat % cols];

describe.each(MODES)('gradcheck in %s mode', (mode) => {
  it('passes a correct customGrad, input by input', () => {
    const r = gradcheck(weighted(matmul, W, [3, 3]), [tf.tensor2d(A, [3, 3]), tf.tensor2d(B, [3, 3])], { mode, seed: 1, tf });
    expect(r.summary).toMatch(/^gradients match/);
    expect(r.ok).toBe(true);
    expect(r.mode).toBe(mode);
    expect(r.inputs.map((c) => c.verdict)).toEqual(['ok', 'ok']);
    for (const c of r.inputs) expect(c.maxRelErr).toBeLessThanOrEqual(r.tolerance.rtol);
    expect(r.kinks).toEqual([]);
  });

  it('fails a transposed backward, naming an entry where it differs with the true gradient there', () => {
    const r = gradcheck(weighted(matmulTransposed, W, [3, 3]), [tf.tensor2d(A, [3, 3]), tf.tensor2d(B, [3, 3])], { mode, seed: 2 });
    expect(r.ok).toBe(false);
    const [da, db] = r.inputs;
    expect(db!.verdict).toBe('ok');
    expect(da!.verdict).toBe('wrong');
    const truth = matmul3(W, B, true); // dA = W B^T
    const given = matmul3(W, B); // the bug: W B
    const error = truth.map((t, k) => t - given[k]!);
    const [i, j] = da!.worstIndex!;
    const flat = i! * 3 + j!;
    if (mode === 'full') expect([i, j]).toEqual(unravel2(argmaxAbs(error), 3));
    expect(Math.abs(error[flat]!)).toBeGreaterThan(0.5);
    expect(da!.analytical).toBeCloseTo(given[flat]!, 4);
    expect(da!.numerical).toBeCloseTo(truth[flat]!, 1);
    expect(r.summary).toContain(`input 0: tfjs's gradient is wrong at [${i},${j}]`);
  });

  it.each([
    ['a missing factor 2', squareMissingFactor, (w: number, x: number) => w * x],
    ['the wrong sign', squareWrongSign, (w: number, x: number) => -2 * w * x],
  ])('fails %s, naming the worst entry', (_, op, given) => {
    const r = gradcheck(weighted(op, WX, [2, 3]), tf.tensor2d(X, [2, 3]), { mode, seed: 3 });
    const truth = X.map((x, k) => 2 * WX[k]! * x);
    const error = truth.map((t, k) => t - given(WX[k]!, X[k]!));
    const [c] = r.inputs;
    expect(r.ok).toBe(false);
    expect(c!.verdict).toBe('wrong');
    const flat = c!.worstIndex![0]! * 3 + c!.worstIndex![1]!;
    if (mode === 'full') expect(flat).toBe(argmaxAbs(error));
    expect(c!.analytical).toBeCloseTo(given(WX[flat]!, X[flat]!), 4);
    expect(c!.numerical).toBeCloseTo(truth[flat]!, 1);
  });

  it('finds a backward wrong at a single entry', () => {
    for (const flat of [0, 4, 5]) {
      const r = gradcheck(weighted(squareWrongAt([2, 3], flat), WX, [2, 3]), tf.tensor2d(X, [2, 3]), { mode, seed: 4 });
      expect(r.inputs[0]!.verdict).toBe('wrong');
      expect(r.inputs[0]!.worstIndex).toEqual(unravel2(flat, 3));
      expect(r.inputs[0]!.analytical - r.inputs[0]!.numerical).toBeCloseTo(1, 1);
    }
  });

  it('names an entry where the backward gives NaN', () => {
    const nanAt2 = customOp(([x], save) => {
      save([x!]);
      return { value: tf.square(x!), gradFunc: (dy, [sx]) => [tf.where(tf.equal(tf.range(0, 6).reshape([2, 3]), 2), tf.fill([2, 3], NaN), tf.mul(dy, tf.mul(sx!, 2)))] };
    });
    const [c] = gradcheck(weighted(nanAt2, WX, [2, 3]), tf.tensor2d(X, [2, 3]), { mode, seed: 7 }).inputs;
    expect(c!.verdict).toBe('wrong');
    expect(c!.worstIndex).toEqual([0, 2]);
    expect(c!.analytical).toBeNaN();
    expect(c!.numerical).toBeCloseTo(2 * WX[2]! * X[2]!, 1);
  });

  it('throws the failure only with raise: true, carrying the result', () => {
    const f = weighted(squareWrongSign, WX, [2, 3]);
    expect(() => gradcheck(f, tf.tensor2d(X, [2, 3]), { mode, seed: 5 })).not.toThrow();
    let thrown: unknown;
    try {
      gradcheck(f, tf.tensor2d(X, [2, 3]), { mode, seed: 5, raise: true });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GradcheckError);
    expect((thrown as GradcheckError).result?.ok).toBe(false);
    expect((thrown as GradcheckError).message).toMatch(/^gradcheck: input 0: tfjs's gradient is wrong at \[\d,\d\]/);
    expect(() => gradcheck(weighted(square, WX, [2, 3]), tf.tensor2d(X, [2, 3]), { mode, raise: true })).not.toThrow();
  });

  it('checks the gradient of a vector output through random projections u (the seed replays them)', () => {
    const x = tf.tensor2d(X, [2, 3]);
    const first = gradcheck(square, x, { mode, seed: 6 });
    const again = gradcheck(square, x, { mode, seed: 6 });
    expect(first.ok).toBe(true);
    expect(again.inputs).toEqual(first.inputs);
    expect(gradcheck(squareMissingFactor, x, { mode, seed: 6 }).ok).toBe(false);
  });
});

describe('gradcheck modes and cost', () => {
  it('auto picks full for small inputs and fast above 2,000 entries', () => {
    expect(gradcheck(square, tf.ones([10, 10]), { seed: 1 }).mode).toBe('full');
    expect(gradcheck(square, tf.ones([50, 50]), { seed: 1 }).mode).toBe('fast');
  });

  it('fast mode costs the same few evaluations whatever the size; full mode 2 per entry where f is straight, at most 6', () => {
    // f at the inputs, tf.grads, 4 for the projection, 2 more where its one-sided slopes differ.
    for (const n of [10, 100000]) {
      const r = gradcheck(square, tf.randomNormal([n], 0, 1, 'float32', 1), { mode: 'fast', seed: 1 });
      expect(r.ok).toBe(true);
      expect(r.forwardEvaluations).toBeLessThanOrEqual(8);
    }
    const full = gradcheck(square, tf.randomNormal([10], 0, 1, 'float32', 1), { mode: 'full', seed: 1 });
    expect(full.forwardEvaluations).toBeGreaterThanOrEqual(2 * 10);
    expect(full.forwardEvaluations).toBeLessThanOrEqual(6 * 10 + 2);
    // f at the inputs and tf.grads, then a central difference per entry: no Richardson step where it is straight.
    const linear = gradcheck((x) => tf.mul(x, 3), tf.randomNormal([10], 0, 1, 'float32', 1), { mode: 'full', seed: 1 });
    expect(linear.forwardEvaluations).toBe(2 + 2 * 10);
  });

  it('still finds one wrong entry among 100,000 in fast mode', () => {
    // One projection resolves an error down to rtol * |u^T J v|, about 1 here (it grows like sqrt(n)); 100 is well above.
    const shape = [100, 1000];
    const flat = 54321;
    const r = gradcheck(squareWrongAt(shape, flat, 100), tf.randomNormal(shape, 0, 1, 'float32', 2), { mode: 'fast', seed: 2 });
    expect(r.ok).toBe(false);
    expect(r.inputs[0]!.worstIndex).toEqual([54, 321]);
  });
});
