// Compiles a bound index expression once into a JavaScript function: loops
// over the summed indices, reads at strided offsets, deltas sifted into
// assignments. The tree is walked at compile time only, never per element.
// The generated source depends only on the expression's structure (slots,
// affine coefficients, which reads are plain): sizes, strides, data ids and
// constants are parameters, so one function per structure serves every draw
// of sizes and stays hot in the JIT. Only numbers reach the source; names from
// a derivation file never do.
import type { ReduceOp } from '../notation/ast.js';
import { usedSlots, type Bound, type BoundAffine, type BoundEquation } from '../notation/bind.js';
import { FUNCTIONS } from '../notation/functions.js';
import { dimSize } from '../notation/shapes.js';
import { freeSlots } from './free-slots.js';
import { jam, LANES } from './lanes.js';
import { reassociate } from './reassociate.js';
import { hoistDeltas, planSum, type Sift, type SumPlan } from './sift.js';
import { structureKey } from './structure-key.js';
import { stridesOf } from './tensor.js';

/** The mutable state a compiled expression reads: index values by slot, tensor data by id. */
export interface Frame {
  readonly idx: Int32Array;
  readonly data: Float64Array[];
}

export type Scalar = (f: Frame) => number;

/** Computes the entries of `out` at `at`, at + stride, ... for LANES values of one left-side index from the frame's on, writing `count` of them. */
export type Lanes = (f: Frame, out: Float64Array, at: number, count: number, stride: number) => void;

export interface Layout {
  /** The data id and shape of each tensor an expression may read. */
  readonly tensors: ReadonlyMap<string, { readonly id: number; readonly shape: readonly number[] }>;
  readonly sizes: ReadonlyMap<string, number>;
  /** Gives the data id of the Jacobian table that a diff node reads (filled by the caller). */
  readonly diffTable: (node: Extract<Bound, { kind: 'diff' }>, slotSizes: readonly number[]) => number;
}

export interface CompiledEquation {
  readonly rhs: Scalar;
  /** The same computed for neighbouring entries at once (lanes.ts), where the code allows it and the work pays for it. */
  readonly lanes: { readonly fn: Lanes; readonly slot: number } | undefined;
  /** Forgets the values tabled from the previous data: called before each evaluation over all indices. */
  readonly reset: () => void;
  /** Sizes of all slots; the first `rank` are the left side's. */
  readonly slotSizes: readonly number[];
  readonly rank: number;
  /** Statements one evaluation over all indices runs (sifts' conditions taken as true): its cost in operations. */
  readonly operations: number;
  /** Equal for two equations exactly when they compute the same values from the same data: their code and its parameters. */
  readonly key: string;
}

export interface CompileOptions {
  /** Whether to compute neighbouring entries at once: by default where one evaluation runs at least JAM_ABOVE operations. */
  readonly jam?: boolean;
}

export function compileEquation(eq: BoundEquation, layout: Layout, options: CompileOptions = {}): CompiledEquation {
  const slotSizes = eq.slots.map((s) => {
    if (s.dim === undefined) throw new Error(`index ${s.name} has no single range`);
    return dimSize(s.dim, layout.sizes);
  });
  const rhs = hoistDeltas(eq.rhs);
  const exact = compileTree(rhs, layout, slotSizes, eq.rank, false, options.jam);
  if (exact.operations <= REORDER_ABOVE) return exact;
  const reordered = compileTree(reassociate(rhs, slotSizes), layout, slotSizes, eq.rank, true, options.jam);
  return reordered.operations < exact.operations ? reordered : exact;
}

/**
 * Below this many operations an evaluation is over before jamming pays for
 * its own compilation (the default random sizes are far below it); and the
 * index the lanes run along must take at least LANES values, as lanes past
 * its end repeat the last entry.
 */
const JAM_ABOVE = 1e5;

/**
 * Where one evaluation of the tree as written runs more than this many
 * operations, the rewrites that reorder floating-point operations are tried
 * as well (reassociate.ts, and deltas of sums of indices solved), and the
 * plan that counts fewer operations is kept. Below it the loops cost little,
 * and results are those of the tree as written, to the bit.
 */
const REORDER_ABOVE = 1e6;

