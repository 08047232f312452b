// The element-wise functions of the expression language, one line each:
// arity, the float64 definition, the partial derivatives (index notation in
// the arguments a and b) and the LaTeX name. Conventions at kinks: step(0) = 0
// (so relu'(0) = 0), sign(0) = 0; max/min ties go to the first argument, and
// so does their derivative.

export interface ElementwiseFunction {
  readonly arity: 1 | 2;
  readonly apply: (a: number, b: number) => number;
  /** d/da (and d/db), written in terms of a and b. */
  readonly derivatives: readonly string[];
  readonly latex: string;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const FUNCTIONS: Readonly<Record<string, ElementwiseFunction>> = {
  exp: { arity: 1, apply: Math.exp, derivatives: ['exp(a)'], latex: '\\exp' },
  log: { arity: 1, apply: Math.log, derivatives: ['1 / a'], latex: '\\log' },
  sqrt: { arity: 1, apply: Math.sqrt, derivatives: ['1 / (2 * sqrt(a))'], latex: '\\sqrt' },
  abs: { arity: 1, apply: Math.abs, derivatives: ['sign(a)'], latex: '\\operatorname{abs}' },
  sign: { arity: 1, apply: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), derivatives: ['0'], latex: '\\operatorname{sign}' },
  tanh: { arity: 1, apply: Math.tanh, derivatives: ['1 - tanh(a)^2'], latex: '\\tanh' },
  sigmoid: { arity: 1, apply: sigmoid, derivatives: ['sigmoid(a) * (1 - sigmoid(a))'], latex: '\\sigma' },
  relu: { arity: 1, apply: (x) => (x > 0 ? x : 0), derivatives: ['step(a)'], latex: '\\operatorname{ReLU}' },
  step: { arity: 1, apply: (x) => (x > 0 ? 1 : 0), derivatives: ['0'], latex: '\\operatorname{H}' },
  max: { arity: 2, apply: (a, b) => (a >= b ? a : b), derivatives: ['1 - step(b - a)', 'step(b - a)'], latex: '\\max' },
  min: { arity: 2, apply: (a, b) => (a <= b ? a : b), derivatives: ['1 - step(a - b)', 'step(a - b)'], latex: '\\min' },
};

export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}
