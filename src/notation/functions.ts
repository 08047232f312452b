// The element-wise functions of the expression language, one line each:
// arity, the float64 definition and the LaTeX name. Conventions at kinks:
// step(0) = 0 (so relu'(0) = 0), sign(0) = 0, max/min ties go to the first argument.

export interface ElementwiseFunction {
  readonly arity: 1 | 2;
  readonly apply: (a: number, b: number) => number;
  readonly latex: string;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const FUNCTIONS: Readonly<Record<string, ElementwiseFunction>> = {
  exp: { arity: 1, apply: Math.exp, latex: '\\exp' },
  log: { arity: 1, apply: Math.log, latex: '\\log' },
  sqrt: { arity: 1, apply: Math.sqrt, latex: '\\sqrt' },
  abs: { arity: 1, apply: Math.abs, latex: '\\operatorname{abs}' },
  sign: { arity: 1, apply: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), latex: '\\operatorname{sign}' },
  tanh: { arity: 1, apply: Math.tanh, latex: '\\tanh' },
  sigmoid: { arity: 1, apply: sigmoid, latex: '\\sigma' },
  relu: { arity: 1, apply: (x) => (x > 0 ? x : 0), latex: '\\operatorname{ReLU}' },
  step: { arity: 1, apply: (x) => (x > 0 ? 1 : 0), latex: '\\operatorname{H}' },
  max: { arity: 2, apply: (a, b) => (a >= b ? a : b), latex: '\\max' },
  min: { arity: 2, apply: (a, b) => (a <= b ? a : b), latex: '\\min' },
};

/** Names with a special meaning in index notation, not element-wise functions. */
export const SPECIAL_FORMS = ['sum', 'delta', 'diff'] as const;

export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}
