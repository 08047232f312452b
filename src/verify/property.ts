// The property test: a gradient's claims hold at random sizes and values
// drawn from the declared domains. fast-check shrinks a failure to the
// smallest sizes and simplest values, and its seed replays the run. Sizes may
// be fixed instead (production sizes); when all are, nothing can shrink, and
// the first failure is reported as it is.
import fc from 'fast-check';
import { InputError } from '../notation/errors.js';
import { dimSize } from '../notation/shapes.js';
import { seededRandom } from '../numeric/direction.js';
import { domainArbitrary } from '../numeric/domains.js';
import { AUTO_FAST_ENTRIES } from '../numeric/projection.js';
import { sizeOf } from '../numeric/tensor.js';
import type { Derivation, GradientSpec } from '../derivation/derivation.js';
import { hasSwitches } from './switch-points.js';
import { checkGradientAt, Instances, isUndefinedPoint, type CheckMode, type Point, type PointVerdict } from './point.js';

export interface PropertyOptions {
  readonly runs: number;
  readonly seed: number;
  /** `auto` (the default) is fast where the gradient has more than AUTO_FAST_ENTRIES entries at the largest sizes. */
  readonly mode?: CheckMode | 'auto';
  /** Sizes of some dimensions, fixed instead of drawn. */
  readonly sizes?: ReadonlyMap<string, number>;
  /** Told before each case is checked (progress): how many cases have started, and the case's sizes. */
  readonly onCase?: (started: number, sizes: ReadonlyMap<string, number>) => void;
}


export interface PropertyOutcome {
  readonly ok: boolean;
  readonly cases: number;
  readonly seed: number;
  readonly shrinks: number;
  readonly mode: CheckMode;
  /** The largest relative error seen over all cases. */
  readonly maxRelErr: number;
  /** Points drawn where the forward was undefined or had a pole within the step, skipped (not counted in `cases`). */
  readonly undefinedPoints: number;
  /** Entries at jumps of the forward, over all cases: not judged (full mode). */
  readonly jumps: number;
  /** The shrunk failing point and what the claims give there. */
  readonly counterexample: { readonly point: Point; readonly verdict: PointVerdict } | undefined;
}

export function pointArbitrary(d: Derivation, fixed: ReadonlyMap<string, number> = new Map()): fc.Arbitrary<Point> {
  checkFixedSizes(d, fixed);
  const sizeRecord = Object.fromEntries(
    [...d.dimensions].map(([dim, [low, high]]) => [dim, fixed.has(dim) ? fc.constant(fixed.get(dim)!) : fc.integer({ min: low, max: high })]),
  );
  return fc
    .record(sizeRecord)
    .map((record) => new Map(Object.entries(record)))
    .filter((sizes) => [...d.tensors.values()].every((dims) => dims.every((dim) => dimSize(dim, sizes) >= 1)))
    .chain((sizes) => {
      const shapeOf = (name: string): number[] => d.tensors.get(name)!.map((dim) => dimSize(dim, sizes));
      const inputs = [...d.inputs].map(([name, domain]) => domainArbitrary(domain, shapeOf(name), undefined, sizes));
      // A lone scalar output's upstream gradient is 1 (Instance.moveTo sets it): none is drawn, so none is reported.
      const upstreamSize = d.outputs.filter((o) => o.drawn).reduce((n, o) => n + sizeOf(shapeOf(o.upstream)), 0);
      const upstream = upstreamSize === 0 ? fc.constant(new Float64Array(0)) : domainArbitrary({ kind: 'normal' }, [upstreamSize]);
      return fc.tuple(fc.tuple(...inputs), upstream).map(
        ([values, up]): Point => ({
          sizes,
          inputs: new Map([...d.inputs.keys()].map((name, k) => [name, values[k]!])),
          upstream: up,
        }),
      );
    });
}

