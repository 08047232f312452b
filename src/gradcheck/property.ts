// checkProperty: gradcheck over fast-check generated inputs. A failure of
// any kind (a wrong gradient, f or its backward throwing, a case running
// past its time limit, misuse such as a shape that depends on the values) is
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
  /** Also fail a case where tfjs's value at a kink lies outside the one-sided slopes (default: such cases pass, unjudged). */
  readonly failAtKinks?: boolean;
}

export interface CheckPropertyResult {
  readonly ok: boolean;
  readonly cases: number;
  /** Replays the run: the same seed draws the same inputs and the same projections. */
  readonly seed: number;
  readonly shrinks: number;
  /** The largest maxRelErr of any input in any case run, shrinking included. */
  readonly maxRelErr: number;
  /**
   * The shrunk failing inputs (nested arrays) and gradcheck's result there,
   * or, when gradcheck itself refused the case (misuse), its message.
   */
  readonly counterexample: {
    readonly shapes: readonly (readonly number[])[];
    readonly dtypes: readonly ('float32' | 'int32' | 'bool')[];
    readonly inputs: readonly unknown[];
    readonly result: GradcheckResult | null;
    readonly error: string | null;
  } | null;
  readonly summary: string;
}

export const DEFAULT_PROPERTY_RUNS = 100;
/** Each case's time limit unless options.timeLimit says otherwise, in milliseconds. */
export const DEFAULT_CASE_LIMIT_MS = 10_000;

export function checkProperty(f: TensorFunction, inputs: fc.Arbitrary<readonly TensorValue[]>, options: CheckPropertyOptions = {}): CheckPropertyResult {
  if (options.runs !== undefined && !(Number.isInteger(options.runs) && options.runs >= 1)) throw new GradcheckError(`checkProperty: runs must be a positive integer, got ${options.runs}`);
  const tf = resolveTfjs(options.tf);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  let maxRelErr = 0;
  const check = (values: readonly TensorValue[]): GradcheckResult => {
    const tensors = values.map((v) => tf.tensor(Array.from(v.values), [...v.shape], v.dtype ?? 'float32'));
    try {
      const result = gradcheck(f, tensors, { timeLimit: DEFAULT_CASE_LIMIT_MS, ...options, tf, seed, raise: false });
      for (const c of result.inputs) maxRelErr = Math.max(maxRelErr, c.maxRelErr);
      return result;
    } finally {
      tensors.forEach((t) => t.dispose());
    }
  };
  const passes = (r: GradcheckResult): boolean => r.ok && (options.failAtKinks !== true || r.kinks.every((k) => k.subgradient));
  const run = fc.check(
    fc.property(inputs, (values) => passes(check(values))),
    { numRuns: options.runs ?? DEFAULT_PROPERTY_RUNS, seed },
  );
  if (!run.failed) return { ok: true, cases: run.numRuns, seed, shrinks: 0, maxRelErr, counterexample: null, summary: `gradients match in ${run.numRuns} cases (seed ${seed})` };
  if (run.counterexample === null) throw run.errorInstance;
  const [values] = run.counterexample;
  const outcome = replay(() => check(values));
  const shapes = values.map((v) => [...v.shape]);
  const nested = values.map((v) => toNested({ shape: v.shape, data: Float64Array.from(v.values) }));
  const shapesText = shapes.map((s) => `[${s.join(', ')}]`).join(', ');
  const summary = `fails after ${run.numRuns} case${run.numRuns === 1 ? '' : 's'}, shrunk ${run.numShrinks} times to shapes ${shapesText}: ${outcome.result?.summary ?? outcome.error}; replay with seed ${seed}`;
  const result = { ok: false, cases: run.numRuns, seed, shrinks: run.numShrinks, maxRelErr, counterexample: { shapes, dtypes: values.map((v) => v.dtype ?? 'float32'), inputs: nested, ...outcome }, summary };
  if (options.raise === true) throw new GradcheckError(`checkProperty: ${summary}`, outcome.result ?? undefined);
  return result;
}

/** The shrunk case run again: gradcheck's result, or the misuse it reported there. */
function replay(check: () => GradcheckResult): { result: GradcheckResult | null; error: string | null } {
  try {
    return { result: check(), error: null };
  } catch (err) {
    if (!(err instanceof GradcheckError)) throw err;
    return { result: null, error: err.message };
  }
}
