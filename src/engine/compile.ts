// Matrix notation (mathjs syntax over the file's tensors) compiled to TensorFlow.js: the one place that
// maps each mathjs operator, each function and each named primitive to tfjs
// ops. The expression is parsed once by the same mathjs parser the verifier
// uses; the result is a closure over tfjs calls, run once per training step.
import * as tf from '@tensorflow/tfjs';
import type { MathNode } from 'mathjs';
import { FUNCTIONS, INFIX, matrixName } from '../notation/functions.js';
import { mathjs } from '../notation/mathjs.js';
import { PRIMITIVES } from '../numeric/primitives/index.js';

/** A value in a compiled expression: a tensor, a size or constant, or a string argument ("same"). */
export type Value = tf.Tensor | number | string;
export type Scope = ReadonlyMap<string, tf.Tensor | number>;
export type CompiledExpression = (scope: Scope) => tf.Tensor;

type Op = (...args: Value[]) => Value;

const isNumber = (v: Value): v is number => typeof v === 'number';
const isScalar = (v: Value): boolean => isNumber(v) || (typeof v === 'object' && v.rank === 0);

function tensor(v: Value, what: string): tf.Tensor {
  if (typeof v === 'string') throw new Error(`${what}: a string is not a tensor`);
  return isNumber(v) ? tf.scalar(v) : v;
}

/** Two numbers stay numbers (sizes such as 1/S); anything else goes through tfjs, which broadcasts as NumPy does. */
const arithmetic = (js: (a: number, b: number) => number, op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, what: string): Op =>
  (a, b) => (isNumber(a!) && isNumber(b!) ? js(a, b) : op(tensor(a!, what), tensor(b!, what)));

const unary = (js: (a: number) => number, op: (a: tf.Tensor) => tf.Tensor, what: string): Op =>
  (a) => (isNumber(a!) ? js(a) : op(tensor(a!, what)));

/** mathjs `*`: a scalar scales; two vectors or matrices multiply as matrices; a batch of matrices (rank 3) matrix by matrix, as in the verifier. */
function matrixProduct(a: Value, b: Value): Value {
  if (isNumber(a) && isNumber(b)) return a * b;
  const [x, y] = [tensor(a, '*'), tensor(b, '*')];
  if (isScalar(a) || isScalar(b)) return tf.mul(x, y);
  if (x.rank === 3 || y.rank === 3) {
    if (x.rank < 2 || y.rank < 2 || x.rank > 3 || y.rank > 3) throw new Error(`* of rank-${x.rank} and rank-${y.rank} tensors: batched products take matrices and batches of matrices`);
    return tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D);
  }
  if (x.rank > 2 || y.rank > 2) throw new Error(`* of rank-${x.rank} and rank-${y.rank} tensors: matrix products take vectors and matrices`);
  return tf.dot(x, y);
}

/** mathjs `'`: a matrix transposes, a batch of matrices matrix by matrix, a vector or scalar is unchanged. */
function transpose(a: Value): Value {
  const x = tensor(a, "'");
  return x.rank === 2 ? tf.transpose(x) : x.rank === 3 ? tf.transpose(x, [0, 2, 1]) : x;
}

/** mathjs's reductions take a 1-based dimension in expression syntax: sum(dY, 1) sums over rows. */
const reduction = (op: (x: tf.Tensor, axis?: number) => tf.Tensor, what: string): Op =>
  (a, dim) => (dim === undefined ? op(tensor(a!, what)) : op(tensor(a!, what), (dim as number) - 1));

