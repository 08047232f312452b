// What gradcheck used to let through or give up on: a tie judged entry by
// entry, a small gradient under a fixed atol, errors thrown out of the call,
// a case that throws or hangs inside checkProperty, integer arguments, and
// functions of several outputs. The true values are computed here.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkProperty, gradcheck, inputsArbitrary } from '../../src/index.js';
import { customOp, square, squareMissingFactor } from './ops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A customGrad with a fixed backward, for the subgradients chosen at a tie. */
const withBackward = (forward: (x: tf.Tensor) => tf.Tensor, backward: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor) =>
  customOp(([x], save) => {
    save([x!]);
    return { value: forward(x!), gradFunc: (dy, [sx]) => [backward(dy, sx!)] };
  });

describe('ties are judged as a whole', () => {
  it("fails tfjs's max at [2,2,2]: [1,1,1] claims slope 3 along [1,1,1], where max rises with slope 1", () => {
    for (const mode of ['full', 'fast'] as const) {
      const r = gradcheck((x) => tf.max(x), tf.tensor1d([2, 2, 2]), { mode, seed: 1 });
      expect(r.ok).toBe(false);
      const tie = r.ties.find((t) => !t.subgradient)!;
      expect(tie.indices).toEqual([[0], [1], [2]]);
      expect(tie.analytical).toBeCloseTo(tie.direction.reduce((a, b) => a + b, 0), 5);
      expect(r.summary).toMatch(/^input 0: tfjs's gradient is no subgradient at the tie \[0\] \[1\] \[2\]: along \[/);
    }
  });

  it('accepts a subgradient of the tie: [1/3,1/3,1/3] and [1,0,0]', () => {
    for (const g of [[1 / 3, 1 / 3, 1 / 3], [1, 0, 0]]) {
      const max = withBackward((x) => tf.max(x), (dy) => tf.mul(dy, tf.tensor1d(g)));
      const r = gradcheck(max, tf.tensor1d([2, 2, 2]), { mode: 'full', seed: 1 });
      expect(r.ok).toBe(true);
      expect(r.ties).toHaveLength(1);
      expect(r.ties[0]!.subgradient).toBe(true);
    }
  });

  it('does not couple separate kinks: relu at several zeros under a cotangent of mixed signs', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = gradcheck(tf.relu, tf.tensor1d([0, 0, 0, 0, 1]), { mode: 'full', seed });
      expect(r.ok).toBe(true);
      expect(r.kinks).toHaveLength(4);
      expect(r.ties).toEqual([]);
    }
  });
});

describe('the absolute tolerance comes from what the finite differences resolve', () => {
  // f = 1e-4 * sum(x^2) / 2: its gradient, 1e-4 * x, is about 1e-4; a fixed atol of 2e-3 let 3e-4 * x pass.
  const f = (x: tf.Tensor) => tf.mul(1e-4 / 2, tf.sum(tf.square(x)));
  const x = () => tf.tensor1d([0.5, -1.2, 2.0, 0.7]);
  it('catches a gradient three times too large', () => {
    const tooLarge = withBackward(f, (dy, s) => tf.mul(dy, tf.mul(3e-4, s)));
    for (const mode of ['full', 'fast'] as const) {
      const r = gradcheck(tooLarge, x(), { mode, seed: 1 });
      expect(r.ok).toBe(false);
      expect(r.inputs[0]!.atol).toBeLessThan(1e-6);
    }
    const full = gradcheck(tooLarge, x(), { mode: 'full', seed: 1 });
    expect(full.inputs[0]!.worstIndex).toEqual([2]);
    expect(full.inputs[0]!.analytical).toBeCloseTo(6e-4, 9);
    expect(full.inputs[0]!.numerical).toBeCloseTo(2e-4, 7);
  });
  it('passes the right one, and a caller may still fix atol', () => {
    const right = withBackward(f, (dy, s) => tf.mul(dy, tf.mul(1e-4, s)));
    expect(gradcheck(right, x(), { mode: 'full', seed: 1 }).ok).toBe(true);
    const tooLarge = withBackward(f, (dy, s) => tf.mul(dy, tf.mul(3e-4, s)));
    expect(gradcheck(tooLarge, x(), { mode: 'full', seed: 1, atol: 2e-3 }).ok).toBe(true);
  });
});