function compileTree(e: Bound, layout: Layout, slotSizes: readonly number[], rank: number, reorder: boolean, jam: boolean | undefined): CompiledEquation {
  let g = new Generator(layout, slotSizes, rank, reorder, rank, false);
  let value = g.expr(e);
  // The left-side indices lanes may run along: those with LANES values or more, the last (whose entries lie next to each other) first.
  const long = (k: number): boolean => slotSizes[k]! >= LANES;
  const fromLast = Array.from({ length: rank }, (_, k) => rank - 1 - k);
  const along = jam === false || (jam === undefined && g.operations < JAM_ABOVE) ? [] : [...fromLast.filter(long), ...(jam ? fromLast.filter((k) => !long(k)) : [])];
  if (along.length > 0) {
    // Loads placed too, so that the lanes share those that do not read the jammed index.
    g = new Generator(layout, slotSizes, rank, reorder, rank, true);
    value = g.expr(e);
  }
  const source = g.source(value, along);
  const { rhs, lanes, slot, reset } = instantiate<{ rhs: Scalar; lanes: Lanes | undefined; slot: number; reset: () => void }>(g, source);
  return { rhs, lanes: lanes === undefined ? undefined : { fn: lanes, slot }, reset, slotSizes, rank, operations: g.operations, key: `${slotSizes.slice(0, rank).join()};${g.params.join()}\n${source}` };
}

/** Evaluates a compiled equation over all values of its left-side indices into `out` (row-major). */
export function evaluateInto(c: CompiledEquation, data: Float64Array[], out: Float64Array): void {
  c.reset();
  const f: Frame = { idx: new Int32Array(c.slotSizes.length), data };
  const { rank, rhs, slotSizes } = c;
  const idx = f.idx;
  if (c.lanes !== undefined) {
    evaluateLanes(c.lanes.fn, c.lanes.slot, slotSizes.slice(0, rank), f, out);
    return;
  }
  // An odometer over the left side's slots, the last fastest: no closure per row.
  for (let flat = 0; flat < out.length; flat++) {
    out[flat] = rhs(f);
    for (let d = rank - 1; d >= 0 && ++idx[d]! === slotSizes[d]!; d--) idx[d] = 0;
  }
}

/** evaluateInto by LANES entries along one left-side index (`lane`): one call per group, an odometer over the other indices. */
function evaluateLanes(lanes: Lanes, lane: number, sizes: readonly number[], f: Frame, out: Float64Array): void {
  const idx = f.idx;
  const strides = stridesOf(sizes);
  const [n, stride] = [sizes[lane]!, strides[lane]!];
  for (let d = 0; d >= 0; ) {
    let base = 0;
    for (let k = 0; k < sizes.length; k++) base += idx[k]! * strides[k]!;
    for (let j = 0; j < n; j += LANES) {
      idx[lane] = j;
      lanes(f, out, base + j * stride, Math.min(LANES, n - j), stride);
    }
    idx[lane] = 0;
    for (d = sizes.length - 1; d >= 0 && (d === lane || ++idx[d]! === sizes[d]!); d--) idx[d] = 0;
  }
}

/** The element-wise functions, by a fixed position that the generated source names. */
const FUNCTION_NAMES = Object.keys(FUNCTIONS).sort();
const FUNCTION_TABLE = FUNCTION_NAMES.map((name) => FUNCTIONS[name]!.apply);

type Factory = (params: readonly number[], fns: typeof FUNCTION_TABLE) => unknown;

/** Each reduction's start value and the source that takes in one more value; NaN propagates through all three. */
const REDUCE: Readonly<Record<ReduceOp, readonly [string, (acc: string, x: string) => string]>> = {
  max: ['-Infinity', (acc, x) => `Math.max(${acc}, ${x})`],
  min: ['Infinity', (acc, x) => `Math.min(${acc}, ${x})`],
  prod: ['1', (acc, x) => `${acc} * ${x}`],
};

/** Compiled factories by their source: every expression of the same structure shares one. */
const factories = new Map<string, Factory>();

/** The value of `e` with its slots read from a frame (all of them set by the caller). */
export function compileExpr(e: Bound, layout: Layout, slotSizes: readonly number[]): Scalar {
  const g = new Generator(layout, slotSizes, 0, false, slotSizes.length, false);
  return instantiate<{ rhs: Scalar }>(g, g.source(g.expr(e), [])).rhs;
}