const OPERATORS: Readonly<Record<string, Op>> = {
  add: arithmetic((a, b) => a + b, tf.add, '+'),
  subtract: arithmetic((a, b) => a - b, tf.sub, '-'),
  dotMultiply: arithmetic((a, b) => a * b, tf.mul, '.*'),
  dotDivide: arithmetic((a, b) => a / b, tf.div, './'),
  dotPow: arithmetic((a, b) => a ** b, tf.pow, '.^'),
  divide: (a, b) => {
    if (!isScalar(b!)) throw new Error('/ by a matrix (a matrix inverse) is not available in the engine; divide by scalars only');
    return arithmetic((x, y) => x / y, tf.div, '/')(a!, b!);
  },
  pow: (a, b) => {
    if (!isScalar(a!)) throw new Error('^ of a matrix (a matrix power) is not available in the engine; use .^ for element-wise powers');
    return arithmetic((x, y) => x ** y, tf.pow, '^')(a!, b!);
  },
  multiply: (a, b) => matrixProduct(a!, b!),
  unaryMinus: unary((a) => -a, tf.neg, '-'),
  unaryPlus: (a) => a!,
  ctranspose: (a) => transpose(a!),
  transpose: (a) => transpose(a!),
};

/**
 * The tfjs op a registry entry names (src/notation/functions.ts), called by name; comparisons give 0 and 1, as in the
 * verifier, and where's condition is true where it is nonzero (tf.where takes a boolean one).
 */
function tfjsOp(name: string): (...xs: tf.Tensor[]) => tf.Tensor {
  const op = (tf as unknown as Record<string, (...xs: tf.Tensor[]) => tf.Tensor>)[name]!;
  return (...xs) => {
    const y = name === 'where' ? op(tf.notEqual(xs[0]!, 0), xs[1]!, xs[2]!) : op(...xs);
    return y.dtype === 'bool' ? tf.cast(y, 'float32') : y;
  };
}

/** The element-wise functions of the expression language that have a tfjs op, under their matrix-notation names; numbers alone stay numbers. */
const ELEMENTWISE: Readonly<Record<string, Op>> = Object.fromEntries(
  Object.entries(FUNCTIONS).flatMap(([name, f]) => {
    const as = matrixName(name);
    if (f.tfjs === undefined || as === undefined) return [];
    const op = tfjsOp(f.tfjs);
    const apply: Op = (...xs) => (xs.every(isNumber) ? f.apply(xs[0]!, xs[1] ?? 0, xs[2] ?? 0) : op(...xs.map((x) => tensor(x, as))));
    return [[as, apply]];
  }),
);

/** The functions written as operators (`X > 0`, `A % 2`), under the names mathjs gives the operators. */
const INFIX_OPERATORS: Readonly<Record<string, Op>> = Object.fromEntries([...INFIX].flatMap((name) => (Object.hasOwn(ELEMENTWISE, name) ? [[name, ELEMENTWISE[name]!]] : [])));

const FUNCTION_OPS: Readonly<Record<string, Op>> = {
  ...ELEMENTWISE,
  sum: reduction((x, axis) => tf.sum(x, axis), 'sum'),
  mean: reduction((x, axis) => tf.mean(x, axis), 'mean'),
  max: reduction((x, axis) => tf.max(x, axis), 'max'),
  min: reduction((x, axis) => tf.min(x, axis), 'min'),
  transpose: (a) => transpose(a!),
  ones: (...dims) => tf.ones(dims as number[]),
  eye: (n) => tf.eye(n as number),
  // diag of a vector is a diagonal matrix; of a matrix, its diagonal (as in mathjs).
  diag: (a) => {
    const x = tensor(a!, 'diag');
    return x.rank === 1 ? tf.diag(x) : tf.sum(tf.mul(x, tf.eye(x.shape[0]!, x.shape[1])), 1);
  },
  trace: (a) => {
    const x = tensor(a!, 'trace');
    return tf.sum(tf.mul(x, tf.eye(x.shape[0]!, x.shape[1])));
  },
  ...Object.fromEntries([...PRIMITIVES.values()].map((p) => [p.name, (...args: Value[]) => p.tfjs(tf, ...args)])),
};

/** The names of every function the engine can compile. */
export const ENGINE_FUNCTIONS: readonly string[] = Object.keys(FUNCTION_OPS).sort();

type Node = (scope: Scope) => Value;

