// Full mode: every entry of an input against float32 central differences
// (gradientFull: 4 evaluations of f per entry, 2 more where the one-sided
// slopes disagree). Entries at a kink are judged by their one-sided slopes,
// and kinks that interact (a tie) as a whole.
import { compareTensors, type Tolerance } from '../numeric/compare.js';
import { FLOAT32, gradientFull } from '../numeric/finite-diff.js';
import { unravel } from '../numeric/tensor.js';
import { kinkAt } from './kink.js';
import type { InputCheck, Kink, Tie } from './result.js';
import type { Subject } from './subject.js';
import { judgeTies } from './ties.js';

export function checkFull(subject: Subject, input: number, analytical: Float64Array, tol: Tolerance, random: () => number): { check: Omit<InputCheck, 'missing'>; kinks: Kink[]; ties: Tie[] } {
  const shape = subject.shapes[input]!;
  const oracle = gradientFull(subject.values(input), () => subject.phi(), FLOAT32);
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
  const ties = judgeTies(subject, input, flats, kinks, analytical, tol, random);
  const verdict = !cmp.ok || ties.some((t) => !t.subgradient) ? 'wrong' : kinks.every((k) => k.subgradient) ? 'ok' : 'not-differentiable';
  const values = { analytical: Array.from(analytical), numerical: Array.from(oracle.grad) };
  const check = { input, verdict, maxAbsErr: cmp.maxAbsErr, maxRelErr: Math.max(cmp.maxRelErr, ...ties.map((t) => t.relErr)), worstIndex: unravel(cmp.worst, shape), numerical: cmp.actual, analytical: cmp.claimed, atol: tol.atol, values } as const;
  return { check, kinks, ties };
}
