// The element-wise functions of the expression language: one entry each, and
// everything else (parser, evaluator, derive, LaTeX, matrix notation, the
// engine's tfjs compiler) reads this table. Adding a function is adding an
// entry; test/notation/functions.test.ts checks its derivatives against
// finite differences away from its non-smooth points.
//
// Conventions at kinks and jumps: step(0) = 0 (so relu'(0) = 0), sign(0) = 0;
// max/min ties go to the first argument, and so does their derivative; round
// takes halves to the even neighbour (as tfjs and PyTorch do); mod(a, b) has
// the sign of b (a - b * floor(a / b), as tfjs and Python do).
import digamma from '@stdlib/math-base-special-digamma';
import erf from '@stdlib/math-base-special-erf';
import erfc from '@stdlib/math-base-special-erfc';
import gammaln from '@stdlib/math-base-special-gammaln';
import trigamma from '@stdlib/math-base-special-trigamma';

/**
 * Where a function is not differentiable: a kink (one-sided slopes differ), a
 * jump (the value itself is discontinuous) or a pole (the value or its slope
 * grows without bound).
 */
export type NonSmoothKind = 'kink' | 'jump' | 'pole';

export interface NonSmooth {
  readonly kind: NonSmoothKind;
  /** How far (a, b, c) is from the nearest such point, in the arguments' units; 0 on it. */
  readonly distance: (a: number, b: number, c: number) => number;
  /** At a pole: the value can stay finite on it (sqrt at 0, pow at a zero base), where only the slope is unbounded. */
  readonly finiteValue?: true;
}

