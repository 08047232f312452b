// The baseline for the compiled evaluator, and nothing else: the ast.ts tree is
// walked afresh for every output element and every term of every sum, index
// values live in a Map from index name to value, and tensors are looked up by
// name. It is what an interpreter written in an afternoon would do.
import type { AffineIndex, Expr, IndexEquation, ReduceOp } from '../src/notation/ast.js';
import { exprChildren, plainName } from '../src/notation/ast.js';
import { FUNCTIONS } from '../src/notation/functions.js';
import type { Tensor } from '../src/numeric/tensor.js';

type Env = Map<string, number>;

/**
 * Evaluates `eq` over every value of its left-side indices into `out`
 * (row-major). The range of each index is taken, once, from the first tensor
 * that uses it as a plain index; an index name reused over two different
 * ranges in one equation is not supported. `diff` is not supported.
 */
export function evaluateNaive(
  eq: IndexEquation,
  tensors: ReadonlyMap<string, Tensor>,
  sizes: ReadonlyMap<string, number>,
  out: Float64Array,
): void {
  const ranges = indexRanges(eq.rhs, tensors);
  const lhs = eq.lhs.indices;
  const lhsSizes = lhs.map((name) => {
    const n = ranges.get(name);
    if (n === undefined) throw new Error(`cannot tell the range of index ${name}`);
    return n;
  });
  const env: Env = new Map();
  let flat = 0;
  const loop = (d: number): void => {
    if (d === lhs.length) {
      out[flat++] = walk(eq.rhs, env, tensors, sizes, ranges);
      return;
    }
    for (let k = 0; k < lhsSizes[d]!; k++) {
      env.set(lhs[d]!, k);
      loop(d + 1);
    }
  };
  loop(0);
}

function walk(e: Expr, env: Env, tensors: ReadonlyMap<string, Tensor>, sizes: ReadonlyMap<string, number>, ranges: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'sym': {
      const t = tensors.get(e.name);
      if (t !== undefined) return t.data[0]!;
      const size = sizes.get(e.name);
      if (size !== undefined) return size;
      throw new Error(`unknown name ${e.name}`);
    }
    case 'access': {
      const t = tensors.get(e.tensor);
      if (t === undefined) throw new Error(`unknown tensor ${e.tensor}`);
      let off = 0;
      for (let k = 0; k < e.indices.length; k++) {
        const v = affine(e.indices[k]!, env, tensors, sizes, ranges);
        const n = t.shape[k]!;
        if (v < 0 || v >= n) return 0;
        off = off * n + v;
      }
      return t.data[off]!;
    }
    case 'delta':
      return affine(e.a, env, tensors, sizes, ranges) === affine(e.b, env, tensors, sizes, ranges) ? 1 : 0;
    case 'index':
      return affine(e.index, env, tensors, sizes, ranges);
    case 'sum':
    case 'reduce': {
      const [start, combine] = e.kind === 'sum' ? REDUCTIONS.sum : REDUCTIONS[e.op];
      const over = (k: number): number => {
        if (k === e.indices.length) return walk(e.body, env, tensors, sizes, ranges);
        const name = e.indices[k]!;
        const n = ranges.get(name)!;
        let acc = start;
        for (let v = 0; v < n; v++) {
          env.set(name, v);
          acc = combine(acc, over(k + 1));
        }
        return acc;
      };
      const value = over(0);
      for (const name of e.indices) env.delete(name);
      return value;
    }
    case 'binary': {
      const l = walk(e.left, env, tensors, sizes, ranges);
      const r = walk(e.right, env, tensors, sizes, ranges);
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return l / r;
        case '^':
          return Math.pow(l, r);
      }
      break;
    }
    case 'neg':
      return -walk(e.arg, env, tensors, sizes, ranges);
    case 'call': {
      const fn = FUNCTIONS[e.fn];
      if (fn === undefined) throw new Error(`unknown function ${e.fn}`);
      const [a = 0, b = 0, c = 0] = e.args.map((arg) => walk(arg, env, tensors, sizes, ranges));
      return fn.apply(a, b, c);
    }
    case 'diff':
      throw new Error('the naive evaluator does not evaluate diff(...)');
    default: {
      const never: never = e;
      return never;
    }
  }
  throw new Error('unreachable');
}

/** Each reduction's start value and how it takes in one more term. */
const REDUCTIONS: Readonly<Record<'sum' | ReduceOp, readonly [number, (acc: number, x: number) => number]>> = {
  sum: [0, (acc, x) => acc + x],
  max: [-Infinity, Math.max],
  min: [Infinity, Math.min],
  prod: [1, (acc, x) => acc * x],
};

/** An index's value: its affine terms, plus its non-affine part (`tok[s]`, `floor(i / 2)`) walked as an expression. */
function affine(ix: AffineIndex, env: Env, tensors: ReadonlyMap<string, Tensor>, sizes: ReadonlyMap<string, number>, ranges: ReadonlyMap<string, number>): number {
  let v = ix.offset + (ix.rest === undefined ? 0 : walk(ix.rest.expr, env, tensors, sizes, ranges));
  for (const t of ix.terms) {
    const value = env.get(t.name);
    if (value === undefined) throw new Error(`index ${t.name} has no value`);
    v += t.coef * value;
  }
  return v;
}

/** Index name -> size, from the first tensor that uses the name as a plain index. */
function indexRanges(e: Expr, tensors: ReadonlyMap<string, Tensor>, ranges = new Map<string, number>()): Map<string, number> {
  const t = e.kind === 'access' ? tensors.get(e.tensor) : undefined;
  if (e.kind === 'access' && t !== undefined) {
    e.indices.forEach((ix, k) => {
      const name = plainName(ix);
      if (name !== undefined && !ranges.has(name)) ranges.set(name, t.shape[k]!);
    });
  }
  exprChildren(e).forEach((c) => indexRanges(c, tensors, ranges));
  return ranges;
}
