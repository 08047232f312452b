// Where the forward's functions switch, read from their registry entries
// (notation/functions.ts: a function's `nonSmooth` says where it is not
// smooth and of what kind). Checks place points on these switches on purpose
// (verify/switch-points.ts) rather than leave them to the grid of drawn
// values: a formula that is right everywhere but at the switch (sign(0) = 0
// where kinks cancel) is then caught. Poles are not switches: the forward is
// undefined on most of them, but not on all (finitePoleOf).
import type { ReduceOp } from '../notation/ast.js';
import { FUNCTIONS, type NonSmooth } from '../notation/functions.js';

/** A kink (abs, relu at 0; max, min at ties) or a jump (step, sign at 0; comparisons at equality; floor at integers). */
export type Switch = NonSmooth & { readonly kind: 'kink' | 'jump' };

const isSwitch = (n: NonSmooth): n is Switch => n.kind !== 'pole';

/** The switch of an element-wise function, if it has one. */
export const switchOf = (fn: string): Switch | undefined => (Object.hasOwn(FUNCTIONS, fn) ? FUNCTIONS[fn]!.nonSmooth?.find(isSwitch) : undefined);

/**
 * A pole where the value can stay finite (sqrt at 0): a derivative there is
 * 0 * infinity, NaN, where the composed function may be differentiable
 * (sqrt(x^4) at 0). Checks place points on these too, where the forward stays
 * finite.
 */
export const finitePoleOf = (fn: string): NonSmooth | undefined =>
  Object.hasOwn(FUNCTIONS, fn) ? FUNCTIONS[fn]!.nonSmooth?.find((n) => n.kind === 'pole' && n.finiteValue === true) : undefined;

/** max and min reductions have a kink where the selected entry ties with another; prod is smooth. */
export const reductionSwitches = (op: ReduceOp): boolean => op === 'max' || op === 'min';
