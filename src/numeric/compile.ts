// Compiles a bound index expression once into nested closures over typed
// arrays: the tree is walked at compile time only, never per element.
// Strides and ranges are baked in, so an expression is compiled per size draw.
import type { Bound, BoundAccess, BoundAffine, BoundEquation } from '../notation/bind.js';
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

export function compileExpr(e: Bound, layout: Layout, slotSizes: readonly number[]): Scalar {
  const go = (x: Bound): Scalar => compileExpr(x, layout, slotSizes);
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      return () => v;
    }
    case 'dim': {
      const v = dimSize(e.dim, layout.sizes);
      return () => v;
    }
    case 'access':
      return compileAccess(e, layout);
    case 'delta': {
      const a = compileAffine(e.a);
      const b = compileAffine(e.b);
      return (f) => (a(f.idx) === b(f.idx) ? 1 : 0);
    }
    case 'sum':
      return compileSum(planSum(e.slots, e.body, slotSizes), layout, slotSizes);
    case 'binary': {
      const l = go(e.left);
      const r = go(e.right);
      switch (e.op) {
        case '+':
          return (f) => l(f) + r(f);
        case '-':
          return (f) => l(f) - r(f);
        case '*':
          return (f) => l(f) * r(f);
        case '/':
          return (f) => l(f) / r(f);
        case '^':
          return (f) => Math.pow(l(f), r(f));
      }
      break;
    }
    case 'neg': {
      const a = go(e.arg);
      return (f) => -a(f);
    }
    case 'call': {
      const fn = FUNCTIONS[e.fn]!.apply;
      const [a, b] = e.args.map(go) as [Scalar, Scalar | undefined];
      return b === undefined ? (f) => fn(a(f), 0) : (f) => fn(a(f), b(f));
    }
    case 'diff': {
      const id = layout.diffTable(e, slotSizes);
      const shape = [...e.ofSlots.map((s) => slotSizes[s]!), ...layout.tensors.get(e.wrt.tensor)!.shape];
      const indices: BoundAffine[] = [...e.ofSlots.map((slot) => ({ terms: [{ slot, coef: 1 }], offset: 0 })), ...e.wrt.indices];
      return compileRead(id, shape, indices);
    }
    default: {
      const never: never = e;
      return never;
    }
  }
  throw new Error('unreachable');
}

/** A sum after sifting: sifts before the loops, loops over the other indices, inner sifts, then the remaining factors. */
function compileSum(plan: SumPlan, layout: Layout, slotSizes: readonly number[]): Scalar {
  const siftBefore = compileSifts(plan.before, slotSizes);
  const dot = plan.inner.length === 0 && plan.looped.length === 1 ? compileDot(plan.looped[0]!, plan.rest, layout, slotSizes) : undefined;
  const body = dot ?? compileLoops(plan, layout, slotSizes);
  if (plan.before.length === 0) return body;
  return (f) => (siftBefore(f.idx) ? body(f) : 0);
}

/** Sets each sifted index from its delta; false when one falls outside its range (the term is 0). */
function compileSifts(sifts: readonly Sift[], slotSizes: readonly number[]): (idx: Int32Array) => boolean {
  const steps = sifts.map((s) => {
    const { slot, offset } = s;
    const n = slotSizes[slot]!;
    const other = compileAffine(s.other);
    return (idx: Int32Array): boolean => {
      const v = other(idx) - offset;
      idx[slot] = v;
      return v >= 0 && v < n;
    };
  });
  if (steps.length === 1) return steps[0]!;
  return (idx) => {
    for (let k = 0; k < steps.length; k++) if (!steps[k]!(idx)) return false;
    return true;
  };
}

/** The product of compiled factors, unrolled for the common short products. */
function compileProduct(factors: readonly Scalar[]): Scalar {
  if (factors.length === 0) return () => 1;
  if (factors.length === 1) return factors[0]!;
  if (factors.length === 2) {
    const [a, b] = factors as [Scalar, Scalar];
    return (f) => a(f) * b(f);
  }
  return (f) => {
    let acc = 1;
    for (let k = 0; k < factors.length; k++) acc *= factors[k]!(f);
    return acc;
  };
}

function compileLoops(plan: SumPlan, layout: Layout, slotSizes: readonly number[]): Scalar {
  const product = compileProduct(plan.rest.map((x) => compileExpr(x, layout, slotSizes)));
  const siftInner = compileSifts(plan.inner, slotSizes);
  const body: Scalar = plan.inner.length === 0 ? product : (f) => (siftInner(f.idx) ? product(f) : 0);
  let inner = body;
  for (const s of [...plan.looped].reverse()) {
    const step = inner;
    const n = slotSizes[s]!;
    inner = (f) => {
      const idx = f.idx;
      let acc = 0;
      for (let k = 0; k < n; k++) {
        idx[s] = k;
        acc += step(f);
      }
      return acc;
    };
  }
  return plan.looped.length === 0 ? body : inner;
}

/**
 * The hot loop of forward lines and results, sum(s, A[..s..] * B[..s..] ...)
 * over plain reads, as a strided dot product over the tensors' arrays.
 */
