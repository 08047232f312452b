// derive's "✓ checked numerically", re-verified independently: the derived
// result and the matrix form it prints, as the claims of a file, checked at
// other seeds (in full mode each case also sits on the switches of the
// forward's non-smooth functions). A failure refutes the ✓ only where the
// function is differentiable along the failing entry: its one-sided slopes,
// measured here and not by the oracle, agree, and the claim is off them by
// more than its own rounding error (claimNoise); never on a jump, nor where
// the forward hides a NaN or an infinity (offTheFunction).
import { boundChildren, type Bound } from '../../src/notation/bind.js';
import { InputError } from '../../src/notation/errors.js';
import { dimSize } from '../../src/notation/shapes.js';
import { seededRandom } from '../../src/numeric/direction.js';
import { FD_STEP } from '../../src/numeric/finite-diff.js';
import { switchOf } from '../../src/numeric/switches.js';
import { gradientFromText, type Claim, type Derivation, type GradientSpec } from '../../src/derivation/derivation.js';
import type { CheckedGradient } from '../../src/verify/derive-check.js';
import type { Instance } from '../../src/verify/instance.js';
import { checkGradientAt, Instances, isUndefinedPoint, type Point } from '../../src/verify/point.js';
import { checkProperty } from '../../src/verify/property.js';

export interface RecheckOptions {
  readonly seeds: readonly number[];
  readonly runs: number;
}

/** What derive printed as checked: the result, and the matrix form when one was printed. */
export interface CheckedClaims {
  readonly wrt: string;
  readonly result: string;
  readonly matrix: string | null;
}

/** The claims of a gradient derive calls checked, if it does. */
export const checkedClaims = (g: CheckedGradient): CheckedClaims | undefined =>
  g.verified && g.derived !== null ? { wrt: g.wrt, result: g.derived.result, matrix: g.matrix } : undefined;

const specOf = (d: Derivation, g: CheckedClaims): GradientSpec =>
  gradientFromText(d, g.wrt, { steps: [], result: g.result, ...(g.matrix === null ? {} : { matrix: g.matrix }) });

/** Where the claims are wrong although the function is differentiable there, in words (none when they hold). */
export function refutations(d: Derivation, g: CheckedClaims, options: RecheckOptions): string[] {
  const spec = specOf(d, g);
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
    const refuted = run.counterexample && refutationAt(d, g, run.counterexample.point);
    if (refuted) found.push(`seed ${seed}: ${refuted}`);
  }
  return found;
}

/** Why the claims are wrong at the point although the function is differentiable there, or undefined. */
export function refutationAt(d: Derivation, g: CheckedClaims, point: Point): string | undefined {
  const spec = specOf(d, g);
  const verdict = checkGradientAt(d, spec, point);
  if (isUndefinedPoint(verdict) || verdict.failed === undefined || offTheFunction(d, point)) return undefined;
  const failed = verdict.failed;
  if (failed.index !== undefined) {
    const claim = failed.label === 'matrix' ? spec.matrix! : spec.result!;
    if (!differentiableAndMissed(d, g.wrt, point, failed.index, failed.claimed!, claimNoise(d, g.wrt, claim, point, failed.index))) return undefined;
  }
  // Ties judged as a whole (no entry named) lie on interacting kinks: the function is not differentiable there.
  if (failed.index === undefined && failed.reason?.startsWith('at a tie of ')) return undefined;
  return `${g.wrt}: ${g.result}: ${failed.reason} at ${describe(point)}`;
}

/**
 * Whether a call of the forward sits on its jump (floor, mod, a comparison)
 * or gets an argument that is not finite, at some index values. On a jump the
 * function is not differentiable; where floats are spaced wider than the
 * jumps every point sits on one: past 2^53 round(H) is H in floats, and
 * mod(x, 1e-45) is rounding noise, so finite differences on the float forward
 * measure a slope (H's, or 0) that the function, with a jump between any two
 * floats and another slope in between, does not have. A NaN or infinite
 * argument is a point outside the function's domain that the call hides:
 * max(c / c, u) at c = 0 is u in floats, max(0.125, 1 / x) at x = 0 is 0.125,
 * exp(-1 / x^2) is 0. (The branch where does not take reaches nothing.)
 */
