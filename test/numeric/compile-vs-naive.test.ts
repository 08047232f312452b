// The compiled evaluator (hoisting, common subexpressions, tables, sifted and
// solved deltas) against the naive one, which walks the tree as written, on
// random index expressions at random sizes: sums, max/min/prod reductions,
// comparisons, where, indices used as numbers, and indices that are not
// affine (an index tensor's entry, floor, mod, a dimension).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateNaive } from '../../bench/naive-eval.js';
import { bindEquation, type Scope } from '../../src/notation/bind.js';
import { SourceText } from '../../src/notation/errors.js';
import { parseEquation } from '../../src/notation/parse.js';
import { compileEquation, evaluateInto, type CompileOptions, type Layout } from '../../src/numeric/compile.js';
import { sizeOf, type Tensor } from '../../src/numeric/tensor.js';

const TENSORS: Record<string, readonly string[]> = { A: ['I', 'J'], B: ['J', 'K'], C: ['K', 'I'], v: ['I'], w: ['J'], u: ['K'] };
/** Index names by the dimension they run over; the left side is out[i,j]. */
const NAMES: Record<string, readonly string[]> = { I: ['i', 'p', 'a'], J: ['j', 'q', 'b'], K: ['k', 'r', 'c'] };
const dimOf = (name: string): string => Object.keys(NAMES).find((dim) => NAMES[dim]!.includes(name))!;
/** An index tensor: t[k] holds an index into I. */
const INDEX_TENSOR = { name: 't', along: 'K', into: 'I' };

/** An index into a dimension from the names in scope: plain, shifted, scaled, or a sum with another index. */
const indexInto = (dim: string, scope: readonly string[]): fc.Arbitrary<string> => {
  // A plain index fixes its name's range: only names of this dimension are used plainly.
  const own = scope.filter((n) => dimOf(n) === dim);
  const any = fc.constantFrom(...scope);
  const alongT = scope.filter((n) => dimOf(n) === INDEX_TENSOR.along);
  const affine = fc.oneof(
    any.chain((n) => fc.constantFrom(`${n}+1`, `${n}-1`, `2*${n}`)),
    fc.tuple(any, any).map(([x, y]) => `${x}+${y}-1`),
    // Not affine: floor and mod of index arithmetic, a dimension, an index tensor's entry (into I only).
    any.chain((n) => fc.constantFrom(`floor(${n} / 2)`, `${n} % 2`, `${dim} - 1 - ${n}`, `floor((${n} + 1) / 2) + ${n}`)),
    ...(dim === INDEX_TENSOR.into && alongT.length > 0 ? [fc.constantFrom(...alongT).chain((k) => fc.constantFrom(`${INDEX_TENSOR.name}[${k}]`, `${INDEX_TENSOR.name}[${k}] - 1`))] : []),
  );
  return own.length === 0 ? affine : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, affine);
};

const access = (scope: readonly string[]): fc.Arbitrary<string> =>
  fc.constantFrom(...Object.keys(TENSORS)).chain((t) => fc.tuple(...TENSORS[t]!.map((dim) => indexInto(dim, scope))).map((ix) => `${t}[${ix.join(',')}]`));

/** A tensor read with `name` as a plain index, so that the sum's range is known to both evaluators. */
const plainUse = (name: string, scope: readonly string[]): fc.Arbitrary<string> => {
  const holders = Object.keys(TENSORS).filter((t) => TENSORS[t]!.includes(dimOf(name)));
  return fc.constantFrom(...holders).chain((t) =>
    fc.tuple(...TENSORS[t]!.map((dim, k) => (k === TENSORS[t]!.indexOf(dimOf(name)) ? fc.constant(name) : indexInto(dim, scope)))).map((ix) => `${t}[${ix.join(',')}]`),
  );
};

