// A second opinion from nerdamer on scalar identities and derivatives.
// nerdamer has been seen returning wrong derivatives and wrong
// simplifications without error (softmax, log-sum-exp), so none of its answers is
// taken alone: each is evaluated at random points and compared with what the
// numbers say. Loaded lazily; nothing in verify's verdict depends on it.
import { createRequire } from 'node:module';
import { SourceText } from '../../src/notation/errors.js';
import { FUNCTIONS } from '../../src/notation/functions.js';
import { mathjs } from '../../src/notation/mathjs.js';
import { parseEquation } from '../../src/notation/parse.js';
import { exprToString } from '../../src/notation/print.js';
import { seededRandom } from '../../src/numeric/direction.js';

export interface Opinion {
  /** What nerdamer was asked. */
  readonly question: string;
  /** Its answer as text, or `error: ...`. */
  readonly answer: string;
  /** Whether the answer's value agrees with the numbers at every sample point. */
  readonly confirmed: boolean;
  /** The largest relative disagreement seen (Infinity when the answer cannot be evaluated). */
  readonly maxError: number;
}

export interface IdentityOpinion extends Opinion {
  /** nerdamer says a - b expands to 0, and the numbers confirm it. */
  readonly equal: boolean;
  /** What the numbers alone say: a = b at every sample point. */
  readonly holds: boolean;
}

export interface OpinionOptions {
  /** Sample points (default 20); variables are drawn from [0.5, 2], where log and sqrt are defined. */
  readonly points?: number;
  readonly seed?: number;
}

type Nerdamer = (expression: string) => { toString(): string };
let loaded: Nerdamer | undefined;

function nerdamer(): Nerdamer {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  // The core, then the add-ons that register diff and expand's helpers on it.
  const core = require('nerdamer') as Nerdamer & { flush(): void };
  require('nerdamer/Calculus.js');
  require('nerdamer/Algebra.js');
  loaded = (expression) => {
    try {
      return core(expression);
    } finally {
      core.flush(); // its results can depend on earlier calls: forget every stored expression
    }
  };
  return loaded;
}

/** Asks nerdamer; 1.1.13 fails to parse `(S * X)` but not `(S*X)`, so spaces are left out. */
function answerOf(question: string): string {
  try {
    return nerdamer()(question.replace(/\s+/g, '')).toString();
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

/** Whether a and b are the same function: nerdamer expands a - b, the numbers judge its answer. */
export function askIdentity(a: string, b: string, options: OpinionOptions = {}): IdentityOpinion {
  const question = `expand((${a}) - (${b}))`;
  const answer = answerOf(question);
  const [fa, fb] = [evaluator(a), evaluator(b)];
  const fanswer = tryEvaluator(answer);
  let [maxError, gap] = [0, 0];
  for (const vars of samplePoints([a, b, answer], options)) {
    const [va, vb] = [fa(vars), fb(vars)];
    const scale = Math.max(1, Math.abs(va), Math.abs(vb));
    gap = Math.max(gap, Math.abs(va - vb) / scale);
    maxError = Math.max(maxError, relative(va - vb, fanswer?.(vars), scale));
  }
  const confirmed = maxError <= 1e-9;
  return { question, answer, confirmed, maxError, equal: answer === '0' && confirmed, holds: gap <= 1e-9 };
}

/** nerdamer's derivative of f with respect to x, judged against central differences of f. */
export function askDerivative(f: string, x: string, options: OpinionOptions = {}): Opinion {
  const question = `diff(${f}, ${x})`;
  const answer = answerOf(question);
  const ff = evaluator(f);
  const fanswer = tryEvaluator(answer);
  let maxError = 0;
  for (const vars of samplePoints([f, x, answer], options)) {
    const h = 1e-5 * Math.max(1, Math.abs(vars[x]!));
    const slope = (ff({ ...vars, [x]: vars[x]! + h }) - ff({ ...vars, [x]: vars[x]! - h })) / (2 * h);
    maxError = Math.max(maxError, relative(slope, fanswer?.(vars), Math.max(1, Math.abs(slope))));
  }
  return { question, answer, confirmed: maxError <= 1e-6, maxError };
}

const relative = (want: number, got: number | undefined, scale: number): number =>
  got !== undefined && Number.isFinite(want) && Number.isFinite(got) ? Math.abs(want - got) / scale : Infinity;

type Fn = (vars: Readonly<Record<string, number>>) => number;

/** Functions and constants for evaluating both deltagrad's and nerdamer's scalar expressions. */
const SCOPE: Readonly<Record<string, unknown>> = {
  ...Object.fromEntries(Object.entries(FUNCTIONS).map(([name, f]) => [name, (a: number, b = 0, c = 0) => f.apply(a, b, c)])),
  e: Math.E,
  pi: Math.PI,
  sech: (x: number) => 1 / Math.cosh(x),
  cosh: Math.cosh,
  sinh: Math.sinh,
};

function evaluator(text: string): Fn {
  const code = mathjs().parse(text).compile();
  return (vars) => {
    const value: unknown = code.evaluate({ ...SCOPE, ...vars });
    return typeof value === 'number' ? value : NaN;
  };
}

/** An evaluator for nerdamer's answer, or undefined when it is not a scalar function we can evaluate. */
function tryEvaluator(text: string): Fn | undefined {
  try {
    const fn = evaluator(text);
    return (vars) => {
      try {
        return fn(vars);
      } catch {
        return NaN;
      }
    };
  } catch {
    return undefined;
  }
}

/** Random values in [0.5, 2] for every variable of `texts` (names that are not functions or constants). */
function samplePoints(texts: readonly string[], options: OpinionOptions): Record<string, number>[] {
  const names = new Set<string>();
  for (const text of texts) {
    let node;
    try {
      node = mathjs().parse(text);
    } catch {
      continue; // an answer that does not parse is judged by tryEvaluator
    }
    const called = new Set(node.filter((n) => n.type === 'FunctionNode').map((n) => (n as unknown as { fn: { name: string } }).fn.name));
    for (const n of node.filter((m) => m.type === 'SymbolNode')) {
      const name = (n as unknown as { name: string }).name;
      if (!called.has(name) && !(name in SCOPE)) names.add(name);
    }
  }
  const random = seededRandom(options.seed ?? 1);
  return Array.from({ length: options.points ?? 20 }, () => Object.fromEntries([...names].map((n) => [n, 0.5 + 1.5 * random()])));
}

/**
 * The right side of an index equation with no sums, deltas or derivatives (an
 * element-wise result) as a scalar expression: each entry X[i,j] becomes the
 * variable X_i_j. Undefined for anything else.
 */
export function scalarForm(equation: string): string | undefined {
  const eq = parseEquation(SourceText.detached(equation, '<scalar form>'));
  if (eq.form !== 'index') return undefined;
  const text = exprToString(eq.rhs);
  if (/\b(sum|delta|diff)\(/.test(text)) return undefined;
  let plain = true;
  const out = text.replace(/\b([A-Za-z]\w*)\[([^\]]*)\]/g, (_, tensor: string, indices: string) => {
    if (!/^[a-z]\w*(,[a-z]\w*)*$/.test(indices)) plain = false;
    return `${tensor}_${indices.split(',').join('_')}`;
  });
  return plain ? out : undefined;
}
