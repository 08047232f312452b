// One subject of the audit: checkProperty over random shapes and values in
// full mode (every entry against float32 central differences), a failure of
// any kind shrunk to its smallest case and turned into a verdict with a
// reproducer. A subject that throws or runs past its time limit is a result.
import type * as tfjs from '@tensorflow/tfjs';
import { inputsArbitrary, type TensorValue } from '../gradcheck/arbitraries.js';
import { checkProperty, type CheckPropertyResult } from '../gradcheck/property.js';
import type { GradcheckResult } from '../gradcheck/result.js';
import type { TensorFunction } from '../gradcheck/subject.js';
import type { AuditSubject } from './catalogue.js';
import { hangReproducer, reproducer } from './reproducer.js';

export type AuditVerdict = 'ok' | 'wrong' | 'throws' | 'hangs' | 'no gradient' | 'not differentiable';

export interface SubjectResult {
  readonly kernels: readonly string[];
  readonly op: string;
  readonly shapes: readonly (readonly (string | number)[])[];
  readonly backend: string;
  readonly verdict: AuditVerdict;
  /** The largest maxRelErr over every case (Infinity for a non-finite gradient, 0 when none was judged). */
  readonly maxRelErr: number;
  /** One line: what failed, with its numbers; null when ok. */
  readonly message: string | null;
  /** tfjs code that shows the failure, with the expected and actual values; null when ok. */
  readonly reproducer: string | null;
  readonly seed: number;
  readonly cases: number;
  readonly seconds: number;
}

export interface RunOptions {
  readonly seed: number;
  /** Property cases per subject. */
  readonly runs: number;
  /** Per case, in milliseconds. */
  readonly timeLimit: number;
}

/** `onCase` hears each case's inputs before it runs: if tfjs never returns, the last one is the case that hangs. */
export function runSubject(tf: typeof tfjs, subject: AuditSubject, options: RunOptions, onCase: (values: readonly TensorValue[]) => void = () => {}): SubjectResult {
  const start = performance.now();
  const f = compile(tf, subject.op);
  const drawn = inputsArbitrary(subject.shapes, { ...(subject.sizes ? { sizes: subject.sizes } : {}), ...(subject.domains ? { domains: subject.domains } : {}) });
  const arbitrary = drawn.map((values) => {
    onCase(values);
    return values;
  });
  const property = checkProperty(f, arbitrary, { tf, seed: options.seed, runs: options.runs, mode: 'full', timeLimit: options.timeLimit, failAtKinks: true });
  const judged = judge(property);
  return {
    kernels: subject.kernels,
    op: subject.op,
    shapes: subject.shapes,
    backend: tf.getBackend(),
    ...judged,
    reproducer: judged.verdict === 'ok' ? null : reproducer(subject.op, property),
    seed: options.seed,
    cases: property.cases,
    seconds: (performance.now() - start) / 1000,
  };
}

/**
 * A subject whose case never returned (tfjs blocked inside one synchronous
 * call) or took its thread down (the wasm module aborted): the run moved on
 * without it, with the case that was running.
 */
export function lostSubject(subject: AuditSubject, backend: string, options: RunOptions, values: readonly TensorValue[] | undefined, seconds: number, crash?: string): SubjectResult {
  const message = crash ?? `tfjs did not return within ${(options.timeLimit / 1000).toFixed(0)} s (it blocks inside one call, so the case could not be shrunk)`;
  return {
    kernels: subject.kernels,
    op: subject.op,
    shapes: subject.shapes,
    backend,
    verdict: crash === undefined ? 'hangs' : 'throws',
    maxRelErr: 0,
    message,
    reproducer: values === undefined ? null : hangReproducer(subject.op, values, crash === undefined ? 'never returns' : crash),
    seed: options.seed,
    cases: 0,
    seconds,
  };
}

/** The op's code as a function, with `tf` in scope: the catalogue's code is what runs. */
function compile(tf: typeof tfjs, op: string): TensorFunction {
  return new Function('tf', `return (${op});`)(tf) as TensorFunction;
}

function judge(property: CheckPropertyResult): { verdict: AuditVerdict; maxRelErr: number; message: string | null } {
  const { counterexample } = property;
  if (counterexample === null) return { verdict: 'ok', maxRelErr: property.maxRelErr, message: null };
  const r = counterexample.result;
  if (r === null) return { verdict: 'throws', maxRelErr: property.maxRelErr, message: counterexample.error };
  return { verdict: verdictOf(r), maxRelErr: property.maxRelErr, message: messageOf(r) };
}

function verdictOf(r: GradcheckResult): AuditVerdict {
  if (r.failure !== null) return r.failure.kind === 'no-gradient' ? 'no gradient' : r.failure.kind;
  if (r.mutation !== null) return 'throws';
  if (r.inputs.some((c) => c.verdict === 'wrong')) return 'wrong';
  return 'not differentiable';
}

const fmt = (x: number): string => Number(x.toPrecision(4)).toString();

function messageOf(r: GradcheckResult): string {
  const kink = r.kinks.find((k) => !k.subgradient);
  if (r.ok && kink !== undefined) {
    return `at a kink of input ${kink.input} [${kink.index.join(',')}], tfjs gives ${fmt(kink.analytical)}, outside the one-sided slopes [${fmt(kink.lowerSlope)}, ${fmt(kink.upperSlope)}]`;
  }
  return r.summary.replace(/ \((full|fast) mode, seed \d+\)/, '');
}
