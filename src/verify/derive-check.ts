// derive, then prove: every step, the result and the matrix form that the
// symbolic engine produces are checked numerically like a file's claims, and
// a matrix form that fails is withheld rather than printed.
import { checkOptions } from './options.js';
import { InputError } from '../notation/errors.js';
import { derive, isDerived, type DerivedGradient, type GradientOutcome } from '../calculus/derive.js';
import type { Derivation } from '../derivation/derivation.js';
import { gradientFromText, type GradientSpec } from '../derivation/derivation.js';
import { labelText } from './point.js';
import { checkProperty } from './property.js';

export interface CheckedGradient {
  readonly wrt: string;
  readonly derived: DerivedGradient | null;
  readonly notDerived: string | null;
  /** The matrix form, when one was found and passed the numerical check. */
  readonly matrix: string | null;
  /** Why there is no matrix form. */
  readonly matrixNote: string | null;
  /** Whether every derived step and the result passed the numerical check. */
  readonly verified: boolean;
  readonly failure: string | null;
}

export function deriveAndCheck(d: Derivation, wrtList: readonly string[] | undefined, options: { runs: number; seed: number }): CheckedGradient[] {
  checkOptions(options);
  return derive(d, wrtList).gradients.map((g): CheckedGradient => {
    const checked = checkDerived(d, g, options);
    if (checked.verified || checked.derived === null) return checked;
    // The textbook conventions at kinks (step(0) = 0) fail where kinks cancel: derive again with the mean of one-sided slopes.
    const [again] = derive(d, [g.wrt], { meanSlopes: true }).gradients;
    if (!isDerived(again!) || again.result === checked.derived.result) return checked;
    const retried = checkDerived(d, again, options);
    return retried.verified ? retried : checked;
  });
}

function checkDerived(d: Derivation, g: GradientOutcome, options: { runs: number; seed: number }): CheckedGradient {
  if (!isDerived(g)) return { wrt: g.wrt, derived: null, notDerived: g.notDerived, matrix: null, matrixNote: null, verified: false, failure: null };
  const matrix = g.matrix.found ? g.matrix.expression : undefined;
  let spec: GradientSpec;
  try {
    spec = gradientFromText(d, g.wrt, { steps: g.steps.map((s) => s.expr), result: g.result, matrix });
  } catch (err) {
    // A derived step that verify cannot read (a scalar gradient equal to a number parses as matrix notation).
    if (!(err instanceof InputError)) throw err;
    return { wrt: g.wrt, derived: g, notDerived: null, matrix: null, matrixNote: 'withheld: the derivation was not checked', verified: false, failure: `not checked: ${err.message}` };
  }
  const run = checkProperty(d, spec, options);
  const failed = run.counterexample?.verdict.failed;
  if (failed === undefined) {
    return { wrt: g.wrt, derived: g, notDerived: null, matrix: matrix ?? null, matrixNote: g.matrix.found ? null : g.matrix.reason, verified: true, failure: null };
  }
  if (failed.label === 'matrix') {
    const note = `the recovered matrix form ${matrix} failed its numerical check (${failed.reason})`;
    return { wrt: g.wrt, derived: g, notDerived: null, matrix: null, matrixNote: note, verified: true, failure: null };
  }
  const failure = `${labelText(failed.label)}: ${failed.reason}`;
  return { wrt: g.wrt, derived: g, notDerived: null, matrix: null, matrixNote: 'withheld: the derivation failed its numerical check', verified: false, failure };
}
