// Name resolution and shape checking: index names become numbered slots, each
// with the dimension it runs over, inferred from where the index is used as a
// plain index of a tensor. Bare names become dimensions, constants or scalars.
import type { AffineIndex, Expr, IndexEquation, ReduceOp } from './ast.js';
import { affineToString, childrenOf, plainName } from './ast.js';
import { unevenSizeRatio } from './size-ratio.js';
import type { SourceText } from './errors.js';
import { rangeContains } from './dim-order.js';
import type { Dim } from './shapes.js';

export interface BoundAffine {
  readonly terms: readonly { readonly slot: number; readonly coef: number }[];
  readonly offset: number;
  /** The integer-valued part that is not affine in the slots (see AffineIndex.rest). */
  readonly rest?: Bound;
}

export interface BoundAccess {
  readonly kind: 'access';
  readonly tensor: string;
  readonly indices: readonly BoundAffine[];
}

export type Bound =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'dim'; readonly dim: Dim }
  | BoundAccess
  | { readonly kind: 'delta'; readonly a: BoundAffine; readonly b: BoundAffine }
  | { readonly kind: 'sum'; readonly slots: readonly number[]; readonly body: Bound }
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly slots: readonly number[]; readonly body: Bound }
  | { readonly kind: 'index'; readonly index: BoundAffine }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: Bound; readonly right: Bound }
  | { readonly kind: 'neg'; readonly arg: Bound }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Bound[] }
  /** `ofSlots`: the slots that `of` uses but does not bind, in order; the Jacobian is indexed by them, then by `wrt`. */
  | { readonly kind: 'diff'; readonly of: Bound; readonly ofSlots: readonly number[]; readonly wrt: BoundAccess };

export interface Slot {
  readonly name: string;
  /** The dimension it runs over; undefined only when `conflict` is set. */
  readonly dim: Dim | undefined;
}

/** An index used over two different dimensions: bad input in a forward line, a wrong claim elsewhere. */
export interface RangeConflict {
  readonly index: string;
  readonly message: string;
}

export interface BoundEquation {
  readonly tensor: string;
  /** The lhs slots are 0..rank-1. */
  readonly rank: number;
  readonly rhs: Bound;
  readonly slots: readonly Slot[];
  readonly conflict: RangeConflict | undefined;
}

export interface Scope {
  /** Every tensor the expression may read, with its dimensions. */
  readonly tensors: ReadonlyMap<string, readonly Dim[]>;
  readonly dimensions: ReadonlySet<string>;
  readonly constants: ReadonlyMap<string, number>;
  /** Tensors that `diff(..., X[i])` may differentiate with respect to. */
  readonly inputs: ReadonlySet<string>;
  /** Input tensors whose entries are indices into a dimension (`domains: {t: index(C)}`), never differentiated. */
  readonly indexTensors?: ReadonlyMap<string, Dim>;
}

/**
 * Binds one equation. `lhsDims` gives the dimensions of the left side when
 * they are known (declared shapes, gradients); when undefined they are
 * inferred from the right side.
 */
export function bindEquation(eq: IndexEquation, scope: Scope, lhsDims: readonly Dim[] | undefined, src: SourceText): BoundEquation {
  const { tensor } = eq.lhs;
  if (lhsDims !== undefined && lhsDims.length !== eq.lhs.indices.length) {
    throw src.error(`${tensor} has rank ${lhsDims.length} but is indexed with ${eq.lhs.indices.length} indices`, tensor);
  }
  const binder = new Binder(scope, src);
  const names = new Map<string, number>();
  eq.lhs.indices.forEach((name, k) => {
    names.set(name, binder.newSlot(name));
    if (lhsDims !== undefined) binder.observe(k, lhsDims[k]!, `${tensor}[${eq.lhs.indices.join(',')}]`);
  });
  const rhs = binder.bind(eq.rhs, names);
  return { tensor, rank: eq.lhs.indices.length, rhs, ...binder.finish() };
}