describe('errors are verdicts', () => {
  it('returns a forward that throws with its message', () => {
    const r = gradcheck(() => {
      throw new Error('kernel exploded');
    }, tf.tensor1d([1, 2]));
    expect(r.ok).toBe(false);
    expect(r.failure).toEqual({ kind: 'throws', message: 'f threw: kernel exploded' });
  });
  it('names the kernel that has no gradient', () => {
    const r = gradcheck((x) => tf.cumprod(x), tf.tensor1d([1, 2, 3]));
    expect(r.failure).toEqual({ kind: 'no-gradient', message: 'tfjs registers no gradient for the kernel Cumprod' });
    expect(r.summary).not.toMatch(/import/);
  });
  it('says what it saw when the tape has no path from an input: a zero gradient where finite differences see a slope', () => {
    // b reaches the output through its values, off the tape: its true gradient is 1 everywhere.
    const offTape = (a: tf.Tensor, b: tf.Tensor) => tf.add(a, tf.tensor(b.dataSync(), b.shape));
    const r = gradcheck(offTape, [tf.tensor1d([1, 2]), tf.tensor1d([3, 4])], { mode: 'full', seed: 1 });
    expect(r.ok).toBe(false);
    expect(r.inputs[1]).toMatchObject({ input: 1, verdict: 'wrong', missing: true, analytical: 0 });
    expect(Math.abs(r.inputs[1]!.numerical)).toBeGreaterThan(0.4);
    expect(r.summary).toMatch(/^input 1: tfjs's gradient is wrong at \[\d\]: tfjs gives 0, finite differences .* \(tfjs returned no gradient for it: its tape has no path from this input, so it counts as 0\)/);
  });
  it('passes an input the output truly ignores (its zero gradient is right)', () => {
    const r = gradcheck((a: tf.Tensor) => tf.square(a), [tf.tensor1d([1, 2]), tf.tensor1d([3, 4])], { mode: 'full', seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.inputs[1]!.missing).toBe(true);
  });
});

describe('checkProperty has a defence', () => {
  it('shrinks a case that throws, to the smallest size that throws', () => {
    const fragile = (x: tf.Tensor) => {
      if (x.size >= 3) throw new Error(`too big: ${x.size}`);
      return tf.square(x);
    };
    const r = checkProperty(fragile, inputsArbitrary([['N']], { sizes: { N: [1, 6] } }), { runs: 30, seed: 4 });
    expect(r.ok).toBe(false);
    expect(r.counterexample!.shapes).toEqual([[3]]);
    expect(r.counterexample!.result!.failure).toEqual({ kind: 'throws', message: 'f threw: too big: 3' });
    expect(r.summary).toMatch(/shrunk \d+ times to shapes \[3\]: f threw: too big: 3; replay with seed 4$/);
  });
  it('ends a case that runs past its time limit, reports it as hanging, and shrinks it', () => {
    const slowFromTwo = (x: tf.Tensor) => {
      const until = Date.now() + (x.size >= 2 ? 40 : 0);
      while (Date.now() < until);
      return tf.square(x);
    };
    const r = checkProperty(slowFromTwo, inputsArbitrary([['N']], { sizes: { N: [1, 4] } }), { runs: 10, seed: 2, timeLimit: 100 });
    expect(r.ok).toBe(false);
    expect(r.counterexample!.shapes).toEqual([[2]]);
    expect(r.counterexample!.result!.failure!.kind).toBe('hangs');
    expect(r.counterexample!.result!.forwardEvaluations).toBeLessThan(8);
  });
});

describe('integer arguments and several outputs', () => {
  it('passes an int32 index through to gather and differentiates only x', () => {
    const r = gradcheck((x, idx) => tf.gather(x, idx), [tf.tensor1d([0.5, -1, 2]), tf.tensor1d([2, 0, 2], 'int32')], { mode: 'full', seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.inputs.map((c) => c.input)).toEqual([0]);
    // Entry 2 is gathered twice: its gradient is u[0] + u[2].
    const u = r.inputs[0]!.values.numerical;
    expect(u[1]).toBeCloseTo(r.inputs[0]!.values.analytical[1]!, 3);
  });
  it('draws indices within a named dimension, and catches a scatter that drops repeated indices', () => {
    const arb = inputsArbitrary([['N'], ['K']], { sizes: { N: [1, 4], K: [1, 4] }, domains: ['normal', 'index(N)'] });
    const right = checkProperty((x, idx) => tf.gather(x, idx), arb, { runs: 30, seed: 1 });
    expect(right.ok).toBe(true);
    // A gather whose backward writes each index's cotangent once instead of adding repeats.
    const lossy = customOp(([x, idx], save) => {
      save([idx!]);
      const n = x!.shape[0]!;
      return {
        value: tf.gather(x!, idx!),
        gradFunc: (dy, [i]) => [tf.max(tf.mul(tf.oneHot(i as tf.Tensor1D, n).transpose(), tf.reshape(dy, [1, -1])), 1), tf.zerosLike(i!)],
      };
    });
    const wrong = checkProperty(lossy, arb, { runs: 50, seed: 1 });
    expect(wrong.ok).toBe(false);
    const [x, idx] = wrong.counterexample!.inputs as [number[], number[]];
    expect(idx.every((i) => Number.isInteger(i) && i >= 0 && i < x.length)).toBe(true);
  });
  it('projects each output on its own cotangent, and ignores integer outputs', () => {
    const x = tf.tensor1d([0.5, -1.2, 2.0]);
    expect(gradcheck((t) => [tf.sin(t), tf.cos(t)], x, { mode: 'full', seed: 1 }).ok).toBe(true);
    expect(gradcheck((t) => { const { values, indices } = tf.topk(t, 2); return [values, indices]; }, x, { seed: 1 }).failure?.kind).toBe('no-gradient');
    const secondWrong = gradcheck((t) => [square(t), squareMissingFactor(t)], x, { mode: 'full', seed: 1 });
    expect(secondWrong.ok).toBe(false);
    // d/dx of <u0, x^2> + <u1, x^2> claimed as 2 u0 x + u1 x: the check has both cotangents.
    const { analytical, numerical } = secondWrong.inputs[0]!.values;
    expect(analytical.some((a, k) => Math.abs(a - numerical[k]!) > 0.05)).toBe(true);
  });
});

describe('the result can be checked and replayed elsewhere', () => {
  it('keeps every entry (full), the projection (fast), the backend and the tfjs version', () => {
    const x = tf.tensor1d([0.5, -1.2, 2.0]);
    const full = gradcheck(square, x, { mode: 'full', seed: 1 });
    expect(full.inputs[0]!.values.analytical).toHaveLength(3);
    full.inputs[0]!.values.numerical.forEach((n, k) => expect(n).toBeCloseTo(full.inputs[0]!.values.analytical[k]!, 3));
    expect(full).toMatchObject({ backend: 'cpu', tfjsVersion: tf.version_core });
    const fast = gradcheck(square, x, { mode: 'fast', seed: 1 });
    expect(fast.inputs[0]!.values.analytical).toEqual([fast.inputs[0]!.analytical]);
  });
  it('auto says what it chose and why', () => {
    expect(gradcheck(square, tf.tensor1d([1, 2]), { seed: 1 }).modeReason).toMatch(/^auto: full, 2 entries, about 8 evaluations of f at/);
    const big = gradcheck((t) => tf.softmax(t), tf.randomNormal([64, 64], 0, 1, 'float32', 1), { seed: 1 });
    expect(big.mode).toBe('fast');
    expect(big.modeReason).toMatch(/^auto: fast, as full mode would check 4096 entries, about 16384 evaluations/);
    expect(gradcheck(square, tf.tensor1d([1, 2]), { mode: 'full', seed: 1 }).modeReason).toBe('full mode was asked for');
  });
});