function expression(scope: readonly string[], depth: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    { weight: 4, arbitrary: access(scope) },
    fc.tuple(indexInto('I', scope), fc.constantFrom(...scope)).map(([a, b]) => `delta(${a},${b})`),
    fc.constantFrom('2', '0.5'),
    // Indices used as numbers, compared.
    fc.tuple(fc.constantFrom(...scope), fc.constantFrom('<', '<=', '==', '!='), fc.constantFrom(...scope)).map(([a, op, b]) => `(${a} ${op} ${b})`),
  );
  if (depth === 0) return leaf;
  const sub = (): fc.Arbitrary<string> => expression(scope, depth - 1);
  const unused = Object.values(NAMES).flat().filter((n) => !scope.includes(n));
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '*'), sub(), sub()).map(([op, l, r]) => `(${l} ${op} ${r})`) },
    fc.tuple(fc.constantFrom('tanh', 'exp', 'sigmoid'), sub()).map(([f, x]) => `${f}(${x} / 8)`),
    fc.tuple(sub(), fc.constantFrom('<', '>=', '==', '!='), sub()).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(sub(), sub(), sub()).map(([c, a, b]) => `where(${c}, ${a}, ${b})`),
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom('sum', 'sum', 'max', 'min', 'prod'), fc.subarray(unused, { minLength: 1, maxLength: 2 })).chain(([op, bound]) => {
        const inner = [...scope, ...bound];
        const uses = fc.tuple(...bound.map((n) => plainUse(n, inner)));
        return fc.tuple(uses, expression(inner, depth - 1), fc.array(access(inner), { maxLength: 2 })).map(
          ([plain, body, more]) => `${op}(${bound.join(', ')}, ${[...plain, body, ...more].join(' * ')})`,
        );
      }),
    },
  );
}