class Binder {
  private readonly slotNames: string[] = [];
  private readonly seen: { dim: Dim; where: string }[][] = [];
  /** Where an index is read only inside an affine form (X[2*p+u]), for the message when that leaves its range unknown. */
  private readonly affineReads = new Map<number, string>();
  /** Pairs of slots compared by a plain delta(i,j): the fallback source of a range. */
  private readonly deltaPairs: [number, number][] = [];

  constructor(
    private readonly scope: Scope,
    private readonly src: SourceText,
  ) {}

  newSlot(name: string): number {
    this.slotNames.push(name);
    this.seen.push([]);
    return this.slotNames.length - 1;
  }

  observe(slot: number, dim: Dim, where: string): void {
    this.seen[slot]!.push({ dim, where });
  }

  finish(): { slots: Slot[]; conflict: RangeConflict | undefined } {
    this.rangesFromDeltas();
    let conflict: RangeConflict | undefined;
    const slots = this.slotNames.map((name, k): Slot => {
      const seen = this.seen[k]!;
      if (seen.length === 0) throw this.src.error(this.unknownRange(k), name);
      // Ranges start at 0: an index read on axes whose ranges nest (N inside N+1) runs over the smallest, in bounds on all.
      const smallest = seen.find((s) => seen.every((o) => rangeContains(o.dim, s.dim)));
      if (smallest !== undefined) return { name, dim: smallest.dim };
      const other = seen.find((s) => s.dim !== seen[0]!.dim);
      if (other !== undefined) {
        conflict ??= {
          index: name,
          message: `dimension mismatch: index ${name} runs over ${seen[0]!.dim} in ${seen[0]!.where} but over ${other.dim} in ${other.where}`,
        };
        return { name, dim: undefined };
      }
      return { name, dim: seen[0]!.dim };
    });
    return { slots, conflict };
  }

  private unknownRange(slot: number): string {
    const name = this.slotNames[slot]!;
    const read = this.affineReads.get(slot);
    if (read === undefined) return `cannot tell the range of index ${name}: use it as a plain index of a tensor, e.g. X[${name}]`;
    // A window index (max pooling's u in X[2*p+u]) has no range of its own.
    return `cannot tell the range of index ${name}, read only in ${read}: run it over a tensor's whole axis with a where, e.g. max(h, where(h // 2 == p, X[h], -inf)), or write the window out, e.g. max(X[2*p], X[2*p+1])`;
  }

