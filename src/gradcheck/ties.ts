// Ties judged as a whole. Each entry of a tie in max ([2,2,2]) is a kink
// whose one-sided slopes (0 and 1) admit tfjs's value for it alone, yet
// [1,1,1] is no subgradient: along [1,1,1] the slope is 1 and it claims 3.
// Kinks whose entries interact (a mixed difference f(x+a+b) - f(x+a) -
// f(x+b) + f(x) of first order in the step, where separate relus give 0) are
// grouped, and g . v is judged along the all-ones direction over the group
// and a few random ones: it must lie between f's one-sided slopes along v or,
// failing that, among the slopes f takes along v at points next to x (any
// limit of gradients nearby is a Clarke subgradient, so a nonconvex tie is
// not held against the framework).
import type { Tolerance } from '../numeric/compare.js';
import { randomDirection } from '../numeric/direction.js';
import { directionalSlopes, FLOAT32, KINK_STEP_RATIO, type LineSlopes, type Precision } from '../numeric/finite-diff.js';
import { compareAlong, dot } from '../numeric/projection.js';
import { unravel } from '../numeric/tensor.js';
import type { Kink, Tie } from './result.js';
import type { Subject } from './subject.js';

/** Pairs tested for coupling grow quadratically: a tie of more entries is judged on its first ones. */
const MAX_TIE = 12;
const RANDOM_DIRECTIONS = 3;
const RANDOM_PATTERNS = 8;
/** A mixed difference above this share of the smaller kink's jump (times the step) couples two kinks. */
const COUPLING = 0.25;

export function judgeTies(subject: Subject, input: number, flats: readonly number[], kinks: readonly Kink[], analytical: Float64Array, tol: Tolerance, random: () => number): Tie[] {
  const x = subject.values(input);
  const phi = (): number => subject.phi();
  const jump = new Map(flats.map((k, i) => [k, kinks[i]!.upperSlope - kinks[i]!.lowerSlope]));
  const byValue = new Map<number, number[]>();
  for (const k of flats) byValue.set(x[k]!, [...(byValue.get(x[k]!) ?? []), k]);
  const ties: Tie[] = [];
  for (const group of byValue.values()) {
    if (group.length < 2) continue;
    for (const component of coupled(x, group.slice(0, MAX_TIE), jump, phi, subject.phi0)) {
      if (component.length >= 2) ties.push(judgeTie(x, component, phi, subject.phi0, subject.precision, analytical, tol, random, input, subject.shapes[input]!));
    }
  }
  return ties;
}

const stepAt = (value: number): number => Math.cbrt(FLOAT32.eps) * Math.max(1, Math.abs(value));

/** phi with x moved by `offsets` over `entries`, x restored afterwards. */
function shifted(x: Float32Array, entries: readonly number[], offsets: readonly number[], phi: () => number): number {
  const saved = entries.map((k) => x[k]!);
  entries.forEach((k, i) => (x[k] = saved[i]! + offsets[i]!));
  const value = phi();
  entries.forEach((k, i) => (x[k] = saved[i]!));
  return value;
}

/** The connected groups of kinks that interact. */
function coupled(x: Float32Array, group: readonly number[], jump: ReadonlyMap<number, number>, phi: () => number, f0: number): number[][] {
  const h = stepAt(x[group[0]!]!);
  const single = new Map(group.map((k) => [k, [shifted(x, [k], [h], phi), shifted(x, [k], [-h], phi)] as const]));
  const parent = new Map(group.map((k) => [k, k]));
  const root = (k: number): number => (parent.get(k) === k ? k : root(parent.get(k)!));
  group.forEach((i, a) =>
    group.slice(a + 1).forEach((j) => {
      const mixed = [h, -h].map((s, side) => Math.abs(shifted(x, [i, j], [s, s], phi) - single.get(i)![side]! - single.get(j)![side]! + f0));
      if (Math.max(...mixed) > COUPLING * h * Math.min(jump.get(i)!, jump.get(j)!)) parent.set(root(i), root(j));
    }),
  );
  const components = new Map<number, number[]>();
  for (const k of group) components.set(root(k), [...(components.get(root(k)) ?? []), k]);
  return [...components.values()];
}

function judgeTie(
  x: Float32Array,
  entries: readonly number[],
  phi: () => number,
  f0: number,
  precision: Precision,
  analytical: Float64Array,
  tol: Tolerance,
  random: () => number,
  input: number,
  shape: readonly number[],
): Tie {
  const directions = [entries.map(() => 1), ...Array.from({ length: RANDOM_DIRECTIONS }, () => Array.from(randomDirection(entries.length, random)))];
  let tie: Tie | undefined;
  for (const v of directions) {
    const full = new Float64Array(x.length);
    entries.forEach((k, i) => (full[k] = v[i]!));
    const g = dot(analytical, full);
    const at = directionalSlopes(x, full, phi, { precision, f0 });
    const slopes = compareAlong(g, at, tol).ok ? at : widened(at, nearbySlopes(x, entries, full, v, phi, precision, random));
    const judged = compareAlong(g, slopes, tol);
    tie = { input, indices: entries.map((k) => unravel(k, shape)), direction: v, analytical: g, lowerSlope: slopes.lower, upperSlope: slopes.upper, relErr: judged.relErr, subgradient: judged.ok };
    if (!tie.subgradient) return tie;
  }
  return tie!;
}

const widened = (at: LineSlopes, nearby: readonly number[]): LineSlopes => ({ ...at, lower: Math.min(at.lower, ...nearby), upper: Math.max(at.upper, ...nearby) });

/**
 * Slopes along `full` at points a step away from x over the tie's entries:
 * each entry alone moved either way, the sign patterns of +-v, all up, all
 * down, and random ones, with distinct magnitudes so that the point is off
 * the tie.
 */
function nearbySlopes(x: Float32Array, entries: readonly number[], full: Float64Array, v: readonly number[], phi: () => number, precision: Precision, random: () => number): number[] {
  const h = stepAt(x[entries[0]!]!);
  const n = entries.length;
  const order = entries.map((_, i) => i).sort(() => random() - 0.5);
  const magnitude = entries.map((_, i) => h * (0.5 + order.indexOf(i) / (2 * n)));
  const signs: number[][] = [
    ...entries.flatMap((_, i) => [1, -1].map((s) => entries.map((__, j) => (j === i ? s : 0)))),
    v.map(Math.sign),
    v.map((vi) => -Math.sign(vi)),
    entries.map(() => 1),
    entries.map(() => -1),
    ...Array.from({ length: RANDOM_PATTERNS }, () => entries.map(() => (random() < 0.5 ? -1 : 1))),
  ];
  return signs.map((pattern) => {
    const saved = entries.map((k) => x[k]!);
    entries.forEach((k, i) => (x[k] = saved[i]! + pattern[i]! * magnitude[i]!));
    const slope = directionalSlopes(x, full, phi, { precision, stepScale: 1 / KINK_STEP_RATIO }).value;
    entries.forEach((k, i) => (x[k] = saved[i]!));
    return slope;
  });
}