export interface ElementwiseFunction {
  readonly arity: 1 | 2 | 3;
  readonly apply: (a: number, b: number, c: number) => number;
  /** d/da (d/db, d/dc), expressions of the language in the arguments a, b and c. */
  readonly derivatives: readonly string[];
  /** Whether (a, b) is in the domain (defaults to everywhere). */
  readonly defined?: (a: number, b: number, c: number) => boolean;
  readonly nonSmooth?: readonly NonSmooth[];
  /** The LaTeX it is printed with. */
  readonly latex: string;
  /** Other LaTeX spellings that mean the same function. */
  readonly latexAlso?: readonly string[];
  /** Its name in matrix notation, element-wise on matrices; null where matrix notation spells it otherwise. */
  readonly mathjs?: string | null;
  /** The TensorFlow.js op of the same definition, called as tf[op](a), tf[op](a, b) or tf[op](a, b, c) (where: its condition as a boolean). */
  readonly tfjs?: string;
  /** The operator it is written with (`a < b`), where it is one. */
  readonly infix?: string;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** Round half to even. */
const roundEven = (x: number): number => {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
};
const fractional = (x: number): number => Math.abs(x - Math.round(x));

const kinkAt0: NonSmooth = { kind: 'kink', distance: Math.abs };
const jumpAt0: NonSmooth = { kind: 'jump', distance: Math.abs };
const poleAt0: NonSmooth = { kind: 'pole', distance: Math.abs };
const verticalAt0: NonSmooth = { kind: 'pole', distance: Math.abs, finiteValue: true };
/** lgamma, digamma and trigamma have poles at 0, -1, -2, ... */
const polesAtNonPositiveIntegers: NonSmooth = { kind: 'pole', distance: (x) => (x > 0.5 ? x : fractional(x)) };
const jumpsAtIntegers: NonSmooth = { kind: 'jump', distance: fractional };
const positive = (x: number): boolean => x > 0;
/** A comparison: 1 where it holds, else 0; it jumps where a = b. */
const comparison = (infix: string, holds: (a: number, b: number) => boolean, [latex, ...latexAlso]: readonly [string, ...string[]], tfjs: string): ElementwiseFunction => ({
  arity: 2,
  apply: (a, b) => (holds(a, b) ? 1 : 0),
  derivatives: ['0', '0'],
  nonSmooth: [{ kind: 'jump', distance: (a, b) => Math.abs(a - b) }],
  latex,
  latexAlso,
  tfjs,
  infix,
});
const inUnitInterval = (x: number): boolean => x > -1 && x < 1;

export const FUNCTIONS: Readonly<Record<string, ElementwiseFunction>> = {
  exp: { arity: 1, apply: Math.exp, derivatives: ['exp(a)'], latex: '\\exp', tfjs: 'exp' },
  log: { arity: 1, apply: Math.log, derivatives: ['1 / a'], defined: positive, nonSmooth: [poleAt0], latex: '\\log', latexAlso: ['\\ln'], tfjs: 'log' },
  sqrt: { arity: 1, apply: Math.sqrt, derivatives: ['1 / (2 * sqrt(a))'], defined: positive, nonSmooth: [verticalAt0], latex: '\\sqrt', tfjs: 'sqrt' },
  abs: { arity: 1, apply: Math.abs, derivatives: ['sign(a)'], nonSmooth: [kinkAt0], latex: '\\operatorname{abs}', tfjs: 'abs' },
  sign: { arity: 1, apply: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), derivatives: ['0'], nonSmooth: [jumpAt0], latex: '\\operatorname{sign}', tfjs: 'sign' },
  tanh: { arity: 1, apply: Math.tanh, derivatives: ['1 - tanh(a)^2'], latex: '\\tanh', tfjs: 'tanh' },
  sigmoid: { arity: 1, apply: sigmoid, derivatives: ['sigmoid(a) * (1 - sigmoid(a))'], latex: '\\sigma', tfjs: 'sigmoid' },
  relu: { arity: 1, apply: (x) => (x > 0 ? x : 0), derivatives: ['step(a)'], nonSmooth: [kinkAt0], latex: '\\operatorname{ReLU}', tfjs: 'relu' },
  // tf.step(x) is 1 where x > 0 and 0 elsewhere: step(0) = 0, as here.
  step: { arity: 1, apply: (x) => (x > 0 ? 1 : 0), derivatives: ['0'], nonSmooth: [jumpAt0], latex: '\\operatorname{H}', tfjs: 'step' },
  max: {
    arity: 2,
    apply: (a, b) => (a >= b ? a : b),
    derivatives: ['1 - step(b - a)', 'step(b - a)'],
    nonSmooth: [{ kind: 'kink', distance: (a, b) => Math.abs(a - b) }],
    latex: '\\max',
    mathjs: 'maximum',
    tfjs: 'maximum',
  },
  min: {
    arity: 2,
    apply: (a, b) => (a <= b ? a : b),
    derivatives: ['1 - step(a - b)', 'step(a - b)'],
    nonSmooth: [{ kind: 'kink', distance: (a, b) => Math.abs(a - b) }],
    latex: '\\min',
    mathjs: 'minimum',
    tfjs: 'minimum',
  },
  erf: { arity: 1, apply: erf, derivatives: ['2 / sqrt(pi) * exp(-a^2)'], latex: '\\operatorname{erf}', latexAlso: ['\\mathrm{erf}'], tfjs: 'erf' },
  erfc: { arity: 1, apply: erfc, derivatives: ['-2 / sqrt(pi) * exp(-a^2)'], latex: '\\operatorname{erfc}', latexAlso: ['\\mathrm{erfc}'] },
  sin: { arity: 1, apply: Math.sin, derivatives: ['cos(a)'], latex: '\\sin', tfjs: 'sin' },
  cos: { arity: 1, apply: Math.cos, derivatives: ['-sin(a)'], latex: '\\cos', tfjs: 'cos' },
  tan: {
    arity: 1,
    apply: Math.tan,
    derivatives: ['1 + tan(a)^2'],
    nonSmooth: [{ kind: 'pole', distance: (x) => fractional(x / Math.PI - 0.5) * Math.PI }],
    latex: '\\tan',
    tfjs: 'tan',
  },
  asin: { arity: 1, apply: Math.asin, derivatives: ['1 / sqrt(1 - a^2)'], defined: inUnitInterval, latex: '\\arcsin', tfjs: 'asin' },
  acos: { arity: 1, apply: Math.acos, derivatives: ['-1 / sqrt(1 - a^2)'], defined: inUnitInterval, latex: '\\arccos', tfjs: 'acos' },
  atan: { arity: 1, apply: Math.atan, derivatives: ['1 / (1 + a^2)'], latex: '\\arctan', tfjs: 'atan' },
  // atan2(y, x): the angle of (x, y), with its jump along the negative x axis.
  atan2: {
    arity: 2,
    apply: Math.atan2,
    derivatives: ['b / (a^2 + b^2)', '-a / (a^2 + b^2)'],
    nonSmooth: [{ kind: 'jump', distance: (y, x) => (x < 0 ? Math.abs(y) : Math.hypot(x, y)) }],
    latex: '\\operatorname{atan2}',
    tfjs: 'atan2',
  },
  sinh: { arity: 1, apply: Math.sinh, derivatives: ['cosh(a)'], latex: '\\sinh', tfjs: 'sinh' },
  cosh: { arity: 1, apply: Math.cosh, derivatives: ['sinh(a)'], latex: '\\cosh', tfjs: 'cosh' },
  asinh: { arity: 1, apply: Math.asinh, derivatives: ['1 / sqrt(a^2 + 1)'], latex: '\\operatorname{arsinh}', tfjs: 'asinh' },
  acosh: { arity: 1, apply: Math.acosh, derivatives: ['1 / sqrt(a^2 - 1)'], defined: (x) => x > 1, latex: '\\operatorname{arcosh}', tfjs: 'acosh' },
  atanh: { arity: 1, apply: Math.atanh, derivatives: ['1 / (1 - a^2)'], defined: inUnitInterval, latex: '\\operatorname{artanh}', tfjs: 'atanh' },
  log1p: { arity: 1, apply: Math.log1p, derivatives: ['1 / (1 + a)'], defined: (x) => x > -1, latex: '\\operatorname{log1p}', tfjs: 'log1p' },
  expm1: { arity: 1, apply: Math.expm1, derivatives: ['exp(a)'], latex: '\\operatorname{expm1}', tfjs: 'expm1' },
  lgamma: { arity: 1, apply: gammaln, derivatives: ['digamma(a)'], nonSmooth: [polesAtNonPositiveIntegers], latex: '\\log\\Gamma', latexAlso: ['\\ln\\Gamma'] },
  digamma: { arity: 1, apply: digamma, derivatives: ['trigamma(a)'], nonSmooth: [polesAtNonPositiveIntegers], latex: '\\psi', latexAlso: ['\\digamma'] },
  // Its own derivative (the tetragamma function) is not in the language.
  trigamma: { arity: 1, apply: trigamma, derivatives: [], nonSmooth: [polesAtNonPositiveIntegers], latex: '\\psi_1', latexAlso: ["\\psi'"] },
  // pow(a, b) = a^b for a variable exponent: defined on a positive base.
  pow: {
    arity: 2,
    apply: Math.pow,
    derivatives: ['b * pow(a, b - 1)', 'pow(a, b) * log(a)'],
    defined: positive,
    nonSmooth: [verticalAt0],
    latex: '\\operatorname{pow}',
    mathjs: null,
    tfjs: 'pow',
  },
  floor: { arity: 1, apply: Math.floor, derivatives: ['0'], nonSmooth: [jumpsAtIntegers], latex: '\\operatorname{floor}', latexAlso: ['\\lfloor'], tfjs: 'floor' },
  ceil: { arity: 1, apply: Math.ceil, derivatives: ['0'], nonSmooth: [jumpsAtIntegers], latex: '\\operatorname{ceil}', latexAlso: ['\\lceil'], tfjs: 'ceil' },
  round: {
    arity: 1,
    apply: roundEven,
    derivatives: ['0'],
    nonSmooth: [{ kind: 'jump', distance: (x) => fractional(x - 0.5) }],
    latex: '\\operatorname{round}',
    tfjs: 'round',
  },
  mod: {
    arity: 2,
    apply: (a, b) => a - b * Math.floor(a / b),
    derivatives: ['1', '-floor(a / b)'],
    defined: (_, b) => b !== 0,
    nonSmooth: [{ kind: 'jump', distance: (a, b) => fractional(a / b) * Math.abs(b) }],
    latex: '\\bmod',
    tfjs: 'mod',
    infix: '%',
  },
  // Comparisons, under the names mathjs gives their operators.
  smaller: comparison('<', (a, b) => a < b, ['<', '\\lt'], 'less'),
  smallerEq: comparison('<=', (a, b) => a <= b, ['\\le', '\\leq', '\\leqslant'], 'lessEqual'),
  larger: comparison('>', (a, b) => a > b, ['>', '\\gt'], 'greater'),
  largerEq: comparison('>=', (a, b) => a >= b, ['\\ge', '\\geq', '\\geqslant'], 'greaterEqual'),
  equal: comparison('==', (a, b) => a === b, ['='], 'equal'),
  unequal: comparison('!=', (a, b) => a !== b, ['\\ne', '\\neq'], 'notEqual'),
  // where(c, a, b) is a where c is nonzero, else b: only the branch taken reaches the value, so a NaN or
  // infinity in the other one does not. It is differentiated branch-wise (calculus/differentiate.ts).
  where: {
    arity: 3,
    apply: (c, a, b) => (c !== 0 ? a : b),
    derivatives: ['0', 'where(a, 1, 0)', 'where(a, 0, 1)'],
    nonSmooth: [{ kind: 'jump', distance: Math.abs }],
    latex: '\\operatorname{where}',
    tfjs: 'where',
  },
};

/** The functions written as operators, by name. */
export const INFIX: ReadonlySet<string> = new Set(Object.keys(FUNCTIONS).filter((name) => FUNCTIONS[name]!.infix !== undefined));

export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

/** The name a function has in matrix notation, or undefined where it has none there. */
export function matrixName(name: string): string | undefined {
  const mathjsName = FUNCTIONS[name]!.mathjs;
  return mathjsName === null ? undefined : (mathjsName ?? name);
}
