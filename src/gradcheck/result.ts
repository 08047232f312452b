// What gradcheck returns, and the error it throws.
import type { Tolerance } from '../numeric/compare.js';

export type GradcheckMode = 'full' | 'fast';

export interface InputCheck {
  /** Position of the input in the inputs passed to gradcheck. */
  readonly input: number;
  /**
   * ok; wrong (tfjs's gradient differs where f is differentiable); or
   * not-differentiable (it differs only at kinks, where no gradient exists
   * to compare with: move the point, or accept the subgradient tfjs chose).
   */
  readonly verdict: 'ok' | 'wrong' | 'not-differentiable';
  /** Full mode: over every entry. Fast mode: of the projection u^T J v. */
  readonly maxAbsErr: number;
  /** maxAbsErr over atol/rtol + max|gradient| (fast mode: + |u^T J v|): the check passes when it is at most rtol. */
  readonly maxRelErr: number;
  /** The entry that fails by the widest margin (full mode), or that bisection found (fast mode); null when fast mode passes. */
  readonly worstIndex: readonly number[] | null;
  /** Finite differences and tfjs's gradient at worstIndex (of the projection when worstIndex is null). */
  readonly numerical: number;
  readonly analytical: number;
}

/** A point where f is not differentiable along an input's entry: the one-sided slopes differ. */
export interface Kink {
  readonly input: number;
  readonly index: readonly number[];
  readonly lowerSlope: number;
  readonly upperSlope: number;
  /** tfjs's gradient there. */
  readonly analytical: number;
  /** Whether it lies between the one-sided slopes (within the tolerance): a valid subgradient. */
  readonly subgradient: boolean;
}

export interface GradcheckResult {
  /** No input's gradient is wrong and f did not change its inputs. Kinks do not count against it. */
  readonly ok: boolean;
  readonly mode: GradcheckMode;
  readonly inputs: readonly InputCheck[];
  readonly kinks: readonly Kink[];
  /** Set when f changed or disposed a tensor it was given; the check stops there. */
  readonly mutation: string | null;
  /** Evaluations of f, the one inside tf.grads included. */
  readonly forwardEvaluations: number;
  /** Replays the random projections u (and v, in fast mode). */
  readonly seed: number;
  readonly tolerance: Tolerance;
  /** One line: what is wrong, or that the gradients match. */
  readonly summary: string;
}

/** Thrown for misuse (always) and for a failed check when `raise: true` (then `result` is set). */
export class GradcheckError extends Error {
  constructor(
    message: string,
    readonly result?: GradcheckResult,
  ) {
    super(message);
    this.name = 'GradcheckError';
  }
}

const fmt = (x: number): string => Number(x.toPrecision(6)).toString();
const at = (index: readonly number[]): string => `[${index.join(',')}]`;

export function summarize(r: Omit<GradcheckResult, 'summary' | 'ok'>): string {
  if (r.mutation !== null) return r.mutation;
  const wrong = r.inputs.find((c) => c.verdict === 'wrong');
  if (wrong !== undefined) {
    const where = wrong.worstIndex === null ? 'along a random direction (u^T J v)' : `at ${at(wrong.worstIndex)}`;
    return `input ${wrong.input}: tfjs's gradient is wrong ${where}: tfjs gives ${fmt(wrong.analytical)}, finite differences ${fmt(wrong.numerical)} (${r.mode} mode, seed ${r.seed})`;
  }
  const kinks = r.kinks.length === 0 ? '' : `; f is not differentiable at ${r.kinks.length} point${r.kinks.length === 1 ? '' : 's'} (first: input ${r.kinks[0]!.input} ${at(r.kinks[0]!.index)})`;
  const unjudged = r.inputs.find((c) => c.verdict === 'not-differentiable');
  if (unjudged !== undefined) return `input ${unjudged.input}: not differentiable here, so not judged${kinks}`;
  return `gradients match (${r.mode} mode, ${r.forwardEvaluations} evaluations of f)${kinks}`;
}