function offTheFunction(d: Derivation, point: Point): boolean {
  const inst = new Instances(d).at(point);
  return d.forward.some((line) => {
    if (line.form !== 'index') return false;
    const sizes = line.eq.slots.map((slot) => dimSize(slot.dim!, point.sizes));
    const calls: ((idx: Int32Array) => boolean)[] = [];
    const collect = (e: Bound): void => {
      if (e.kind === 'call') {
        const jump = switchOf(e.fn);
        const [a, b, c] = e.args.map((arg) => inst.compileAt(arg, sizes));
        const reaching = e.fn === 'where' ? [a!] : [a!, b, c];
        calls.push((idx) => {
          const args = [a!(idx), b?.(idx) ?? 0, c?.(idx) ?? 0] as const;
          return reaching.some((arg) => arg !== undefined && !Number.isFinite(arg(idx))) || (jump?.kind === 'jump' && jump.distance(...args) === 0);
        });
      }
      boundChildren(e).forEach(collect);
    };
    collect(line.eq.rhs);
    return calls.length > 0 && someIndex(sizes, (idx) => calls.some((off) => off(idx)));
  });
}

/** Whether `test` holds at some index values below `sizes`. */
function someIndex(sizes: readonly number[], test: (idx: Int32Array) => boolean): boolean {
  const idx = new Int32Array(sizes.length);
  for (;;) {
    if (test(idx)) return true;
    let k = sizes.length - 1;
    while (k >= 0 && ++idx[k]! === sizes[k]) idx[k--] = 0;
    if (k < 0) return false;
  }
}

/** One-sided slopes are measured at the oracle's step and at steps this many times smaller, down to its cube. */
const STEP_RATIO = 16;
const LEVELS = 3;

/**
 * Whether the function is differentiable along the entry and the claim misses
 * its slope by more than `noise`. One-sided slopes on both sides,
 * Richardson-extrapolated, at three steps from the oracle's down 256-fold
 * must agree: a kink separates the sides, and jumps denser than the step
 * (round of a steep function) make the slopes change with the step. They
 * must agree for other upstream gradients too: kinks of several outputs at
 * once (relu(X[s] * w) of every row at w = 0) can cancel in <dY, Y> for one
 * dY, and the outputs are not differentiable there. The claim must then lie
 * off the slopes by more than the tolerance, the widest step's truncation
 * error and the narrowest step's rounding error.
 */
function differentiableAndMissed(d: Derivation, wrt: string, point: Point, index: readonly number[], claimed: number, noise: number): boolean {
  const inst = new Instances(d).at(point);
  const scale = inst.oracle(wrt).grad.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const shape = d.tensors.get(wrt)!.map((dim) => dimSize(dim, point.sizes));
  const flat = index.reduce((f, v, axis) => f * shape[axis]! + v, 0);
  const tolerance = d.tolerance.atol + d.tolerance.rtol * scale;
  const others = Array.from({ length: point.upstream.length === 0 ? 0 : OTHER_UPSTREAMS }, (_, k) => {
    const random = seededRandom(k + 1);
    return point.upstream.map(() => 2 * random() - 1);
  });
  if (others.some((upstream) => oneSidedSlopes(d, wrt, { ...point, upstream }, flat, tolerance) === undefined)) return false;
  const slopes = oneSidedSlopes(d, wrt, point, flat, tolerance);
  if (slopes === undefined) return false;
  const missed = !Number.isFinite(claimed) || Math.max(slopes.low - claimed, claimed - slopes.high) > slopes.allowed + noise;
  return missed && finiteAround(d, point);
}

/**
 * Whether <dY, Y> stays finite a step away on both sides along every entry of
 * every input: a function infinite next to the point in another input is not
 * differentiable there (pow(m, w^3) at m = 0 and w = 0 is 1, constant in m,
 * and infinite for w < 0).
 */
