// The work a check at fixed sizes will do, in operations (statements of the
// compiled code), known before any of it runs: each forward line and claim is
// compiled at the sizes, which counts its statements, and the oracle's
// evaluations of the forward lines are counted as the mode does them. Matrix
// forms, evaluated by mathjs, are not counted.
import { dimSize } from '../notation/shapes.js';
import { compileEquation, type Layout } from '../numeric/compile.js';
import { claimsOf, skipReason, type CheckMode } from './point.js';
import { modeFor, type PropertyOptions } from './property.js';
import type { Derivation } from '../derivation/derivation.js';

/** Above this many operations `verify --sizes` refuses to start unless forced: about a minute of work. */
export const WORK_BUDGET = 3e10;

/**
 * Evaluations of the forward lines per case: in fast mode the point itself,
 * a directional derivative (2 to 6) and the probes of a kink or a mismatch,
 * about 8 when nothing is wrong; in full mode 4 per entry of the input.
 */
const forwardRuns = (mode: CheckMode, entries: number): number => (mode === 'fast' ? 8 : 1 + 4 * entries);

export function estimateOperations(d: Derivation, sizes: ReadonlyMap<string, number>, options: Pick<PropertyOptions, 'mode' | 'runs'>): number {
  const shapes = new Map([...d.tensors].map(([name, dims]) => [name, dims.map((dim) => dimSize(dim, sizes))]));
  const layout: Layout = {
    tensors: new Map([...shapes].map(([name, shape], id) => [name, { id, shape }])),
    sizes,
    diffTable: () => shapes.size,
  };
  const forward = d.forward.reduce((n, line) => n + (line.form === 'index' ? compileEquation(line.eq, layout).operations : 0), 0);
  let total = 0;
  for (const g of d.gradients) {
    const mode = modeFor(d, g, { ...options, seed: 0, sizes });
    const entries = shapes.get(g.wrt)!.reduce((n, size) => n * size, 1);
    const claims = claimsOf(g).reduce(
      (n, { claim }) => n + (claim.form === 'index' && claim.eq.conflict === undefined && skipReason(claim, mode) === undefined ? compileEquation(claim.eq, layout).operations : 0),
      0,
    );
    total += options.runs * (forward * forwardRuns(mode, entries) + claims);
  }
  return total;
}