const own = (table: Readonly<Record<string, Op>>, key: string): Op | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/**
 * Compiles a matrix-notation expression (the right-hand side of `dW = dY' * X`).
 * Names not in `constants` are looked up in the scope at each call. Throws when
 * the expression uses something the engine has no tfjs mapping for.
 * `transposed` compiles (expression)' instead, the transpose carried into
 * products, (A B)' = B' A', and cancelled on transposed operands, (A')' = A:
 * (dY' * X)' runs as X' * dY, for a weight the engine stores transposed.
 */
export function compileMatrixExpression(expression: string, constants: ReadonlyMap<string, number> = new Map(), { transposed = false } = {}): CompiledExpression {
  const parsed = mathjs().parse(expression);
  const root = transposed ? buildTransposed(parsed, constants, expression) : build(parsed, constants, expression);
  return (scope) => {
    const value = root(scope);
    if (typeof value === 'string') throw new Error(`${expression} gives a string, not a tensor`);
    return isNumber(value) ? tf.scalar(value) : value;
  };
}

function build(node: MathNode, constants: ReadonlyMap<string, number>, source: string): Node {
  const n = node as unknown as { name: string; value: unknown; fn: string | { name: string }; args: MathNode[]; content: MathNode };
  switch (node.type) {
    case 'ConstantNode': {
      const value = n.value;
      if (typeof value !== 'number' && typeof value !== 'string') throw new Error(`${source}: unsupported constant ${String(value)}`);
      return () => value;
    }
    case 'SymbolNode': {
      const constant = constants.get(n.name);
      if (constant !== undefined) return () => constant;
      const name = n.name;
      return (scope) => {
        const value = scope.get(name);
        if (value === undefined) throw new Error(`${source}: no value for ${name}`);
        return value;
      };
    }
    case 'ParenthesisNode':
      return build(n.content, constants, source);
    case 'ArrayNode': {
      // [a, b] stacks its items along a new first axis: [b] is b as a 1 x N matrix.
      const items = (node as unknown as { items: MathNode[] }).items.map((item) => build(item, constants, source));
      return (scope) => tf.stack(items.map((item) => tensor(item(scope), '[...]')));
    }
    case 'OperatorNode':
      return apply(own(OPERATORS, n.fn as string) ?? own(INFIX_OPERATORS, n.fn as string), `operator ${String(n.fn)}`, n.args, constants, source);
    case 'FunctionNode': {
      const name = (n.fn as { name: string }).name;
      return apply(own(FUNCTION_OPS, name), `function ${name}`, n.args, constants, source);
    }
    default:
      throw new Error(`${source}: the engine cannot compile a ${node.type}`);
  }
}

/** The transpose of `node`: pushed into products and parentheses, cancelled by a transpose, applied to the value elsewhere. */
function buildTransposed(node: MathNode, constants: ReadonlyMap<string, number>, source: string): Node {
  const n = node as unknown as { fn: string; args: MathNode[]; content: MathNode };
  if (node.type === 'ParenthesisNode') return buildTransposed(n.content, constants, source);
  if (node.type === 'OperatorNode' && (n.fn === 'ctranspose' || n.fn === 'transpose')) return build(n.args[0]!, constants, source);
  if (node.type === 'OperatorNode' && n.fn === 'multiply') {
    const [a, b] = n.args.map((x) => buildTransposed(x, constants, source)) as [Node, Node];
    return (scope) => matrixProduct(b(scope), a(scope));
  }
  // Elsewhere (sums, broadcasts) the value's own shape decides what its transpose is.
  const value = build(node, constants, source);
  return (scope) => transpose(value(scope));
}

function apply(op: Op | undefined, what: string, args: readonly MathNode[], constants: ReadonlyMap<string, number>, source: string): Node {
  if (op === undefined) throw new Error(`${source}: the engine has no tfjs mapping for ${what} (it knows ${ENGINE_FUNCTIONS.join(', ')})`);
  const parts = args.map((a) => build(a, constants, source));
  return (scope) => op(...parts.map((p) => p(scope)));
}
