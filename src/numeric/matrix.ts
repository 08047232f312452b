// Matrix notation (mathjs syntax over the file's tensors), evaluated by mathjs on float64 arrays.
// Tensors of rank 0, 1 and 2 enter the scope as a number, a 1-D array and a
// nested 2-D array; the result comes back as a Tensor.
import type { MathNode } from 'mathjs';
import { mathjs } from '../notation/mathjs.js';
import { LruMap } from './lru.js';
import { FUNCTIONS, matrixName } from '../notation/functions.js';
import { PRIMITIVES } from './primitives/index.js';
import type { Arg } from './primitives/primitive.js';
import type { Tensor } from './tensor.js';
import { toNested } from './tensor.js';
import { elementwise, FAST_OPERATORS, fastName } from './matrix-elementwise.js';

/**
 * The element-wise functions of index notation apply element-wise in matrix
 * notation too, with the same definitions (mathjs's own exp, sqrt, ... reject
 * matrices), under their matrix-notation names; eye is mathjs's identity.
 */
const ELEMENTWISE = Object.entries(FUNCTIONS).flatMap(([name, f]) => {
  const as = matrixName(name);
  return as === undefined ? [] : [[as, f] as const];
});

const rankOf = (x: unknown): number => (Array.isArray(x) ? 1 + rankOf(x[0]) : 0);

/**
 * f applied entry by entry, broadcasting as mathjs's own element-wise
 * operators do (and NumPy): axes are aligned from the last, and a missing axis
 * or one of length 1 meets every entry of the other arguments.
 */
function lift(f: (a: number, b: number, c: number) => number): (...args: unknown[]) => unknown {
  const map = (args: readonly unknown[], ranks: readonly number[], depth: number): unknown => {
    if (depth === 0) return f(args[0] as number, args[1] as number, args[2] as number);
    const along = ranks.map((r) => r === depth);
    const lengths = new Set(args.filter((_, k) => along[k]).map((a) => (a as unknown[]).length));
    const length = Math.max(...lengths);
    if ([...lengths].some((n) => n !== 1 && n !== length)) throw new Error(`Dimension mismatch: cannot broadcast lengths ${[...lengths].join(' and ')}`);
    const inner = ranks.map((r, k) => (along[k] ? r - 1 : r));
    // One argument list reused along the axis: the call below reads it before the next entry overwrites it.
    const entry = [...args];
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) {
      for (let k = 0; k < 3; k++) {
        const a = args[k] as unknown[];
        if (along[k]) entry[k] = a.length === 1 ? a[0] : a[i];
      }
      out[i] = map(entry, inner, depth - 1);
    }
    return out;
  };
  return (...args) => {
    const padded = [0, 1, 2].map((k) => args[k] ?? 0);
    const ranks = padded.map(rankOf);
    return map(padded, ranks, Math.max(...ranks));
  };
}

let imported = false;

/** The name `*` is evaluated by: batched products, matrix products over typed arrays, anything else by mathjs's multiply. */
const PRODUCT = 'deltagradProduct';

const isMatrix = (x: unknown): x is number[][] => Array.isArray(x) && x.length > 0 && Array.isArray(x[0]) && typeof x[0][0] === 'number';

/**
 * A x B for nested arrays, over typed arrays, row by row: each entry adds
 * a[i][p] * b[p][j] for p = 0, 1, ... from 0, the operations and order of
 * mathjs's dense product, so the results are the same to the bit, at a
 * fraction of its time on large matrices.
 */
function matmul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const [n, k, m] = [a.length, b.length, b[0]!.length];
  if (b.every((row) => row.every((x) => Object.is(x, row[0])))) return matmulConstantRows(a, b.map((row) => row[0]!), m);
  const bt = new Float64Array(k * m);
  b.forEach((row, p) => bt.set(row, p * m));
  const out: number[][] = [];
  const acc = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    const row = a[i]!;
    for (let p = 0; p < k; p++) {
      const x = row[p]!;
      const from = p * m;
      for (let j = 0; j < m; j++) acc[j]! += x * bt[from + j]!;
    }
    out.push(Array.from(acc));
  }
  return out;
}

/**
 * A product with a batch of matrices (rank 3) on one side or both: matrix by
 * matrix along the batch, a matrix or vector on the other side meeting every
 * one (NumPy's matmul); undefined where neither side is a batch.
 */
function batchedProduct(a: unknown, b: unknown, product: (a: unknown, b: unknown) => unknown): unknown[] | undefined {
  const [ra, rb] = [rankOf(a), rankOf(b)];
  if (ra > 3 || rb > 3) throw new Error(`* of rank-${ra} and rank-${rb} tensors: products take batches of matrices (rank 3) at most`);
  if ((ra !== 3 && rb !== 3) || ra === 0 || rb === 0) return undefined;
  const [as, bs] = [a as unknown[], b as unknown[]];
  if (ra === 3 && rb === 3 && as.length !== bs.length) throw new Error(`batched product of batches of ${as.length} and ${bs.length} matrices`);
  return Array.from({ length: ra === 3 ? as.length : bs.length }, (_, k) => product(ra === 3 ? as[k] : a, rb === 3 ? bs[k] : b));
}