function compileDot(s: number, rest: readonly Bound[], layout: Layout, slotSizes: readonly number[]): Scalar | undefined {
  if (rest.length === 0 || !rest.every((x) => x.kind === 'access' && x.indices.every(isPlain))) return undefined;
  const reads = (rest as BoundAccess[]).map((x) => {
    const t = layout.tensors.get(x.tensor);
    if (t === undefined) throw new Error(`tensor ${x.tensor} has no data`);
    const strides = stridesOf(t.shape);
    const slots = x.indices.map((ix) => ix.terms[0]!.slot);
    return { id: t.id, slots, strides, step: slots.reduce((acc, slot, k) => acc + (slot === s ? strides[k]! : 0), 0) };
  });
  const n = slotSizes[s]!;
  const base = (f: Frame, r: (typeof reads)[number]): number => {
    let off = 0;
    for (let k = 0; k < r.slots.length; k++) if (r.slots[k] !== s) off += f.idx[r.slots[k]!]! * r.strides[k]!;
    return off;
  };
  if (reads.length === 2) {
    const [ra, rb] = reads as [(typeof reads)[number], (typeof reads)[number]];
    const [sa, sb] = [ra.step, rb.step];
    return (f) => {
      const a = f.data[ra.id]!;
      const b = f.data[rb.id]!;
      let oa = base(f, ra);
      let ob = base(f, rb);
      let acc = 0;
      for (let k = 0; k < n; k++) {
        acc += a[oa]! * b[ob]!;
        oa += sa;
        ob += sb;
      }
      return acc;
    };
  }
  return (f) => {
    const offsets = reads.map((r) => base(f, r));
    let acc = 0;
    for (let k = 0; k < n; k++) {
      let term = 1;
      for (let r = 0; r < reads.length; r++) term *= f.data[reads[r]!.id]![offsets[r]! + k * reads[r]!.step]!;
      acc += term;
    }
    return acc;
  };
}

const isPlain = (ix: BoundAffine): boolean => ix.offset === 0 && ix.terms.length === 1 && ix.terms[0]!.coef === 1;

function compileAccess(e: BoundAccess, layout: Layout): Scalar {
  const t = layout.tensors.get(e.tensor);
  if (t === undefined) throw new Error(`tensor ${e.tensor} has no data`);
  return compileRead(t.id, t.shape, e.indices);
}

/** Reads entry `indices` of tensor `id`; affine indices that fall outside the shape read 0 (zero padding). */
function compileRead(id: number, shape: readonly number[], indices: readonly BoundAffine[]): Scalar {
  const strides = stridesOf(shape);
  const plain = indices.every(isPlain);
  if (plain) {
    const slots = indices.map((ix) => ix.terms[0]!.slot);
    if (slots.length === 0) return (f) => f.data[id]![0]!;
    if (slots.length === 1) {
      const s0 = slots[0]!;
      return (f) => f.data[id]![f.idx[s0]!]!;
    }
    if (slots.length === 2) {
      const [s0, s1] = slots as [number, number];
      const st0 = strides[0]!;
      return (f) => f.data[id]![f.idx[s0]! * st0 + f.idx[s1]!]!;
    }
    if (slots.length === 4) {
      // NHWC images and HWIO kernels: the convolutions' reads.
      const [s0, s1, s2, s3] = slots as [number, number, number, number];
      const [st0, st1, st2] = strides as [number, number, number];
      return (f) => {
        const idx = f.idx;
        return f.data[id]![idx[s0]! * st0 + idx[s1]! * st1 + idx[s2]! * st2 + idx[s3]!]!;
      };
    }
    return (f) => {
      let off = 0;
      for (let k = 0; k < slots.length; k++) off += f.idx[slots[k]!]! * strides[k]!;
      return f.data[id]![off]!;
    };
  }
  // Affine indices (conv windows, p+u-1): each position's terms flattened into typed arrays, read in one loop.
  const affine = flattenAffine(indices);
  const rank = indices.length;
  const { offsets, starts, coefs, slots } = affine;
  const sizes = Int32Array.from(shape);
  const stride = Int32Array.from(strides);
  return (f) => {
    const idx = f.idx;
    let off = 0;
    for (let d = 0; d < rank; d++) {
      let v = offsets[d]!;
      for (let t = starts[d]!; t < starts[d + 1]!; t++) v += coefs[t]! * idx[slots[t]!]!;
      if (v < 0 || v >= sizes[d]!) return 0;
      off += v * stride[d]!;
    }
    return f.data[id]![off]!;
  };
}

/** Affine indices as flat arrays: position d is offsets[d] + sum of coefs[t] * idx[slots[t]] for t in starts[d]..starts[d+1]. */
function flattenAffine(indices: readonly BoundAffine[]): { offsets: Int32Array; starts: Int32Array; coefs: Int32Array; slots: Int32Array } {
  const terms = indices.flatMap((ix) => ix.terms);
  const starts = new Int32Array(indices.length + 1);
  indices.forEach((ix, d) => (starts[d + 1] = starts[d]! + ix.terms.length));
  return {
    offsets: Int32Array.from(indices, (ix) => ix.offset),
    starts,
    coefs: Int32Array.from(terms, (t) => t.coef),
    slots: Int32Array.from(terms, (t) => t.slot),
  };
}

function compileAffine(ix: BoundAffine): (idx: Int32Array) => number {
  const { offset, terms } = ix;
  if (terms.length === 1 && terms[0]!.coef === 1) {
    const s = terms[0]!.slot;
    return offset === 0 ? (idx) => idx[s]! : (idx) => idx[s]! + offset;
  }
  const { coefs, slots } = flattenAffine([ix]);
  return (idx) => {
    let v = offset;
    for (let t = 0; t < coefs.length; t++) v += coefs[t]! * idx[slots[t]!]!;
    return v;
  };
}