/** Fixed sizes must name dimensions of the derivation and leave every tensor non-empty. */
function checkFixedSizes(d: Derivation, fixed: ReadonlyMap<string, number>): void {
  const where = { file: d.file, line: 1, col: 1 };
  for (const [dim, size] of fixed) {
    if (!d.dimensions.has(dim)) throw new InputError(`sizes: ${dim} is not a dimension of ${d.name} (its dimensions: ${[...d.dimensions.keys()].join(', ')})`, where);
    if (!Number.isInteger(size) || size < 1) throw new InputError(`sizes: ${dim} must be a positive integer, got ${size}`, where);
  }
  if (!allFixed(d, fixed)) return; // draws that empty a tensor are filtered out
  for (const [name, dims] of d.tensors) {
    const bad = dims.find((dim) => dimSize(dim, fixed) < 1);
    if (bad !== undefined) throw new InputError(`sizes: ${name} would have dimension ${bad} = ${dimSize(bad, fixed)}`, where);
  }
}

const allFixed = (d: Derivation, fixed: ReadonlyMap<string, number> | undefined): boolean => [...d.dimensions.keys()].every((dim) => fixed?.has(dim));

export function modeFor(d: Derivation, g: GradientSpec, options: PropertyOptions): CheckMode {
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto') return mode;
  const largest = new Map([...d.dimensions].map(([dim, [, high]]) => [dim, options.sizes?.get(dim) ?? high]));
  const entries = d.tensors.get(g.wrt)!.reduce((n, dim) => n * dimSize(dim, largest), 1);
  return entries > AUTO_FAST_ENTRIES ? 'fast' : 'full';
}

/**
 * Points where the forward is undefined (NaN or infinite: a vector of zeros
 * normalised) are skipped and more are drawn, up to this many per case; when
 * more are undefined than that, most of the domain is, and the file should
 * declare a narrower one.
 */
const UNDEFINED_PER_CASE = 1;

/** `instances` may be shared by the gradients of one derivation: the same seed draws the same points for each. */
export function checkProperty(d: Derivation, g: GradientSpec, options: PropertyOptions, instances = new Instances(d)): PropertyOutcome {
  const mode = modeFor(d, g, options);
  const check = { mode, seed: options.seed };
  let maxRelErr = 0;
  let jumps = 0;
  let undefinedForward: InputError | undefined;
  // Every case also puts the forward's non-smooth functions on their switches (0, ties), where a formula
  // right elsewhere can be wrong: in fast mode too, whose direction takes out the kinks it meets there.
  const drawn = pointArbitrary(d, options.sizes);
  const points = hasSwitches(d) ? fc.tuple(drawn, fc.integer()).map(([point, seed]) => instances.onSwitches(point, seededRandom(seed))) : drawn;
  let started = 0;
  const property = fc.property(points, (point) => {
    options.onCase?.(++started, point.sizes);
    const verdict = checkGradientAt(d, g, point, check, instances);
    if (isUndefinedPoint(verdict)) {
      undefinedForward = verdict.undefinedForward;
      fc.pre(false);
      return true;
    }
    if (verdict.ok) maxRelErr = Math.max(maxRelErr, verdict.maxRelErr);
    if (verdict.ok) jumps += verdict.jumps;
    return verdict.ok;
  });
  const run = fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: allFixed(d, options.sizes), maxSkipsPerRun: UNDEFINED_PER_CASE });
  const base = { cases: run.numRuns, seed: run.seed, mode, maxRelErr, undefinedPoints: run.numSkips, jumps };
  if (!run.failed) return { ...base, ok: true, shrinks: 0, counterexample: undefined };
  if (run.counterexample === null) {
    if (undefinedForward !== undefined && run.numSkips > run.numRuns) {
      const { message, location } = undefinedForward;
      throw new InputError(`${message} (at ${run.numSkips} of ${run.numSkips + run.numRuns} points drawn)`, location);
    }
    throw run.errorInstance;
  }
  const [point] = run.counterexample;
  const verdict = checkGradientAt(d, g, point, check, instances);
  if (isUndefinedPoint(verdict)) throw verdict.undefinedForward;
  return { ...base, ok: false, shrinks: run.numShrinks, counterexample: { point, verdict } };
}