const CASE = fc.record({
  rhs: expression(['i', 'j'], 3),
  sizes: fc.record({ I: fc.integer({ min: 1, max: 5 }), J: fc.integer({ min: 1, max: 5 }), K: fc.integer({ min: 1, max: 5 }) }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

/** Both evaluators on `out[i,j] = v[i] * w[j] + rhs` at the sizes, with inputs drawn from the seed. */
function bothWays(rhs: string, sizes: Record<string, number>, seed: number, options: CompileOptions = {}): { naive: Float64Array; compiled: Float64Array; operations: number; jammed: boolean } {
  const text = `out[i,j] = v[i] * w[j] + ${rhs}`;
  const src = SourceText.detached(text, '<test>');
  const eq = parseEquation(src);
  if (eq.form !== 'index') throw new Error('not index notation');
  const sizeMap = new Map(Object.entries(sizes));
  const scope: Scope = {
    tensors: new Map([...Object.entries(TENSORS), [INDEX_TENSOR.name, [INDEX_TENSOR.along]]]),
    dimensions: new Set(Object.keys(sizes)),
    constants: new Map(),
    inputs: new Set(Object.keys(TENSORS)),
    indexTensors: new Map([[INDEX_TENSOR.name, INDEX_TENSOR.into]]),
  };
  const bound = bindEquation(eq, scope, ['I', 'J'], src);
  let state = seed;
  const next = (): number => ((state = (state * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const tensors = new Map<string, Tensor>();
  const data: Float64Array[] = [];
  const layoutTensors = new Map<string, { id: number; shape: readonly number[] }>();
  for (const [name, dims] of Object.entries(TENSORS)) {
    const shape = dims.map((d) => sizes[d]!);
    const t = { shape, data: Float64Array.from({ length: sizeOf(shape) }, next) };
    tensors.set(name, t);
    layoutTensors.set(name, { id: data.length, shape });
    data.push(t.data);
  }
  const indices = { shape: [sizes[INDEX_TENSOR.along]!], data: Float64Array.from({ length: sizes[INDEX_TENSOR.along]! }, () => Math.floor(((next() + 1) / 2) * sizes[INDEX_TENSOR.into]!)) };
  tensors.set(INDEX_TENSOR.name, indices);
  layoutTensors.set(INDEX_TENSOR.name, { id: data.length, shape: indices.shape });
  data.push(indices.data);
  const layout: Layout = { tensors: layoutTensors, sizes: sizeMap, diffTable: () => { throw new Error('no diff'); } };
  const entries = sizes.I! * sizes.J!;
  const naive = new Float64Array(entries);
  evaluateNaive(eq, tensors, sizeMap, naive);
  const compiled = new Float64Array(entries);
  const c = compileEquation(bound, layout, options);
  evaluateInto(c, data, compiled);
  // Evaluated twice: tables kept across calls are forgotten between evaluations.
  evaluateInto(c, data, compiled);
  return { naive, compiled, operations: c.operations, jammed: c.lanes !== undefined };
}

const close = (a: Float64Array, b: Float64Array): boolean => a.every((x, k) => Math.abs(x - b[k]!) <= 1e-12 * (1 + Math.abs(x)));

describe('the compiled evaluator agrees with the naive one', () => {
  it('on random expressions: sums and max/min/prod (nested), deltas, comparisons, where, shifted, scaled, summed and non-affine indices, index tensors, functions', () => {
    fc.assert(
      fc.property(CASE, ({ rhs, sizes, seed }) => {
        const { naive, compiled } = bothWays(rhs, sizes, seed);
        return close(naive, compiled);
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it('where a delta of a sum of indices is solved (above 10^6 operations), as the transposed convolution does', () => {
    // 12^4 terms for each of 12 x 12 entries; p = i - a + 1 and q = j - b + 1 once a and b are looped.
    const rhs = 'sum(p, q, a, b, A[p,q] * delta(p+a-1, i) * delta(q+b-1, j) * A[a,b] * w[b])';
    const { naive, compiled, operations } = bothWays(rhs, { I: 12, J: 12, K: 2 }, 7);
    expect(close(naive, compiled)).toBe(true);
    expect(operations).toBeLessThan(12 ** 4 * 12);
  });

  it('where the tree as written costs more than 10^6 operations: a sum distributed over -, sifted and factored (softmax at S = 8, C = 300)', () => {
    // Softmax's step dX[i,j] = sum(s, c, dY[s,c] * delta(s,i) * Y[s,c] * (delta(c,j) - Y[s,j])), with A for dY and Y.
    const rhs = 'sum(p, b, A[p,b] * delta(p,i) * A[p,b] * (delta(b,j) - A[p,j]))';
    const sizes = { I: 8, J: 300, K: 1 };
    const { naive, compiled, operations } = bothWays(rhs, sizes, 11);
    expect(close(naive, compiled)).toBe(true);
    // As written: 300 terms for each of 8 x 300 entries; distributed, the sum over b is tabled per row.
    expect(operations).toBeLessThan(8 * 300 * 20);
  });

  it('non-affine index parts (an index tensor entry, floor) are read where their indices are set: not hoisted, sifted or renamed past them', () => {
    for (const rhs of ['sum(k, delta(i, t[k]) * u[k])', 'sum(k, delta(k, j) * A[t[k], j] * u[k])', 'sum(k, a, delta(a, t[k]) * A[a,j] * u[k])', 'sum(a, delta(a + floor(i / 2), i) * A[a,j])', 'sum(k, a, delta(t[k] - 1, a) * C[k,a] * A[a,j])']) {
      const { naive, compiled } = bothWays(rhs, { I: 4, J: 3, K: 5 }, 9);
      expect(close(naive, compiled)).toBe(true);
    }
  });

  it('a max over an index binds it: the max of a row, which does not read j, is tabled once per row', () => {
    const { naive, compiled, operations } = bothWays('max(k, C[k,i] * u[k])', { I: 30, J: 30, K: 30 }, 5);
    expect(close(naive, compiled)).toBe(true);
    // Computed at every entry it would take 30 x 30 x 30 steps of the max.
    expect(operations).toBeLessThan(30 * 30 * 30);
  });

  it('computing neighbouring entries at once (lanes) gives the numbers of one entry at a time, to the bit, and is used where its statements allow', () => {
    const bits = (a: Float64Array, b: Float64Array): boolean => a.every((x, k) => Object.is(x, b[k]));
    let jammed = 0;
    fc.assert(
      fc.property(CASE, fc.integer({ min: 1, max: 11 }), ({ rhs, sizes, seed }, J) => {
        const at = { ...sizes, J };
        const one = bothWays(rhs, at, seed, { jam: false });
        const lanes = bothWays(rhs, at, seed, { jam: true });
        if (!bits(one.compiled, lanes.compiled)) return false;
        jammed += lanes.jammed ? 1 : 0;
        return close(one.naive, lanes.compiled);
      }),
      { numRuns: 300, seed: 19 },
    );
    // Most random expressions can be jammed: a loop, condition or table that reads j is the exception.
    expect(jammed).toBeGreaterThan(150);
  });

  it('tells a difference: a wrong compiled value fails the comparison', () => {
    const { naive } = bothWays('sum(k, B[j,k] * u[k])', { I: 2, J: 3, K: 4 }, 3);
    const wrong = Float64Array.from(naive);
    wrong[1]! += 1e-9;
    expect(close(naive, wrong)).toBe(false);
  });
});