  /**
   * An index used only affinely or in deltas (`sum(u, X[p+u]*delta(u,i))`)
   * runs over the range of an index it is compared with, by a delta or `==`,
   * through the same map (`delta(i,j)`, `delta(floor(c / K), floor(e / K))`).
   */
  private rangesFromDeltas(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const [a, b] of this.deltaPairs) {
        for (const [to, from] of [[a, b], [b, a]] as const) {
          const source = this.seen[from]![0];
          if (this.seen[to]!.length === 0 && source !== undefined) {
            this.seen[to]!.push({ dim: source.dim, where: `delta(${this.slotNames[a]},${this.slotNames[b]})` });
            changed = true;
          }
        }
      }
    }
  }

  bind(e: Expr, names: ReadonlyMap<string, number>): Bound {
    switch (e.kind) {
      case 'num':
        return e;
      case 'sym':
        return this.symbol(e.name);
      case 'access':
        return this.access(e.tensor, e.indices, names);
      case 'delta': {
        const [a, b] = [this.affine(e.a, names), this.affine(e.b, names)];
        const pair = comparedSlots({ kind: 'index', index: a }, { kind: 'index', index: b });
        if (pair !== undefined) this.deltaPairs.push(pair);
        return { kind: 'delta', a, b };
      }
      case 'sum':
      case 'reduce': {
        const what = e.kind === 'sum' ? 'summed over' : `reduced by ${e.op}`;
        const inner = new Map(names);
        const slots = e.indices.map((name) => {
          if (inner.has(name)) {
            throw this.src.error(`index ${name} is ${what} but is already in use outside this ${e.kind === 'sum' ? 'sum' : e.op}: rename it`, name);
          }
          const slot = this.newSlot(name);
          inner.set(name, slot);
          return slot;
        });
        const body = this.bind(e.body, inner);
        return e.kind === 'sum' ? { kind: 'sum', slots, body } : { kind: 'reduce', op: e.op, slots, body };
      }
      case 'index':
        return { kind: 'index', index: this.affine(e.index, names) };
      case 'binary':
        return { kind: 'binary', op: e.op, left: this.bind(e.left, names), right: this.bind(e.right, names) };
      case 'neg':
        return { kind: 'neg', arg: this.bind(e.arg, names) };
      case 'call': {
        const args = e.args.map((a) => this.bind(a, names));
        const pair = e.fn === 'equal' ? comparedSlots(args[0]!, args[1]!) : undefined;
        if (pair !== undefined) this.deltaPairs.push(pair);
        return { kind: 'call', fn: e.fn, args };
      }
      case 'diff': {
        if (!this.scope.inputs.has(e.wrt.tensor)) {
          throw this.src.error(`diff is taken with respect to an input tensor; ${e.wrt.tensor} is not an input`, e.wrt.tensor);
        }
        if (this.scope.indexTensors?.has(e.wrt.tensor)) throw this.src.error(`${e.wrt.tensor} holds indices: it is not differentiated`, e.wrt.tensor);
        const wrt = this.access(e.wrt.tensor, e.wrt.indices, names);
        if (wrt.kind !== 'access') throw this.src.error('diff needs a tensor entry as its second argument', 'diff');
        const firstOwnSlot = this.slotNames.length;
        const of = this.bind(e.of, names);
        if (containsDiff(of)) throw this.src.error('diff inside diff is not supported: name the inner derivative in a forward line', 'diff');
        const ofSlots = [...usedSlots(of)].filter((s) => s < firstOwnSlot).sort((a, b) => a - b);
        return { kind: 'diff', of, ofSlots, wrt };
      }
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private symbol(name: string): Bound {
    const dims = this.scope.tensors.get(name);
    if (dims !== undefined) {
      if (dims.length !== 0) throw this.src.error(`${name} has rank ${dims.length}: index it, e.g. ${name}[${'ijkl'.slice(0, dims.length).split('').join(',')}]`, name);
      return { kind: 'access', tensor: name, indices: [] };
    }
    if (this.scope.dimensions.has(name)) return { kind: 'dim', dim: name };
    const value = this.scope.constants.get(name);
    if (value !== undefined) return { kind: 'num', value };
    if (/^[a-z][a-z0-9_]*$/.test(name) && name.length <= 2) {
      throw this.src.error(`index ${name} is used as a number where it is not in scope: only the left side's indices and those of enclosing sums are`, name);
    }
    throw this.src.error(`unknown name ${name}: not a declared tensor, dimension or constant`, name);
  }

  private access(tensor: string, indices: readonly AffineIndex[], names: ReadonlyMap<string, number>): Bound {
    const dims = this.scope.tensors.get(tensor);
    if (dims === undefined) throw this.src.error(`unknown tensor ${tensor}`, tensor);
    if (dims.length !== indices.length) {
      throw this.src.error(`${tensor} has rank ${dims.length} but is indexed with ${indices.length} ${indices.length === 1 ? 'index' : 'indices'}`, tensor);
    }
    const where = `${tensor}[${indices.map(affineToString).join(',')}]`;
    const bound = indices.map((ix, k) => {
      const name = plainName(ix);
      const b = this.affine(ix, names);
      if (name !== undefined) this.observe(b.terms[0]!.slot, dims[k]!, where);
      else for (const t of b.terms) if (!this.affineReads.has(t.slot)) this.affineReads.set(t.slot, where);
      this.checkIndexRange(b, dims[k]!, where);
      return b;
    });
    return { kind: 'access', tensor, indices: bound };
  }

  private affine(ix: AffineIndex, names: ReadonlyMap<string, number>): BoundAffine {
    const terms = ix.terms.map(({ name, coef }) => {
      const slot = names.get(name);
      if (slot === undefined) throw this.src.error(`index ${name} is free on the right but not on the left`, name);
      return { slot, coef };
    });
    if (ix.rest === undefined) return { terms, offset: ix.offset };
    const rest = this.bind(ix.rest.expr, names);
    if (!this.integerValued(rest)) {
      throw this.src.error(`index ${affineToString(ix)} may not be a whole number: use floor(...), ceil(...), round(...) or mod(...) (or %)`, ix.rest.text);
    }
    const ratio = unevenSizeRatio(ix.rest.expr, this.scope.dimensions);
    if (ratio !== undefined) {
      throw this.src.error(`${ratio} is not whole at every size (each dimension is drawn on its own): declare the divided dimension as a product, e.g. G * K in shapes, and divide by K`, ratio);
    }
    return { terms, offset: ix.offset, rest };
  }

  /** Whether an expression always has an integer value: index arithmetic, dimensions, index tensors' entries, floor and mod of them. */
  private integerValued(e: Bound): boolean {
    switch (e.kind) {
      case 'num':
        return Number.isInteger(e.value);
      case 'dim':
      case 'index':
        return true;
      case 'access':
        return this.scope.indexTensors?.has(e.tensor) ?? false;
      case 'neg':
        return this.integerValued(e.arg);
      case 'binary':
        return e.op !== '/' && e.op !== '^' && this.integerValued(e.left) && this.integerValued(e.right);
      case 'call':
        return ['floor', 'ceil', 'round'].includes(e.fn) || (e.fn === 'mod' && e.args.every((a) => this.integerValued(a)));
      default:
        return false;
    }
  }

  /** An index tensor's entry used as a whole index must index the dimension its values range over: anything else reads out of range. */
  private checkIndexRange(ix: BoundAffine, dim: Dim, where: string): void {
    const read = ix.terms.length === 0 && ix.offset === 0 ? ix.rest : undefined;
    const range = read?.kind === 'access' ? this.scope.indexTensors?.get(read.tensor) : undefined;
    if (read?.kind === 'access' && range !== undefined && range !== dim) {
      throw this.src.error(`${read.tensor} holds indices into ${range}, but ${where} reads it along ${dim}: its values would be out of range`, read.tensor);
    }
  }
}

const boundRest = (ix: BoundAffine): Bound | undefined => ix.rest;

/** The two slots that a delta or `==` compares when its sides are one index each under the same map (`delta(i,j)`, `floor(i / K) == floor(j / K)`). */
function comparedSlots(a: Bound, b: Bound): [number, number] | undefined {
  const [from, to] = [a, b].map((side) => [...usedSlots(side)]);
  if (from!.length !== 1 || to!.length !== 1) return undefined;
  const [x, y] = [from![0]!, to![0]!];
  const renamed = JSON.stringify(a, (key, value: unknown) => (key === 'slot' && value === x ? y : value));
  return renamed === JSON.stringify(b) ? [x, y] : undefined;
}

/** The sub-expressions of a bound node (a diff's `wrt` access and the non-affine parts of indices included). */
export const boundChildren = (e: Bound): readonly Bound[] => childrenOf<Bound, BoundAffine>(e, boundRest);

/** Every slot an expression reads or binds. */
export function usedSlots(e: Bound, out = new Set<number>()): Set<number> {
  const affine = (a: BoundAffine): void => a.terms.forEach((t) => out.add(t.slot));
  if (e.kind === 'access') e.indices.forEach(affine);
  if (e.kind === 'delta') [e.a, e.b].forEach(affine);
  if (e.kind === 'index') affine(e.index);
  if (e.kind === 'sum' || e.kind === 'reduce') e.slots.forEach((s) => out.add(s));
  boundChildren(e).forEach((c) => usedSlots(c, out));
  return out;
}

export const containsDiff = (e: Bound): boolean => e.kind === 'diff' || boundChildren(e).some(containsDiff);
