// Full mode: every entry of an input against float32 central differences,
// entry by entry (directionalSlopes on a one-entry view): 2 evaluations of f
// where the one-sided slopes agree to within an eighth of the tolerance at the
// claim's scale, 4 to 6 where they do not. In float32 a
// Richardson step buys nothing at rtol 2e-3 (the central difference errs by
// about eps^(2/3) of the scale), so gradientFull's 4 evaluations per entry
// were twice what is needed. Entries at a kink are judged by their one-sided slopes,
// and kinks that interact (a tie) as a whole. Before an entry is called
// wrong it is probed again with a step 16 times smaller, as fast mode does:
// a claim that passes there was misjudged by a step that crossed kinks near
// x; a difference quotient that moves with the step (a jump, as sign has at
// 0) means f is not differentiable there, and nothing is judged.
import { compareAlong, entrySlopes } from '../numeric/projection.js';
import { compareTensors, type Tolerance } from '../numeric/compare.js';
import { directionalSlopes, KINK_STEP_RATIO, type Gradient } from '../numeric/finite-diff.js';
import { unravel } from '../numeric/tensor.js';
import { kinkAt } from './kink.js';
import type { InputCheck, Kink, Tie } from './result.js';
import type { Subject } from './subject.js';
import { judgeTies } from './ties.js';

/** Entries probed again before the verdict: the worst ones; a wrong gradient shows among them. */
const REPROBED = 32;

export function checkFull(subject: Subject, input: number, analytical: Float64Array, tol: Tolerance, random: () => number): { check: Omit<InputCheck, 'missing'>; kinks: Kink[]; ties: Tie[] } {
  const shape = subject.shapes[input]!;
  const oracle = reprobed(subject, input, entryGradient(subject, input, analytical, tol), analytical, tol);
  // At a kink any value passes the comparison; the kink is reported instead.
  const smooth = {
    ...oracle,
    lower: oracle.lower.map((l, k) => (oracle.kink[k] ? -Infinity : l)),
    upper: oracle.upper.map((u, k) => (oracle.kink[k] ? Infinity : u)),
  };
  const cmp = compareTensors(analytical, smooth, tol);
  const kinks: Kink[] = [];
  const flats: number[] = [];
  oracle.kink.forEach((isKink, k) => {
    if (!isKink) return;
    const slopes = { value: oracle.grad[k]!, lower: oracle.lower[k]!, upper: oracle.upper[k]!, kink: true, error: 0, jump: oracle.upper[k]! - oracle.lower[k]! };
    kinks.push(kinkAt(input, shape, k, slopes, analytical[k]!, tol));
    flats.push(k);
  });
  const ties = judgeTies(subject, input, flats.filter((k) => Number.isFinite(oracle.upper[k]! - oracle.lower[k]!)), kinks.filter((k) => Number.isFinite(k.upperSlope - k.lowerSlope)), analytical, tol, random);
  const verdict = !cmp.ok || ties.some((t) => !t.subgradient) ? 'wrong' : kinks.every((k) => k.subgradient) ? 'ok' : 'not-differentiable';
  const values = { analytical: Array.from(analytical), numerical: Array.from(oracle.grad) };
  const maxRelErr = Math.max(cmp.maxRelErr, ...ties.map((t) => t.relErr));
  const check = { input, verdict, maxAbsErr: cmp.maxAbsErr, maxRelErr, worstIndex: unravel(cmp.worst, shape), numerical: cmp.actual, analytical: cmp.claimed, atol: tol.atol, values } as const;
  return { check, kinks, ties };
}

function entryGradient(subject: Subject, input: number, analytical: Float64Array, tol: Tolerance): Gradient {
  const x = subject.values(input);
  const scale = analytical.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  // One-sided slopes closer than this leave the central difference within a sixteenth of the tolerance (its error across
  // a change of curvature is at most half their gap): no Richardson step or narrower probe is needed there.
  const floor = Math.max(subject.precision.noise * (1 + Math.abs(subject.phi0)), (tol.atol + tol.rtol * scale) / 8);
  const options = { precision: { eps: subject.precision.eps, noise: floor / (1 + Math.abs(subject.phi0)) }, f0: subject.phi0 };
  const unit = Float64Array.of(1);
  // A one-entry view of x: the step scales with that entry alone, and phi reads the perturbed x through it.
  const slopes = [...x.keys()].map((k) => directionalSlopes(x.subarray(k, k + 1), unit, () => subject.phi(), options));
  return {
    grad: Float64Array.from(slopes, (s) => s.value),
    lower: Float64Array.from(slopes, (s) => s.lower),
    upper: Float64Array.from(slopes, (s) => s.upper),
    kink: Uint8Array.from(slopes, (s) => (s.kink ? 1 : 0)),
  };
}

/** The oracle after the entries that fail (or are no subgradient at a kink) were probed with the smaller step. */
function reprobed(subject: Subject, input: number, oracle: Gradient, analytical: Float64Array, tol: Tolerance): Gradient {
  const [grad, lower, upper, kink] = [Float64Array.from(oracle.grad), Float64Array.from(oracle.lower), Float64Array.from(oracle.upper), Uint8Array.from(oracle.kink)];
  const scale = oracle.grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  const allowed = tol.atol + tol.rtol * scale;
  const miss = (k: number): number => Math.max(lower[k]! - analytical[k]!, analytical[k]! - upper[k]!, 0);
  // A kink is judged as kinkAt judges it, against its own slopes: the tolerance at the scale of every entry may hide it.
  const atKink = (k: number): boolean => !compareAlong(analytical[k]!, { value: grad[k]!, lower: lower[k]!, upper: upper[k]!, kink: true, error: 0, jump: 0 }, tol).ok;
  const suspects = [...analytical.keys()].filter((k) => miss(k) > allowed || (kink[k] === 1 && atKink(k))).sort((a, b) => miss(b) - miss(a)).slice(0, REPROBED);
  for (const k of suspects) {
    // gradientFull probed a kink at h/16 already: go one step further there.
    const stepScale = kink[k] ? KINK_STEP_RATIO ** -2 : 1 / KINK_STEP_RATIO;
    const closer = entrySlopes(subject.values(input), k, () => subject.phi(), { precision: subject.precision, f0: subject.phi0, stepScale });
    if (Math.abs(closer.value - grad[k]!) > allowed + tol.rtol * Math.abs(closer.value)) {
      // The central quotient moves with the step (a jump grows it 16-fold), where a slope, even at a kink, keeps it.
      [lower[k], upper[k], kink[k]] = [-Infinity, Infinity, 1];
    } else if (compareAlong(analytical[k]!, closer, tol).ok) {
      [grad[k], lower[k], upper[k], kink[k]] = [closer.value, closer.lower, closer.upper, closer.kink ? 1 : 0];
    }
  }
  return { grad, lower, upper, kink };
}
