// derive's "✓ checked numerically", re-verified independently: the derived
// result and the matrix form it prints, as the claims of a file, checked at
// other seeds (in full mode each case also sits on the switches of the
// forward's non-smooth functions). A failure refutes the ✓ only where the
// function is differentiable along the failing entry: its one-sided slopes,
// measured here and not by the oracle, agree, and the claim is off them.
import { InputError } from '../../src/notation/errors.js';
import { dimSize } from '../../src/notation/shapes.js';
import { FD_STEP } from '../../src/numeric/finite-diff.js';
import { gradientFromText, type Derivation } from '../../src/derivation/derivation.js';
import type { CheckedGradient } from '../../src/verify/derive-check.js';
import { Instances, type Point } from '../../src/verify/point.js';
import { checkProperty } from '../../src/verify/property.js';

export interface RecheckOptions {
  readonly seeds: readonly number[];
  readonly runs: number;
}

/** Where a ✓ result of derive is wrong although the function is differentiable there, in words (none when it holds). */
export function refutations(d: Derivation, g: CheckedGradient, options: RecheckOptions): string[] {
  if (!g.verified || g.derived === null) return [];
  const spec = gradientFromText(d, g.wrt, { steps: [], result: g.derived.result, ...(g.matrix === null ? {} : { matrix: g.matrix }) });
  const found: string[] = [];
  for (const seed of options.seeds) {
    let run: ReturnType<typeof checkProperty>;
    try {
      run = checkProperty(d, spec, { runs: options.runs, seed });
    } catch (err) {
      // The forward is undefined at most points drawn at this seed: nothing there to refute.
      if (err instanceof InputError) continue;
      throw err;
    }
    const counterexample = run.counterexample;
    if (counterexample === undefined) continue;
    const { point, verdict } = counterexample;
    const failed = verdict.failed!;
    if (failed.index !== undefined && !differentiableAndMissed(d, g.wrt, point, failed.index, failed.claimed!)) continue;
    // Ties judged as a whole (no entry named) lie on interacting kinks: the function is not differentiable there.
    if (failed.index === undefined && failed.reason?.startsWith('at a tie of ')) continue;
    found.push(`seed ${seed}: ${g.wrt}: ${g.derived.result}: ${failed.reason} at ${describe(point)}`);
  }
  return found;
}

/**
 * Whether the function is differentiable along the entry (its one-sided
 * slopes, each Richardson-extrapolated, agree to the tolerance) and the claim
 * lies off that slope by more than the tolerance and the slopes' own error.
 */
function differentiableAndMissed(d: Derivation, wrt: string, point: Point, index: readonly number[], claimed: number): boolean {
  const inst = new Instances(d).at(point);
  const scale = inst.oracle(wrt).grad.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const allowed = d.tolerance.atol + d.tolerance.rtol * scale;
  const shape = d.tensors.get(wrt)!.map((dim) => dimSize(dim, point.sizes));
  const flat = index.reduce((f, v, axis) => f * shape[axis]! + v, 0);
  const x = inst.tensor(wrt).data;
  const x0 = x[flat]!;
  const f0 = inst.phi();
  const quotient = (t: number): number => {
    x[flat] = x0 + t;
    const f = inst.phi();
    x[flat] = x0;
    return (f - f0) / t;
  };
  const h = FD_STEP * Math.max(1, Math.abs(x0));
  const [forwardWide, forwardHalf, backwardWide, backwardHalf] = [h, h / 2, -h, -h / 2].map(quotient) as [number, number, number, number];
  const forward = 2 * forwardHalf - forwardWide;
  const backward = 2 * backwardHalf - backwardWide;
  const error = Math.abs(forwardHalf - forwardWide) + Math.abs(backwardHalf - backwardWide);
  if (!Number.isFinite(forward) || !Number.isFinite(backward) || Math.abs(forward - backward) > allowed + error) return false;
  if (!Number.isFinite(claimed)) return true;
  const off = Math.max(Math.min(forward, backward) - claimed, claimed - Math.max(forward, backward), 0);
  return off > allowed + error;
}

const describe = (point: Point): string =>
  `sizes ${[...point.sizes].map(([k, v]) => `${k}=${v}`).join(' ')}, ${[...point.inputs].map(([name, v]) => `${name} = [${[...v].join(', ')}]`).join(', ')}`;
