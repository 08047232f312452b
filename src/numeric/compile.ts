// Compiles a bound index expression once into a JavaScript function: loops
// over the summed indices, reads at strided offsets, deltas sifted into
// assignments. The tree is walked at compile time only, never per element.
// The generated source depends only on the expression's structure (slots,
// affine coefficients, which reads are plain): sizes, strides, data ids and
// constants are parameters, so one function per structure serves every draw
// of sizes and stays hot in the JIT. Only numbers reach the source; names from
// a derivation file never do.
import type { ReduceOp } from '../notation/ast.js';
import type { Bound, BoundAffine, BoundEquation } from '../notation/bind.js';
import { FUNCTIONS } from '../notation/functions.js';
import { dimSize } from '../notation/shapes.js';
import { hoistDeltas, planSum, type Sift, type SumPlan } from './sift.js';
import { stridesOf } from './tensor.js';

/** The mutable state a compiled expression reads: index values by slot, tensor data by id. */
export interface Frame {
  readonly idx: Int32Array;
  readonly data: Float64Array[];
}

export type Scalar = (f: Frame) => number;

export interface Layout {
  /** The data id and shape of each tensor an expression may read. */
  readonly tensors: ReadonlyMap<string, { readonly id: number; readonly shape: readonly number[] }>;
  readonly sizes: ReadonlyMap<string, number>;
  /** Gives the data id of the Jacobian table that a diff node reads (filled by the caller). */
  readonly diffTable: (node: Extract<Bound, { kind: 'diff' }>, slotSizes: readonly number[]) => number;
}

export interface CompiledEquation {
  readonly rhs: Scalar;
  /** Sizes of all slots; the first `rank` are the left side's. */
  readonly slotSizes: readonly number[];
  readonly rank: number;
}

export function compileEquation(eq: BoundEquation, layout: Layout): CompiledEquation {
  const slotSizes = eq.slots.map((s) => {
    if (s.dim === undefined) throw new Error(`index ${s.name} has no single range`);
    return dimSize(s.dim, layout.sizes);
  });
  return { rhs: compileExpr(hoistDeltas(eq.rhs), layout, slotSizes), slotSizes, rank: eq.rank };
}

/** Evaluates a compiled equation over all values of its left-side indices into `out` (row-major). */
export function evaluateInto(c: CompiledEquation, data: Float64Array[], out: Float64Array): void {
  const f: Frame = { idx: new Int32Array(c.slotSizes.length), data };
  const { rank, rhs, slotSizes } = c;
  const idx = f.idx;
  // An odometer over the left side's slots, the last fastest: no closure per row.
  for (let flat = 0; flat < out.length; flat++) {
    out[flat] = rhs(f);
    for (let d = rank - 1; d >= 0 && ++idx[d]! === slotSizes[d]!; d--) idx[d] = 0;
  }
}

/** The element-wise functions, by a fixed position that the generated source names. */
const FUNCTION_NAMES = Object.keys(FUNCTIONS).sort();
const FUNCTION_TABLE = FUNCTION_NAMES.map((name) => FUNCTIONS[name]!.apply);

type Factory = (params: readonly number[], fns: typeof FUNCTION_TABLE) => Scalar;

/** Each reduction's start value and the source that takes in one more value; NaN propagates through all three. */
const REDUCE: Readonly<Record<ReduceOp, readonly [string, (acc: string, x: string) => string]>> = {
  max: ['-Infinity', (acc, x) => `Math.max(${acc}, ${x})`],
  min: ['Infinity', (acc, x) => `Math.min(${acc}, ${x})`],
  prod: ['1', (acc, x) => `${acc} * ${x}`],
};

/** Compiled factories by their source: every expression of the same structure shares one. */
const factories = new Map<string, Factory>();

export function compileExpr(e: Bound, layout: Layout, slotSizes: readonly number[]): Scalar {
  const g = new Generator(layout, slotSizes);
  const value = g.expr(e);
  const source = g.source(value);
  let factory = factories.get(source);
  if (factory === undefined) {
    factory = new Function('P', 'F', source) as Factory;
    factories.set(source, factory);
  }
  return factory(g.params, FUNCTION_TABLE);
}