function instantiate<T>(g: Generator, source: string): T {
  let factory = factories.get(source);
  if (factory === undefined) {
    factory = new Function('P', 'F', source) as Factory;
    factories.set(source, factory);
  }
  return factory(g.params, FUNCTION_TABLE) as T;
}

/**
 * A block of generated statements: the function's body, a loop, or the `if`
 * of a sift. Statements go in at `cursor`, which stays in front of the child
 * block that is open: a value placed in an outer block from inside a loop is
 * computed before that loop starts.
 */
interface Block {
  readonly head: string;
  readonly items: (string | Block)[];
  /** The slots whose values the block sets. */
  readonly binds: ReadonlySet<number>;
  cursor: number;
  /** How many times its statements run in one evaluation over all indices. */
  readonly runs: number;
  /** Values already computed in this block, by structure: common subexpressions are computed once. */
  readonly placed: Map<string, string>;
}

const block = (head: string, binds: Iterable<number>, runs: number): Block => ({ head, items: [], binds: new Set(binds), cursor: 0, runs, placed: new Map() });

const render = (b: Block): string => [b.head, ...b.items.map((item) => (typeof item === 'string' ? item : render(item))), ...(b.head === '' ? [] : ['}'])].join('\n');

/** The most entries a table of values kept across calls may have (8 bytes and a flag each). */
const MAX_TABLE = 1 << 24;

/** Nodes read in place where they are used (a load, a comparison of indices or an index's value); every other node's value is a constant in its block. */
const INLINE: ReadonlySet<Bound['kind']> = new Set(['num', 'dim', 'access', 'delta', 'index', 'diff']);

/**
 * Emits statements and returns expressions. Every node that is not INLINE is
 * computed once, into a constant, in the outermost block where all the slots
 * it reads are set (loop-invariant code motion), and reused wherever the same
 * structure is needed in that block (common subexpressions). Each value is
 * still computed by the operations a direct evaluation of the tree does, and
 * every sum with its own accumulator per loop, so the results are the same
 * to the bit; only how often they are computed changes.
 */
class Generator {
  readonly params: number[] = [];
  private readonly dataIds = new Map<number, string>();
  private temps = 0;
  /** The open blocks, outermost first. */
  private stack: Block[];
  /** Statements run by one evaluation over all indices. */
  operations = 0;
  /** The node being placed: expr generates it where it is, instead of placing it again. */
  private placing: Bound | undefined;
  /** The size (a parameter's name) of each table of values kept across calls. */
  private readonly tableSizes: string[] = [];

  /** `rank`: how many leading slots (the left side's) change between calls, the others being set inside. */
  constructor(
    private readonly layout: Layout,
    private readonly slotSizes: readonly number[],
    private readonly rank: number,
    /** Whether deltas of sums of indices are solved, which reorders a sum's additions. */
    private readonly reorder: boolean,
    /** How many leading slots the caller sets in the frame; the others are set inside (loops, sifts). */
    private readonly fromFrame: number,
    /** Whether loads are placed like other values rather than read where they are used. */
    private readonly placeLoads: boolean,
  ) {
    this.stack = [block('', [], slotSizes.slice(0, rank).reduce((n, size) => n * size, 1))];
  }

  /**
   * The factory's body, a function of P (the parameters) and F (the
   * element-wise functions): it returns the value the generated statements
   * compute (`value`, from expr) with every slot read from a frame, the same
   * for neighbouring entries where `jammed` and the statements allow it, and
   * a reset of the tables.
   */
  source(value: string, along: readonly number[]): string {
    let lanes: string | undefined;
    let slot = -1;
    for (const k of along) {
      lanes = jam(this.stack[0]!, `s${k}`, this.param(this.slotSizes[k]! - 1), value);
      if (lanes !== undefined) {
        slot = k;
        break;
      }
    }
    const params = this.params.map((_, k) => `p${k} = P[${k}]`);
    const data = [...this.dataIds].map(([param, name]) => `${name} = data[p${param}]`);
    const tables = this.tableSizes.flatMap((size, k) => [`T${k} = new Float64Array(${size})`, `K${k} = new Uint8Array(${size})`]);
    return [
      '"use strict";',
      ...(params.length > 0 ? [`const ${params.join(', ')};`] : []),
      ...(tables.length > 0 ? [`const ${tables.join(', ')};`] : []),
      'const rhs = (f) => {',
      // Each slot is a local variable, loaded from the frame (the left side's indices); loops and sifts assign it.
      `const idx = f.idx, data = f.data;`,
      ...this.withInnerSlots([...(data.length > 0 ? [`const ${data.join(', ')};`] : []), render(this.stack[0]!), `return ${value};`]),
      '};',
      ...(lanes === undefined
        ? ['const lanes = undefined;']
        : ['const lanes = (f, out, at, count, stride) => {', `const idx = f.idx, data = f.data;`, ...this.withInnerSlots([...(data.length > 0 ? [`const ${data.join(', ')};`] : []), lanes]), '};']),
      `return { rhs, lanes, slot: ${slot}, reset: () => { ${this.tableSizes.map((_, k) => `K${k}.fill(0);`).join(' ')} } };`,
    ].join('\n');
  }

