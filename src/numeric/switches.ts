// Where the element-wise functions are not smooth, one entry per function:
// the kind of switch and a quantity of the arguments that is zero exactly
// there. Checks place points on these switches on purpose (verify/switch-
// points.ts) rather than leave them to the grid of drawn values: a formula
// that is right everywhere but at the switch (sign(0) = 0 where kinks cancel)
// is then caught. A function not listed is smooth wherever it is defined.

/**
 * kink: continuous, the slope jumps (abs, relu at 0; max, min at ties);
 * jump: the value jumps (step, sign at 0).
 */
export type SwitchKind = 'kink' | 'jump';

export interface Switch {
  readonly kind: SwitchKind;
  /** Zero exactly where the function switches, as a function of its arguments. */
  readonly at: (a: number, b: number) => number;
}

const atZero = (a: number): number => a;
const atTie = (a: number, b: number): number => a - b;

export const SWITCHES: Readonly<Record<string, Switch>> = {
  abs: { kind: 'kink', at: atZero },
  relu: { kind: 'kink', at: atZero },
  max: { kind: 'kink', at: atTie },
  min: { kind: 'kink', at: atTie },
  step: { kind: 'jump', at: atZero },
  sign: { kind: 'jump', at: atZero },
};

export const switchOf = (fn: string): Switch | undefined => (Object.hasOwn(SWITCHES, fn) ? SWITCHES[fn] : undefined);
