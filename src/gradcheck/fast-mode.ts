// Fast mode: one random projection per input, <tfjs's gradient, v> against
// the derivative of <u, f> along v (4 evaluations of f whatever the size),
// judged with the tolerance of a single number (compareAlong). Kinks along v
// are located and taken out of v first, and judged on their own and, where
// they interact, as a tie; a mismatch is bisected down to the entry that
// shows it, so a failure still names its worst index.
import type { Tolerance } from '../numeric/compare.js';
import { randomDirection } from '../numeric/direction.js';
import { judgeProjection, kinkBudget, smoothDirection } from '../numeric/projection.js';
import { unravel } from '../numeric/tensor.js';
import { kinkAt } from './kink.js';
import type { InputCheck, Kink, Tie } from './result.js';
import type { Subject } from './subject.js';
import { judgeTies } from './ties.js';

export function checkFast(subject: Subject, input: number, analytical: Float64Array, tol: Tolerance, random: () => number): { check: Omit<InputCheck, 'missing'>; kinks: Kink[]; ties: Tie[] } {
  const x = subject.values(input);
  const shape = subject.shapes[input]!;
  const phi = (): number => subject.phi();
  const options = { precision: subject.precision, f0: subject.phi0 };
  const maxKinks = kinkBudget(x.length);
  const smooth = smoothDirection(x, randomDirection(x.length, random), phi, maxKinks, options);
  const verdict = judgeProjection(x, smooth, phi, analytical, tol, maxKinks, options);
  const kinks = verdict.kinks.map(({ index, slopes }) => kinkAt(input, shape, index, slopes, analytical[index]!, tol));
  const ties = judgeTies(subject, input, verdict.kinks.map((k) => k.index), kinks, analytical, tol, random);
  const { projection } = verdict;
  const values = { analytical: [projection.analytical], numerical: [projection.numerical] };
  const check = { input, maxAbsErr: projection.absErr, maxRelErr: Math.max(projection.relErr, ...ties.map((t) => t.relErr)), worstIndex: null, numerical: projection.numerical, analytical: projection.analytical, atol: tol.atol, values };
  if (ties.some((t) => !t.subgradient)) return { check: { ...check, verdict: 'wrong' }, kinks, ties };
  if (smooth.along.kink || verdict.kind === 'not-differentiable') return { check: { ...check, verdict: 'not-differentiable' }, kinks, ties };
  if (verdict.kind === 'ok') return { check: { ...check, verdict: kinks.every((k) => k.subgradient) ? 'ok' : 'not-differentiable' }, kinks, ties };
  const entry = verdict.entry;
  const located = entry === undefined ? {} : { worstIndex: unravel(entry.index, shape), numerical: entry.comparison.numerical, analytical: entry.comparison.analytical };
  return { check: { ...check, ...located, verdict: 'wrong' }, kinks, ties };
}