  /**
   * The statements with the slots set inside renamed in the order they first
   * appear, after the slots' declarations: equations that differ only in how
   * their summed indices are numbered get the same source.
   */
  private withInnerSlots(lines: readonly string[]): string[] {
    const text = lines.join('\n');
    const inner = new Map<string, string>();
    for (const [name, k] of text.matchAll(/\bs(\d+)\b/g)) if (Number(k) >= this.fromFrame && !inner.has(name)) inner.set(name, `u${inner.size}`);
    const declared = [...Array.from({ length: this.fromFrame }, (_, k) => `s${k} = idx[${k}]`), ...[...inner.values()].map((u) => `${u} = 0`)];
    return [...(declared.length > 0 ? [`let ${declared.join(', ')};`] : []), text.replace(/\bs(\d+)\b/g, (name) => inner.get(name) ?? name)];
  }

  private get top(): Block {
    return this.stack.at(-1)!;
  }

  private emit(...lines: string[]): void {
    for (const line of lines) this.top.items.splice(this.top.cursor++, 0, line);
    this.operations += lines.length * this.top.runs;
  }

  /** Opens a block run `times` times for each run of the current one (or `runs` times in all). */
  private open(head: string, binds: Iterable<number>, count: { readonly times?: number; readonly runs?: number } = {}): void {
    const b = block(head, binds, count.runs ?? this.top.runs * (count.times ?? 1));
    this.top.items.splice(this.top.cursor, 0, b);
    this.stack.push(b);
  }

  private close(): void {
    this.stack.pop();
    this.top.cursor++;
  }

  /** The constant holding e's value, computed in the outermost block where the slots it reads are set. */
  private place(e: Bound): string {
    const free = freeSlots(e);
    let depth = this.stack.length - 1;
    while (depth > 0 && ![...this.stack[depth]!.binds].some((s) => free.has(s))) depth--;
    const target = this.stack[depth]!;
    const key = structureKey(e);
    let name = target.placed.get(key);
    if (name !== undefined) return name;
    const saved = this.stack;
    this.stack = saved.slice(0, depth + 1);
    this.placing = e;
    const value = this.tabled(e, free) ? this.table(e, free) : this.expr(e);
    name = this.fresh();
    this.emit(`const ${name} = ${value};`);
    this.stack = saved;
    target.placed.set(key, name);
    return name;
  }

