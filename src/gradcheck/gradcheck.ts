// gradcheck for TensorFlow.js: the gradients tfjs computes for f (its tape,
// so a tf.customGrad backward is what gets checked) against central
// differences of f evaluated in float32 by tfjs itself.
import type { Tolerance } from '../numeric/compare.js';
import { seededRandom } from '../numeric/direction.js';
import { entrySlopes } from '../numeric/projection.js';
import { unravel } from '../numeric/tensor.js';
import { checkFast } from './fast-mode.js';
import { checkFull } from './full-mode.js';
import { chooseMode } from './mode.js';
import { resolvedAtol, settle, type GradcheckOptions } from './options.js';
import { GradcheckError, SubjectFailure, summarize, type Failure, type GradcheckMode, type GradcheckResult, type InputCheck, type Kink, type Tie } from './result.js';
import { MutationError, Subject, type TensorFunction } from './subject.js';
import { resolveTfjs, tfjsVersion, type Tensor } from './tfjs.js';

/**
 * Checks the gradient tfjs computes for `f` at `inputs` (a tensor or an array
 * of tensors, f's arguments in order: float32 ones are differentiated, int32
 * and bool ones passed through). Returns the verdict, also when f or its
 * backward throws or time runs out; throws only for misuse, or when the
 * check fails and `raise` is set. The inputs are never modified and never
 * passed to f (it gets copies).
 */
export function gradcheck(f: TensorFunction, inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const settings = settle(options);
  const tf = resolveTfjs(options.tf);
  const subject = new Subject(tf, f, Array.isArray(inputs) ? inputs : [inputs], settings.timeLimit);
  const random = seededRandom(settings.seed);
  const checks: InputCheck[] = [];
  const kinks: Kink[] = [];
  const ties: Tie[] = [];
  let mutation: string | null = null;
  let failure: Failure | null = null;
  let chosen: { mode: GradcheckMode; reason: string } = { mode: settings.mode === 'auto' ? 'full' : settings.mode, reason: `${settings.mode} mode was asked for` };
  let tolerance: Tolerance = { rtol: settings.rtol, atol: settings.atol ?? NaN };
  try {
    subject.prepare(random);
    tolerance = { rtol: settings.rtol, atol: settings.atol ?? resolvedAtol(subject.phiScale) };
    if (settings.mode === 'auto') chosen = chooseMode(subject);
    const { grads, missing } = subject.gradients();
    for (const [input, analytical] of grads) {
      const r = checkInput(subject, input, analytical, chosen.mode, tolerance, random);
      checks.push({ ...r.check, missing: missing.includes(input) });
      kinks.push(...r.kinks);
      ties.push(...r.ties);
    }
  } catch (err) {
    if (err instanceof MutationError) mutation = err.message;
    else if (err instanceof SubjectFailure) failure = { kind: err.kind, message: err.message };
    else if (err instanceof GradcheckError) throw err;
    // Anything else went wrong inside tfjs (making a tensor, reading one): a verdict too.
    else failure = { kind: 'throws', message: `tfjs threw: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` };
  }
  const partial = {
    mode: chosen.mode,
    modeReason: chosen.reason,
    inputs: checks,
    kinks,
    ties,
    mutation,
    failure,
    forwardEvaluations: subject.evaluations,
    seed: settings.seed,
    cotangents: subject.cotangents(),
    returnsArray: subject.returnsArray,
    tolerance,
    backend: tf.getBackend(),
    tfjsVersion: tfjsVersion(tf),
  };
  const ok = mutation === null && failure === null && checks.every((c) => c.verdict !== 'wrong');
  const result: GradcheckResult = { ...partial, ok, summary: summarize(partial) };
  if (settings.raise && !result.ok) throw new GradcheckError(`gradcheck: ${result.summary}`, result);
  return result;
}

type Checked = { check: Omit<InputCheck, 'missing'>; kinks: Kink[]; ties: Tie[] };

function checkInput(subject: Subject, input: number, analytical: Float64Array, mode: GradcheckMode, tol: Tolerance, random: () => number): Checked {
  const bad = analytical.findIndex((g) => !Number.isFinite(g));
  if (bad < 0) return mode === 'full' ? checkFull(subject, input, analytical, tol, random) : checkFast(subject, input, analytical, tol, random);
  // A NaN or infinite gradient entry is wrong whatever f does there; only the number to show is computed.
  const numerical = entrySlopes(subject.values(input), bad, () => subject.phi(), { precision: subject.precision, f0: subject.phi0 }).value;
  const values = { analytical: Array.from(analytical), numerical: [] };
  const check = { input, verdict: 'wrong', maxAbsErr: Infinity, maxRelErr: Infinity, worstIndex: unravel(bad, subject.shapes[input]!), numerical, analytical: analytical[bad]!, atol: tol.atol, values } as const;
  return { check, kinks: [], ties: [] };
}
