// gradcheck for TensorFlow.js: the gradients tfjs computes for f (tf.grads,
// so a tf.customGrad backward is what gets checked) against central
// differences of f evaluated in float32 by tfjs itself.
import type { Tolerance } from '../numeric/compare.js';
import { seededRandom } from '../numeric/direction.js';
import { FLOAT32 } from '../numeric/finite-diff.js';
import { AUTO_FAST_ENTRIES, entrySlopes } from '../numeric/projection.js';
import { unravel } from '../numeric/tensor.js';
import { checkFast } from './fast-mode.js';
import { checkFull } from './full-mode.js';
import { settle, type GradcheckOptions } from './options.js';
import { GradcheckError, summarize, type GradcheckMode, type GradcheckResult, type InputCheck, type Kink } from './result.js';
import { MutationError, Subject, type TensorFunction } from './subject.js';
import { resolveTfjs, type Tensor } from './tfjs.js';

/**
 * Checks the gradient tfjs computes for `f` at `inputs` (a tensor or an array
 * of tensors, f's arguments in order). Returns the verdict; throws only for
 * misuse, or when the check fails and `raise` is set. The inputs are never
 * modified and never passed to f (it gets copies).
 */
export function gradcheck(f: TensorFunction, inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const settings = settle(options);
  const subject = new Subject(resolveTfjs(options.tf), f, Array.isArray(inputs) ? inputs : [inputs]);
  const entries = subject.data.reduce((n, d) => n + d.length, 0);
  const mode: GradcheckMode = settings.mode === 'auto' ? (entries > AUTO_FAST_ENTRIES ? 'fast' : 'full') : settings.mode;
  const random = seededRandom(settings.seed);
  const checks: InputCheck[] = [];
  const kinks: Kink[] = [];
  let mutation: string | null = null;
  try {
    subject.prepare(random);
    subject.gradients().forEach((analytical, input) => {
      const r = checkInput(subject, input, analytical, mode, settings.tolerance, random);
      checks.push(r.check);
      kinks.push(...r.kinks);
    });
  } catch (err) {
    if (!(err instanceof MutationError)) throw err;
    mutation = err.message;
  }
  const partial = { mode, inputs: checks, kinks, mutation, forwardEvaluations: subject.evaluations, seed: settings.seed, tolerance: settings.tolerance };
  const result: GradcheckResult = { ...partial, ok: mutation === null && checks.every((c) => c.verdict !== 'wrong'), summary: summarize(partial) };
  if (settings.raise && !result.ok) throw new GradcheckError(`gradcheck: ${result.summary}`, result);
  return result;
}

function checkInput(subject: Subject, input: number, analytical: Float64Array, mode: GradcheckMode, tol: Tolerance, random: () => number): { check: InputCheck; kinks: Kink[] } {
  const bad = analytical.findIndex((g) => !Number.isFinite(g));
  if (bad < 0) return mode === 'full' ? checkFull(subject, input, analytical, tol) : checkFast(subject, input, analytical, tol, random);
  // A NaN or infinite gradient entry is wrong whatever f does there; only the number to show is computed.
  const numerical = entrySlopes(subject.data[input]!, bad, () => subject.phi(), { precision: FLOAT32, f0: subject.phi0 }).value;
  const check = { input, verdict: 'wrong', maxAbsErr: Infinity, maxRelErr: Infinity, worstIndex: unravel(bad, subject.shapes[input]!), numerical, analytical: analytical[bad]! } as const;
  return { check, kinks: [] };
}