  expr(e: Bound): string {
    if (e === this.placing) this.placing = undefined;
    else if (!INLINE.has(e.kind) || (e.kind === 'access' && this.placeLoads)) return this.place(e);
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
        return this.sum(planSum(e.slots, e.body, this.slotSizes, this.reorder));
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

  /**
   * Whether a value is kept in a table across calls instead: it does not
   * read every left-side index, so that it repeats across calls; it loops
   * (binds slots of its own), so that computing it costs more than looking
   * it up; and its table stays small enough to hold.
   */
  private tabled(e: Bound, free: ReadonlySet<number>): boolean {
    const lhs = Array.from({ length: this.rank }, (_, s) => s);
    const size = [...free].reduce((n, s) => n * this.slotSizes[s]!, 1);
    return lhs.some((s) => !free.has(s)) && usedSlots(e).size > free.size && size <= MAX_TABLE;
  }

  /** e's value, looked up in a table indexed by the slots it reads, and computed on the first call that needs it. */
  private table(e: Bound, free: ReadonlySet<number>): string {
    const k = this.tableSizes.length;
    const slots = [...free].sort((a, b) => a - b);
    this.tableSizes.push(this.param(slots.reduce((n, s) => n * this.slotSizes[s]!, 1)));
    const strides = stridesOf(slots.map((s) => this.slotSizes[s]!));
    const at = this.fresh();
    this.emit(`const ${at} = ${slots.length === 0 ? '0' : slots.map((s, j) => `s${s} * ${this.param(strides[j]!)}`).join(' + ')};`);
    // Inside, every slot it reads and every left-side slot counts as set: what the value needs is computed only when it is not known yet.
    this.open(`if (K${k}[${at}] === 0) {`, [...slots, ...Array.from({ length: this.rank }, (_, s) => s)], { runs: slots.reduce((n, s) => n * this.slotSizes[s]!, 1) });
    this.placing = e;
    this.emit(`T${k}[${at}] = ${this.expr(e)};`, `K${k}[${at}] = 1;`);
    this.close();
    return `T${k}[${at}]`;
  }

  private inOrder(operands: readonly Bound[]): string[] {
    return operands.map((operand) => this.expr(operand));
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
      this.emit(`const ${name} = ${this.affine(ix)};`);
      return name;
    });
    const inside = positions.map((p, k) => `${p} >= 0 && ${p} < ${this.param(shape[k]!)}`).join(' && ');
    return `(${inside} ? ${d}[${offset(positions)}] : 0)`;
  }

  /** A sum after sifting: sifts before the loops, one loop (and accumulator) per remaining index, inner sifts, then the product. */
  private sum(plan: SumPlan): string {
    const result = this.fresh();
    this.emit(`let ${result} = 0;`);
    this.sifts(plan.before);
    if (plan.looped.length === 0) {
      this.sifts(plan.inner);
      this.emit(`${result} = ${this.product(plan.rest)};`);
      this.closeEach(plan.inner);
      this.closeEach(plan.before);
      return result;
    }
    const accumulators = plan.looped.map(() => this.fresh());
    plan.looped.forEach((slot, k) => {
      this.emit(`let ${accumulators[k]} = 0;`);
      this.open(`for (s${slot} = 0; s${slot} < ${this.param(this.slotSizes[slot]!)}; s${slot}++) {`, [slot], { times: this.slotSizes[slot]! });
    });
    this.sifts(plan.inner);
    this.emit(`${accumulators.at(-1)} += ${this.product(plan.rest)};`);
    this.closeEach(plan.inner);
    for (let k = accumulators.length - 1; k >= 0; k--) {
      this.close();
      this.emit(k === 0 ? `${result} = ${accumulators[0]};` : `${accumulators[k - 1]} += ${accumulators[k]};`);
    }
    this.closeEach(plan.before);
    return result;
  }

  /** max, min or prod over the slots: one loop per slot around the body, folded into one accumulator in loop order. */
  private reduce(op: ReduceOp, slots: readonly number[], body: Bound): string {
    const [start, combine] = REDUCE[op];
    const result = this.fresh();
    this.emit(`let ${result} = ${start};`);
    for (const slot of slots) this.open(`for (s${slot} = 0; s${slot} < ${this.param(this.slotSizes[slot]!)}; s${slot}++) {`, [slot], { times: this.slotSizes[slot]! });
    this.emit(`${result} = ${combine(result, this.expr(body))};`);
    this.closeEach(slots);
    return result;
  }

  /** Opens one block per sift: the index set from its delta, then an `if` that it lies in range. */
  private sifts(sifts: readonly Sift[]): void {
    for (const s of sifts) {
      const v = `s${s.slot}`;
      this.emit(`${v} = ${this.affine(s.other)} - ${s.offset};`);
      this.open(`if (${v} >= 0 && ${v} < ${this.param(this.slotSizes[s.slot]!)}) {`, [s.slot]);
    }
  }

  private closeEach(blocks: readonly unknown[]): void {
    for (let k = 0; k < blocks.length; k++) this.close();
  }

  /** The product of the factors, left to right from 1 as a direct evaluation multiplies them. */
  private product(factors: readonly Bound[]): string {
    if (factors.length === 0) return '1';
    const values = this.inOrder(factors);
    return values.length === 1 ? values[0]! : values.length === 2 ? `(${values[0]} * ${values[1]})` : `(1 * ${values.join(' * ')})`;
  }
}
