// checkProperty: gradcheck over fast-check generated inputs. A failure is
// shrunk to the smallest shapes and simplest values, and the seed replays it.
import fc from 'fast-check';
import { toNested } from '../numeric/tensor.js';
import type { TensorValue } from './arbitraries.js';
import { gradcheck } from './gradcheck.js';
import type { GradcheckOptions } from './options.js';
import { GradcheckError, type GradcheckResult } from './result.js';
import type { TensorFunction } from './subject.js';
import { resolveTfjs } from './tfjs.js';

export interface CheckPropertyOptions extends GradcheckOptions {
  /** Cases to try; default 100. */
  readonly runs?: number;
}

export interface CheckPropertyResult {
  readonly ok: boolean;
  readonly cases: number;
  /** Replays the run: the same seed draws the same inputs and the same projections. */
  readonly seed: number;
  readonly shrinks: number;
  /** The shrunk failing inputs (nested arrays) and gradcheck's result there. */
  readonly counterexample: { readonly shapes: readonly (readonly number[])[]; readonly inputs: readonly unknown[]; readonly result: GradcheckResult } | null;
  readonly summary: string;
}

export const DEFAULT_PROPERTY_RUNS = 100;

export function checkProperty(f: TensorFunction, inputs: fc.Arbitrary<readonly TensorValue[]>, options: CheckPropertyOptions = {}): CheckPropertyResult {
  if (options.runs !== undefined && !(Number.isInteger(options.runs) && options.runs >= 1)) throw new GradcheckError(`checkProperty: runs must be a positive integer, got ${options.runs}`);
  const tf = resolveTfjs(options.tf);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const check = (values: readonly TensorValue[]): GradcheckResult => {
    const tensors = values.map((v) => tf.tensor(Float32Array.from(v.values), [...v.shape], 'float32'));
    try {
      return gradcheck(f, tensors, { ...options, tf, seed, raise: false });
    } finally {
      tensors.forEach((t) => t.dispose());
    }
  };
  const run = fc.check(
    fc.property(inputs, (values) => check(values).ok),
    { numRuns: options.runs ?? DEFAULT_PROPERTY_RUNS, seed },
  );
  if (!run.failed) return { ok: true, cases: run.numRuns, seed, shrinks: 0, counterexample: null, summary: `gradients match in ${run.numRuns} cases (seed ${seed})` };
  if (run.counterexample === null) throw run.errorInstance;
  const [values] = run.counterexample;
  const result = check(values);
  const shapes = values.map((v) => [...v.shape]);
  const counterexample = { shapes, inputs: values.map((v) => toNested({ shape: v.shape, data: Float64Array.from(v.values) })), result };
  const shapesText = shapes.map((s) => `[${s.join(', ')}]`).join(', ');
  const summary = `fails after ${run.numRuns} case${run.numRuns === 1 ? '' : 's'}, shrunk ${run.numShrinks} times to shapes ${shapesText}: ${result.summary}; replay with seed ${seed}`;
  const outcome = { ok: false, cases: run.numRuns, seed, shrinks: run.numShrinks, counterexample, summary };
  if (options.raise === true) throw new GradcheckError(`checkProperty: ${summary}`, result);
  return outcome;
}
