// Matrix notation (mathjs syntax over the file's tensors), evaluated by mathjs on float64 arrays.
// Tensors of rank 0, 1 and 2 enter the scope as a number, a 1-D array and a
// nested 2-D array; the result comes back as a Tensor.
import { mathjs } from '../notation/mathjs.js';
import { LruMap } from './lru.js';
import { FUNCTIONS } from '../notation/functions.js';
import { PRIMITIVES } from './primitives/index.js';
import type { Arg } from './primitives/primitive.js';
import type { Tensor } from './tensor.js';
import { toNested } from './tensor.js';

/**
 * The one-argument functions of index notation apply element-wise in matrix
 * notation too, with the same definitions (mathjs's own exp, sqrt, ... reject
 * matrices); eye is mathjs's identity.
 */
const ELEMENTWISE = Object.entries(FUNCTIONS).filter(([, f]) => f.arity === 1);

let imported = false;

function instance(): ReturnType<typeof mathjs> {
  const math = mathjs();
  if (!imported) {
    const lift = (fn: (x: number) => number) => {
      const map = (x: unknown): unknown => (Array.isArray(x) ? x.map(map) : fn(x as number));
      return map;
    };
    const extra = Object.fromEntries(ELEMENTWISE.map(([name, f]) => [name, lift((x) => f.apply(x, 0))]));
    const primitives = Object.fromEntries(
      [...PRIMITIVES.values()].map((p) => [p.name, (...args: unknown[]) => toNested(p.reference(...args.map(toArg)))]),
    );
    math.import({ ...extra, ...primitives, eye: (rows: number, cols: number = rows) => math.identity(rows, cols) }, { override: true });
    imported = true;
  }
  return math;
}

/** Whether matrix notation knows a function of this name. */
export function isMatrixFunction(name: string): boolean {
  return typeof (instance() as unknown as Record<string, unknown>)[name] === 'function';
}

interface CompiledMatrix {
  readonly evaluate: (scope: Map<string, unknown>) => unknown;
  readonly names: ReadonlySet<string>;
}

/**
 * Parsed and compiled once per expression: the verifier evaluates the same
 * claim at every property case. Bounded, as its keys are the input's claims;
 * the built-ins have a few dozen.
 */
const compiled = new LruMap<string, CompiledMatrix>(1000);

function compile(expression: string): CompiledMatrix {
  let c = compiled.get(expression);
  if (c === undefined) {
    const node = instance().parse(expression);
    const code = node.compile();
    c = { evaluate: (scope) => code.evaluate(scope), names: new Set(node.filter((n) => n.type === 'SymbolNode').map((n) => (n as unknown as { name: string }).name)) };
    compiled.set(expression, c);
  }
  return c;
}

/** Evaluates `expression` with the tensors it names (only those are converted: at production sizes the others cost more than the product). */
export function evaluateMatrix(expression: string, tensors: ReadonlyMap<string, Tensor>): Tensor {
  const { evaluate, names } = compile(expression);
  const scope = new Map<string, unknown>();
  for (const [name, t] of tensors) if (names.has(name)) scope.set(name, toNested(t));
  return fromNested(evaluate(scope));
}

const toArg = (a: unknown): Arg => (typeof a === 'string' || typeof a === 'number' ? a : fromNested(a));

function fromNested(value: unknown): Tensor {
  const plain = (value as { valueOf?: () => unknown })?.valueOf?.() ?? value;
  if (typeof plain === 'number') return { shape: [], data: Float64Array.of(plain) };
  if (!Array.isArray(plain)) throw new Error(`matrix expression gave ${typeof plain}, not a number or matrix`);
  const shape: number[] = [];
  for (let v: unknown = plain; Array.isArray(v); v = v[0]) shape.push(v.length);
  const flat = (plain as unknown[]).flat(shape.length) as unknown[];
  if (flat.some((x) => typeof x !== 'number')) throw new Error('matrix expression gave non-numeric entries');
  return { shape, data: Float64Array.from(flat as number[]) };
}

/** Shapes are compared after dropping axes of length 1 (a 1xN row and an N-vector are the same numbers). */
export function squeezedShape(shape: readonly number[]): number[] {
  return shape.filter((n) => n !== 1);
}