/**
 * Emits statements into the current block and returns expressions. Each
 * subexpression is evaluated in the order the tree gives (left before right),
 * and every sum with its own accumulator per loop, so the floating-point
 * operations are those of a direct evaluation of the tree.
 */
class Generator {
  readonly params: number[] = [];
  private readonly lines: string[] = [];
  private readonly dataIds = new Map<number, string>();
  private temps = 0;

  constructor(
    private readonly layout: Layout,
    private readonly slotSizes: readonly number[],
  ) {}

  /** The factory's body, a function of P (the parameters) and F (the element-wise functions). */
  source(value: string): string {
    const params = this.params.map((_, k) => `p${k} = P[${k}]`);
    const data = [...this.dataIds].map(([param, name]) => `${name} = data[p${param}]`);
    return [
      '"use strict";',
      ...(params.length > 0 ? [`const ${params.join(', ')};`] : []),
      'return (f) => {',
      // Each slot is a local variable, loaded from the frame (the left side's indices); loops and sifts assign it.
      `const idx = f.idx, data = f.data;`,
      ...(this.slotSizes.length > 0 ? [`let ${this.slotSizes.map((_, k) => `s${k} = idx[${k}]`).join(', ')};`] : []),
      ...(data.length > 0 ? [`const ${data.join(', ')};`] : []),
      ...this.lines,
      `return ${value};`,
      '};',
    ].join('\n');
  }