function finiteAround(d: Derivation, point: Point): boolean {
  const inst = new Instances(d).at(point);
  return [...d.inputs.keys()].every((name) => {
    const x = inst.tensor(name).data;
    return x.every((x0, flat) =>
      [1, -1].every((side) => {
        x[flat] = x0 + side * FD_STEP * Math.max(1, Math.abs(x0));
        const f = inst.phi();
        x[flat] = x0;
        return Number.isFinite(f);
      }),
    );
  });
}

/** Other upstream gradients, drawn uniformly in [-1, 1], that the function must be differentiable for as well. */
const OTHER_UPSTREAMS = 2;

/** The one-sided slopes of <dY, Y> along the entry and their allowed error, or undefined where they disagree beyond it. */
function oneSidedSlopes(d: Derivation, wrt: string, point: Point, flat: number, tolerance: number): { low: number; high: number; allowed: number } | undefined {
  const inst = new Instances(d).at(point);
  const x = inst.tensor(wrt).data;
  const x0 = x[flat]!;
  const f0 = inst.phi();
  const terms = termsOfPhi(d, inst);
  const quotient = (t: number): number => {
    x[flat] = x0 + t;
    const f = inst.phi();
    x[flat] = x0;
    return (f - f0) / t;
  };
  const h = FD_STEP * Math.max(1, Math.abs(x0));
  const steps = Array.from({ length: LEVELS }, (_, level) => h / STEP_RATIO ** level);
  const slopes = steps.flatMap((t) => [t, -t].map((signed) => 2 * quotient(signed / 2) - quotient(signed)));
  const truncation = Math.abs(quotient(h / 2) - quotient(h)) + Math.abs(quotient(-h / 2) - quotient(-h));
  const rounding = (10 * Number.EPSILON * (1 + terms)) / steps.at(-1)!;
  const allowed = tolerance + truncation + rounding;
  if (!slopes.every(Number.isFinite)) return undefined;
  const [low, high] = [Math.min(...slopes), Math.max(...slopes)];
  return high - low > allowed ? undefined : { low, high, allowed };
}

/**
 * The size of the terms that phi = <dY, Y> adds up, where the forward last
 * ran: phi rounds at their scale, not at its own (terms of 1e122 that cancel
 * leave phi 0 and swallow a slope of 1e44 from terms of 1e43).
 */
function termsOfPhi(d: Derivation, inst: Instance): number {
  return d.outputs.reduce((sum, { tensor, upstream }) => {
    const [y, dy] = [inst.tensor(tensor).data, inst.tensor(upstream).data];
    return y.reduce((s, v, k) => s + Math.abs(v * dy[k]!), sum);
  }, 0);
}

/** Relative moves of the inputs, far below anything a slope notices, and how many. */
const NUDGE = 1e-12;
const NUDGES = 4;

/**
 * How much the claim's value at the entry moves when the inputs move by
 * NUDGE relative: its own rounding error. A formula that sums products of
 * sums (sum(k, l, X[k] X[l]) for sum(X)^2) cancels catastrophically near a
 * zero of the sum, and divided by a power of it (seed 8 of log(c^2)) is
 * rounding noise there, right as the formula is. A NaN claim has none.
 */
function claimNoise(d: Derivation, wrt: string, claim: Claim, point: Point, index: readonly number[]): number {
  const shape = d.tensors.get(wrt)!.map((dim) => dimSize(dim, point.sizes));
  const flat = index.reduce((f, v, axis) => f * shape[axis]! + v, 0);
  const instances = new Instances(d);
  const values = Array.from({ length: NUDGES + 1 }, (_, k) => {
    const random = seededRandom(k);
    const inputs = new Map([...point.inputs].map(([name, v]) => [name, k === 0 ? v : v.map((x) => x * (1 + NUDGE * (2 * random() - 1)))]));
    return instances.at({ ...point, inputs }).evaluateClaim(claim, wrt).data[flat]!;
  });
  return Math.max(...values) - Math.min(...values);
}

const describe = (point: Point): string =>
  `sizes ${[...point.sizes].map(([k, v]) => `${k}=${v}`).join(' ')}, ${[...point.inputs].map(([name, v]) => `${name} = [${[...v].join(', ')}]`).join(', ')}`;
