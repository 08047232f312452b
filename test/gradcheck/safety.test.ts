// gradcheck never changes the caller's tensors, catches a function that
// changes or disposes its inputs, and answers misuse with one clear line.
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GradcheckError, gradcheck, type GradcheckOptions } from '../../src/index.js';
import { ROOT } from '../helpers/fixtures.js';
import { square } from './ops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const X = [1.0, -2.0, 0.5, 3.0];

describe('inputs', () => {
  it('leaves the caller’s tensors as they were, in both modes', () => {
    for (const mode of ['full', 'fast'] as const) {
      const x = tf.tensor2d(X, [2, 2]);
      const before = Array.from(x.dataSync());
      gradcheck(square, x, { mode, seed: 1 });
      expect(x.isDisposed).toBe(false);
      expect(Array.from(x.dataSync())).toEqual(before);
    }
  });

  it('reports a function that writes into its input, and stops there', () => {
    const x = tf.tensor2d(X, [2, 2]);
    const sneaky = (t: tf.Tensor) => {
      const y = tf.square(t);
      (t.dataSync() as Float32Array)[3] = 0;
      return y;
    };
    const r = gradcheck(sneaky, x, { seed: 1 });
    expect(r.ok).toBe(false);
    expect(r.mutation).toMatch(/^f changed its input 0 at \[1,1\] from 3 to 0; gradcheck evaluates f many times/);
    expect(r.summary).toBe(r.mutation);
    expect(r.inputs).toEqual([]);
    expect(Array.from(x.dataSync())).toEqual(X);
    expect(() => gradcheck(sneaky, x, { seed: 1, raise: true })).toThrow(/^gradcheck: f changed its input 0/);
  });

  it('reports a function that disposes its input', () => {
    const disposing = (t: tf.Tensor) => {
      const y = tf.square(t);
      t.dispose();
      return y;
    };
    const r = gradcheck(disposing, tf.tensor1d(X), { seed: 1 });
    expect(r.ok).toBe(false);
    expect(r.mutation).toMatch(/^f disposed its input 0/);
  });
});

describe('misuse is one line, thrown as GradcheckError', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['f not a function', () => gradcheck(42 as never, tf.tensor1d(X)), /^gradcheck: f must be a function of tensors returning a tensor, got number$/],
    ['no inputs', () => gradcheck(square, []), /^gradcheck: no inputs; pass a tensor or an array of tensors$/],
    ['an array for a tensor', () => gradcheck(square, [[1, 2]] as never), /^gradcheck: input 0 is not a tensor \(got an array\)$/],
    ['only int32 inputs', () => gradcheck(square, tf.tensor1d([1, 2], 'int32')), /^gradcheck: no float32 input to differentiate \(int32 and bool inputs are passed through\)$/],
    ['a complex input', () => gradcheck(square, tf.complex([1], [2])), /^gradcheck: input 0 has dtype complex64; inputs are float32 \(differentiated\), int32 or bool \(passed through\)$/],
    ['a NaN input', () => gradcheck(square, tf.tensor1d([1, NaN])), /^gradcheck: input 0 is NaN at \[1\]$/],
    ['f returning an array of numbers', () => gradcheck(((t: tf.Tensor) => [1, t]) as never, tf.tensor1d(X)), /^gradcheck: f must return a tensor or an array of tensors, got an array$/],
    ['f returning only integers', () => gradcheck((t: tf.Tensor) => tf.argMax(t), tf.tensor1d(X)), /^gradcheck: f returns dtype int32; gradients exist for float32 outputs only$/],
    ['f infinite at the inputs', () => gradcheck((t: tf.Tensor) => tf.div(1, t), tf.tensor1d([0, 1])), /^gradcheck: f\(inputs\) is Infinity at \[0\]; check f at finite values$/],
    ['an unknown mode', () => gradcheck(square, tf.tensor1d(X), { mode: 'quick' } as unknown as GradcheckOptions), /^gradcheck: mode must be one of full, fast, auto, got "quick"$/],
    ['a negative rtol', () => gradcheck(square, tf.tensor1d(X), { rtol: -1 }), /^gradcheck: rtol must be a positive number, got -1$/],
    ['a tf that is not tfjs', () => gradcheck(square, tf.tensor1d(X), { tf: {} as never }), /^gradcheck: options.tf is not a TensorFlow.js namespace/],
    ['a time limit of 0', () => gradcheck(square, tf.tensor1d(X), { timeLimit: 0 }), /^gradcheck: timeLimit must be a positive number of milliseconds, got 0$/],
  ];
  it.each(cases)('%s', (_, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GradcheckError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('says how to fix tfjs-core loaded alone, which registers no gradients', () => {
    const script = `
      import * as core from '@tensorflow/tfjs-core';
      import '@tensorflow/tfjs-backend-cpu';
      import { gradcheck } from './src/gradcheck/gradcheck.ts';
      await core.setBackend('cpu');
      try { gradcheck((x) => core.square(x), core.tensor([1, 2]), { tf: core }); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(out.trim().split('\n').at(-1)).toBe(
      "GradcheckError: gradcheck: tfjs has no gradient registered for Square; under Node import '@tensorflow/tfjs' (the union package registers gradients), not '@tensorflow/tfjs-core' alone",
    );
  });
});