  expr(e: Bound): string {
    switch (e.kind) {
      case 'num':
        return this.param(e.value);
      case 'dim':
        return this.param(dimSize(e.dim, this.layout.sizes));
      case 'access': {
        const t = this.layout.tensors.get(e.tensor);
        if (t === undefined) throw new Error(`tensor ${e.tensor} has no data`);
        return this.read(t.id, t.shape, e.indices);
      }
      case 'delta':
        return `(${this.affine(e.a)} === ${this.affine(e.b)} ? 1 : 0)`;
      case 'sum':
        return this.sum(planSum(e.slots, e.body, this.slotSizes));
      case 'reduce':
        return this.reduce(e.op, e.slots, e.body);
      case 'index':
        return this.affine(e.index);
      case 'binary': {
        const [l, r] = this.inOrder([e.left, e.right]) as [string, string];
        return e.op === '^' ? `Math.pow(${l}, ${r})` : `(${l} ${e.op} ${r})`;
      }
      case 'neg':
        return `(-${this.expr(e.arg)})`;
      case 'call': {
        const fn = FUNCTION_NAMES.indexOf(e.fn);
        if (fn < 0) throw new Error(`no function ${e.fn}`);
        const [a, b, c] = this.inOrder(e.args);
        return `F[${fn}](${a}, ${b ?? '0'}, ${c ?? '0'})`;
      }
      case 'diff': {
        const id = this.layout.diffTable(e, this.slotSizes);
        const shape = [...e.ofSlots.map((s) => this.slotSizes[s]!), ...this.layout.tensors.get(e.wrt.tensor)!.shape];
        const indices: BoundAffine[] = [...e.ofSlots.map((slot) => ({ terms: [{ slot, coef: 1 }], offset: 0 })), ...e.wrt.indices];
        return this.read(id, shape, indices);
      }
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** Expressions for several operands, each fixed in a constant before the next one emits statements (a sum's loops). */
  private inOrder(operands: readonly Bound[]): string[] {
    const values: string[] = [];
    for (const operand of operands) {
      const before = this.lines.length;
      const value = this.expr(operand);
      if (this.lines.length > before && values.length > 0) {
        // The later operand's statements must not run before the earlier operands are read.
        const fixed = values.map((v) => [this.fresh(), v] as const);
        this.lines.splice(before, 0, ...fixed.map(([name, v]) => `const ${name} = ${v};`));
        values.splice(0, values.length, ...fixed.map(([name]) => name));
      }
      values.push(value);
    }
    return values;
  }

  /** A new local variable's name. */
  private fresh(): string {
    return `t${this.temps++}`;
  }

  private param(value: number): string {
    this.params.push(value);
    return `p${this.params.length - 1}`;
  }

  private data(id: number): string {
    const param = this.params.length;
    const name = `d${this.dataIds.size}`;
    this.param(id);
    this.dataIds.set(param, name);
    return name;
  }

  /** offset + sum of coef * slot (+ the non-affine rest), an integer. */
  private affine(ix: BoundAffine): string {
    const terms = ix.terms.map((t) => (t.coef === 1 ? `s${t.slot}` : `${t.coef} * s${t.slot}`));
    const rest = ix.rest === undefined ? [] : [this.expr(ix.rest)];
    return `(${[...terms, ...rest, ...(ix.offset === 0 && terms.length + rest.length > 0 ? [] : [String(ix.offset)])].join(' + ')})`;
  }

  /** Entry `indices` of tensor `id`; affine indices that fall outside the shape read 0 (zero padding). */
  private read(id: number, shape: readonly number[], indices: readonly BoundAffine[]): string {
    const d = this.data(id);
    const strides = stridesOf(shape);
    const offset = (positions: readonly string[]): string =>
      positions.length === 0 ? '0' : positions.map((p, k) => (k === positions.length - 1 ? p : `${p} * ${this.param(strides[k]!)}`)).join(' + ');
    const plain = indices.every((ix) => ix.offset === 0 && ix.rest === undefined && ix.terms.length === 1 && ix.terms[0]!.coef === 1);
    if (plain) return `${d}[${offset(indices.map((ix) => `s${ix.terms[0]!.slot}`))}]`;
    const positions = indices.map((ix) => {
      const name = this.fresh();
      this.lines.push(`const ${name} = ${this.affine(ix)};`);
      return name;
    });
    const inside = positions.map((p, k) => `${p} >= 0 && ${p} < ${this.param(shape[k]!)}`).join(' && ');
    return `(${inside} ? ${d}[${offset(positions)}] : 0)`;
  }

  /** A sum after sifting: sifts before the loops, one loop (and accumulator) per remaining index, inner sifts, then the product. */
  private sum(plan: SumPlan): string {
    const result = this.fresh();
    this.lines.push(`let ${result} = 0;`);
    const closeBefore = this.sifts(plan.before);
    if (plan.looped.length === 0) {
      const closeInner = this.sifts(plan.inner);
      this.lines.push(`${result} = ${this.product(plan.rest)};`, ...closeInner, ...closeBefore);
      return result;
    }
    const accumulators = plan.looped.map(() => this.fresh());
    const closers: string[] = [];
    plan.looped.forEach((slot, k) => {
      this.lines.push(`let ${accumulators[k]} = 0;`, `for (s${slot} = 0; s${slot} < ${this.param(this.slotSizes[slot]!)}; s${slot}++) {`);
      closers.unshift(k === 0 ? `}` : `}\n${accumulators[k - 1]} += ${accumulators[k]};`);
    });
    const closeInner = this.sifts(plan.inner);
    this.lines.push(`${accumulators.at(-1)} += ${this.product(plan.rest)};`, ...closeInner, ...closers);
    this.lines.push(`${result} = ${accumulators[0]};`, ...closeBefore);
    return result;
  }

  /** max, min or prod over the slots: one loop per slot around the body, folded into one accumulator. */
  private reduce(op: ReduceOp, slots: readonly number[], body: Bound): string {
    const [start, combine] = REDUCE[op];
    const result = this.fresh();
    this.lines.push(`let ${result} = ${start};`);
    for (const slot of slots) this.lines.push(`for (s${slot} = 0; s${slot} < ${this.param(this.slotSizes[slot]!)}; s${slot}++) {`);
    this.lines.push(`${result} = ${combine(result, this.expr(body))};`, ...slots.map(() => '}'));
    return result;
  }

  /** Opens one block per sift (the index set from its delta, in range); returns the closing lines. */
  private sifts(sifts: readonly Sift[]): string[] {
    return sifts.map((s) => {
      const v = `s${s.slot}`;
      this.lines.push(`${v} = ${this.affine(s.other)} - ${s.offset};`, `if (${v} >= 0 && ${v} < ${this.param(this.slotSizes[s.slot]!)}) {`);
      return '}';
    });
  }

  /** The product of the factors, left to right from 1 as a direct evaluation multiplies them. */
  private product(factors: readonly Bound[]): string {
    if (factors.length === 0) return '1';
    const values = this.inOrder(factors);
    return values.length === 1 ? values[0]! : values.length === 2 ? `(${values[0]} * ${values[1]})` : `(1 * ${values.join(' * ')})`;
  }
}
