// What gradcheck returns, and the error it throws.
import type { Tolerance } from '../numeric/compare.js';

export type GradcheckMode = 'full' | 'fast';

export interface InputCheck {
  /** Position of the input in the inputs passed to gradcheck. */
  readonly input: number;
  /**
   * ok; wrong (tfjs's gradient differs where f is differentiable, or is no
   * subgradient at a tie); or not-differentiable (it differs only at kinks,
   * where no gradient exists to compare with: move the point, or accept the
   * subgradient tfjs chose).
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
  /** The absolute tolerance this input was judged with (derived from what the finite differences resolve, unless given). */
  readonly atol: number;
  /** tfjs's tape found no path to this input: its gradient was taken as zero. */
  readonly missing: boolean;
  /** Full mode: every entry, row-major. Fast mode: the projection's two sides, <g, v> and the slope along v. */
  readonly values: { readonly analytical: readonly number[]; readonly numerical: readonly number[] };
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

/** Entries whose kinks are coupled (a tie in max), judged together: g . v against f's slopes along v. */
export interface Tie {
  readonly input: number;
  readonly indices: readonly (readonly number[])[];
  /** The direction over those entries (all ones first, then random ones) that judged it. */
  readonly direction: readonly number[];
  /** g . v, tfjs's slope along the direction. */
  readonly analytical: number;
  /** The slopes f takes along the direction at and next to the point. */
  readonly lowerSlope: number;
  readonly upperSlope: number;
  /** How far g . v lies outside those slopes, over atol/rtol + their magnitude (as maxRelErr). */
  readonly relErr: number;
  readonly subgradient: boolean;
}

/** The check could not judge the gradient's values: f or its backward threw, tfjs has no gradient, or time ran out. */
export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
}
export type FailureKind = 'throws' | 'no-gradient' | 'hangs';

export interface GradcheckResult {
  /** No input's gradient is wrong, nothing failed and f did not change its inputs. Kinks do not count against it. */
  readonly ok: boolean;
  readonly mode: GradcheckMode;
  /** Why that mode: auto's reasoning, or that it was asked for. */
  readonly modeReason: string;
  readonly inputs: readonly InputCheck[];
  readonly kinks: readonly Kink[];
  readonly ties: readonly Tie[];
  /** Set when f changed or disposed a tensor it was given; the check stops there. */
  readonly mutation: string | null;
  /** Set when the check ended without judging every input: see Failure. */
  readonly failure: Failure | null;
  /** Evaluations of f, the one inside the gradient computation included. */
  readonly forwardEvaluations: number;
  /** Replays the random projections u (and v, in fast mode). */
  readonly seed: number;
  /** u_i for each float32 output (empty when f failed before its first output). */
  readonly cotangents: readonly { readonly values: readonly number[]; readonly shape: readonly number[] }[];
  /** f returned an array of tensors rather than one tensor. */
  readonly returnsArray: boolean;
  readonly tolerance: Tolerance;
  /** Where it ran: tfjs's backend and the version of tfjs-core. */
  readonly backend: string;
  readonly tfjsVersion: string;
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

/** f threw, tfjs could not differentiate it, or the time limit passed: a verdict, not a crash. */
export class SubjectFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

const fmt = (x: number): string => Number(x.toPrecision(6)).toString();
const at = (index: readonly number[]): string => `[${index.join(',')}]`;

export function summarize(r: Omit<GradcheckResult, 'summary' | 'ok'>): string {
  if (r.mutation !== null) return r.mutation;
  if (r.failure !== null) return r.failure.message;
  const tie = r.ties.find((t) => !t.subgradient);
  const wrong = r.inputs.find((c) => c.verdict === 'wrong');
  if (wrong !== undefined && tie !== undefined && tie.input === wrong.input) {
    return `input ${tie.input}: tfjs's gradient is no subgradient at the tie ${tie.indices.map(at).join(' ')}: along [${tie.direction.map(fmt).join(', ')}] it gives slope ${fmt(tie.analytical)}, f's slopes there lie in [${fmt(tie.lowerSlope)}, ${fmt(tie.upperSlope)}] (${r.mode} mode, seed ${r.seed})`;
  }
  if (wrong !== undefined) {
    const where = wrong.worstIndex === null ? 'along a random direction (u^T J v)' : `at ${at(wrong.worstIndex)}`;
    const missing = wrong.missing ? ' (tfjs returned no gradient for it: its tape has no path from this input, so it counts as 0)' : '';
    return `input ${wrong.input}: tfjs's gradient is wrong ${where}: tfjs gives ${fmt(wrong.analytical)}, finite differences ${fmt(wrong.numerical)}${missing} (${r.mode} mode, seed ${r.seed})`;
  }
  const kinks = r.kinks.length === 0 ? '' : `; f is not differentiable at ${r.kinks.length} point${r.kinks.length === 1 ? '' : 's'} (first: input ${r.kinks[0]!.input} ${at(r.kinks[0]!.index)})`;
  const unjudged = r.inputs.find((c) => c.verdict === 'not-differentiable');
  if (unjudged !== undefined) return `input ${unjudged.input}: not differentiable here, so not judged${kinks}`;
  return `gradients match (${r.mode} mode, ${r.forwardEvaluations} evaluations of f)${kinks}`;
}