/**
 * A x B where each row of B repeats one number (B = b 1^T, as ones(C, C)):
 * every column of the product is A b, summed in the same order as matmul does.
 */
function matmulConstantRows(a: readonly (readonly number[])[], b: readonly number[], m: number): number[][] {
  return a.map((row) => {
    let acc = 0;
    for (let p = 0; p < b.length; p++) acc += row[p]! * b[p]!;
    return new Array<number>(m).fill(acc);
  });
}

function instance(): ReturnType<typeof mathjs> {
  const math = mathjs();
  if (!imported) {
    const extra = Object.fromEntries(ELEMENTWISE.map(([name, f]) => [name, lift(f.apply)]));
    const primitives = Object.fromEntries(
      [...PRIMITIVES.values()].map((p) => [p.name, (...args: unknown[]) => toNested(p.reference(...args.map(toArg)))]),
    );
    const product = (a: unknown, b: unknown): unknown => {
      const batched = batchedProduct(a, b, product);
      if (batched !== undefined) return batched;
      return isMatrix(a) && isMatrix(b) && b.length === a[0]!.length ? matmul(a, b) : math.multiply(a as number, b as number);
    };
    // A batch of matrices transposes matrix by matrix (NumPy's swapaxes(-1, -2)).
    const plainTranspose = math.transpose;
    const transpose = (x: unknown): unknown => (rankOf(x) === 3 ? (x as unknown[]).map((m) => plainTranspose(m as number[][])) : plainTranspose(x as number[][]));
    const eye = (rows: number, cols: number = rows) => math.identity(rows, cols);
    const operators = Object.fromEntries([...FAST_OPERATORS].map(([fn, op]) => [fastName(fn), elementwise(op, (a, b) => (math as unknown as Record<string, (a: unknown, b: unknown) => unknown>)[fn]!(a, b))]));
    math.import({ ...extra, ...primitives, ...operators, [PRODUCT]: product, transpose, ctranspose: transpose, eye }, { override: true });
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
    const math = instance();
    type Node = MathNode;
    // transform does not visit a replacement's children: the operands are rewritten first.
    const rewrite = (n: Node): Node => {
      const op = n as unknown as { type: string; fn: string; args: Node[] };
      if (op.type !== 'OperatorNode' || op.args.length !== 2) return n;
      const name = op.fn === 'multiply' ? PRODUCT : FAST_OPERATORS.has(op.fn) ? fastName(op.fn) : undefined;
      return name === undefined ? n : new math.FunctionNode(name, op.args.map((arg) => arg.transform(rewrite)) as never);
    };
    const node = math.parse(expression).transform(rewrite);
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
  for (const [name, t] of tensors) {
    if (!names.has(name)) continue;
    const nested = toNested(t);
    if (typeof nested === 'object' && nested !== null) madeFrom.set(nested, t);
    scope.set(name, nested);
  }
  return fromNested(evaluate(scope));
}

/** The tensor each scope's nested arrays were made from: a primitive given them as they are gets the tensor back, unconverted. */
const madeFrom = new WeakMap<object, Tensor>();

const toArg = (a: unknown): Arg => (typeof a === 'string' || typeof a === 'number' ? a : (madeFrom.get(a as object) ?? fromNested(a)));

function fromNested(value: unknown): Tensor {
  const plain = (value as { valueOf?: () => unknown })?.valueOf?.() ?? value;
  if (typeof plain === 'number') return { shape: [], data: Float64Array.of(plain) };
  if (!Array.isArray(plain)) throw new Error(`matrix expression gave ${typeof plain}, not a number or matrix`);
  const shape: number[] = [];
  for (let v: unknown = plain; Array.isArray(v); v = v[0]) shape.push(v.length);
  const flat: number[] = [];
  flatInto(plain, shape.length, flat);
  return { shape, data: Float64Array.from(flat) };
}

/** Appends the entries of nested arrays to `out` (Array.prototype.flat's order, down to `depth` levels), numbers only. */
function flatInto(values: readonly unknown[], depth: number, out: number[]): void {
  for (const x of values) {
    if (depth > 0 && Array.isArray(x)) flatInto(x, depth - 1, out);
    else if (typeof x === 'number') out.push(x);
    else throw new Error('matrix expression gave non-numeric entries');
  }
}

/** Shapes are compared after dropping axes of length 1 (a 1xN row and an N-vector are the same numbers). */
export function squeezedShape(shape: readonly number[]): number[] {
  return shape.filter((n) => n !== 1);
}
