// Kronecker deltas sifted at compile time: sum(n, A * delta(n, i) * B) is
// A * B at n = i (0 when i falls outside n's range), one term instead of N.
// Derivation steps write deltas deep inside nested sums, so deltas that do not
// involve a sum's own indices are first moved out of it, to reach the sum over
// their index. Only the order of floating-point additions changes.
import { containsDiff, usedSlots, type Bound, type BoundAffine } from '../notation/bind.js';
import { freeSlots } from './free-slots.js';

/** The factors of a product (a negation is a factor -1). */
export function factors(e: Bound): Bound[] {
  if (e.kind === 'binary' && e.op === '*') return [...factors(e.left), ...factors(e.right)];
  if (e.kind === 'neg') return [{ kind: 'num', value: -1 }, ...factors(e.arg)];
  return [e];
}

const product = (fs: readonly Bound[]): Bound =>
  fs.length === 0 ? { kind: 'num', value: 1 } : fs.reduce((left, right) => ({ kind: 'binary', op: '*', left, right }));

const mentions = (ix: BoundAffine, slots: readonly number[]): boolean =>
  ix.terms.some((t) => slots.includes(t.slot)) || (ix.rest !== undefined && [...usedSlots(ix.rest)].some((s) => slots.includes(s)));

/** Results by tree: a claim compiled at every draw of sizes keeps the same nodes, and what is cached by node. */
const hoisted = new WeakMap<Bound, Bound>();

/** Moves each delta that does not mention a sum's indices out of that sum, bottom up. */
export function hoistDeltas(e: Bound): Bound {
  let out = hoisted.get(e);
  if (out === undefined) hoisted.set(e, (out = hoistDeltasOnce(e)));
  return out;
}

function hoistDeltasOnce(e: Bound): Bound {
  switch (e.kind) {
    case 'sum': {
      const inner = factors(hoistDeltas(e.body));
      const free = (f: Bound): boolean => f.kind === 'delta' && !mentions(f.a, e.slots) && !mentions(f.b, e.slots);
      const out = inner.filter(free);
      if (out.length === 0) return { ...e, body: product(inner) };
      return product([...out, { kind: 'sum', slots: e.slots, body: product(inner.filter((f) => !free(f))) }]);
    }
    // A delta is never moved out of a max, min or prod (prod over an empty range is 1, not the delta), only out of sums inside it.
    case 'reduce':
      return { ...e, body: hoistDeltas(e.body) };
    case 'binary':
      return { ...e, left: hoistDeltas(e.left), right: hoistDeltas(e.right) };
    case 'neg':
      return { ...e, arg: hoistDeltas(e.arg) };
    case 'call':
      return { ...e, args: e.args.map(hoistDeltas) };
    default:
      return e;
  }
}

/** A summed index set from a delta: slot = value(other) - offset. */
export interface Sift {
  readonly slot: number;
  readonly other: BoundAffine;
  readonly offset: number;
}

export interface SumPlan {
  /** Sifts that read no looped index: done once, before the loops. */
  readonly before: readonly Sift[];
  /** Indices still summed by a loop, in order. */
  readonly looped: readonly number[];
  /** Sifts done in the innermost loop, in order. */
  readonly inner: readonly Sift[];
  /** The body's factors left once the sifting deltas are gone. */
  readonly rest: readonly Bound[];
}

/**
 * Which summed indices a delta factor of the body determines. A sift may read
 * indices sifted before it; the summed indices it reads otherwise are looped
 * (so that they are set before it). A sift to an outer index j over a range no
 * larger than the summed index's is a renaming: the index is replaced by j in
 * the remaining factors, and no work is left for run time.
 */
export function planSum(slots: readonly number[], body: Bound, slotSizes: readonly number[], reorder = false): SumPlan {
  let rest = factors(body).flatMap((f) => (f.kind === 'sum' ? inlined(f, slotSizes, reorder) : [f]));
  const sifts: Sift[] = [];
  const looped = new Set<number>();
  const sifted = (slot: number): boolean => sifts.some((s) => s.slot === slot);
  for (const f of [...rest]) {
    // A delta with a non-affine side (delta(tok[s], i)) is evaluated, not sifted.
    if (f.kind !== 'delta' || f.a.rest !== undefined || f.b.rest !== undefined) continue;
    for (const [side, other] of [[f.a, f.b], [f.b, f.a]] as const) {
      // Solving a delta of a sum of indices (delta(p+u-1, h) sets p = h-u+1 once u is looped) reorders the sum's additions.
      const candidates = side.terms.length === 1 || reorder ? side.terms : [];
      const term = candidates.find((t) => t.coef === 1 && slots.includes(t.slot) && !sifted(t.slot) && !looped.has(t.slot) && !other.terms.some((o) => o.slot === t.slot));
      if (term === undefined) continue;
      const value = solved(other, side, term.slot);
      for (const t of value.terms) if (slots.includes(t.slot) && !sifted(t.slot)) looped.add(t.slot);
      sifts.push({ slot: term.slot, other: value, offset: side.offset });
      rest = rest.filter((r) => r !== f);
      break;
    }
  }
  const runtime: Sift[] = [];
  for (const s of sifts) {
    const j = renaming(s, slots, slotSizes);
    if (j === undefined || rest.some(containsDiff)) runtime.push(s);
    else rest = rest.map((r) => renameSlot(r, s.slot, j));
  }
  const loopedSlots = slots.filter((s) => !sifted(s));
  const before: Sift[] = [];
  const inner: Sift[] = [];
  for (const s of runtime) {
    const readsLoop = s.other.terms.some((t) => loopedSlots.includes(t.slot) || inner.some((i) => i.slot === t.slot));
    (readsLoop ? inner : before).push(s);
  }
  return { before, looped: loopedSlots, inner, rest };
}

/** other - (side without `slot`'s term): the value of `slot` (before side's offset) where side = other. */
function solved(other: BoundAffine, side: BoundAffine, slot: number): BoundAffine {
  if (side.terms.length === 1) return other;
  const coefs = new Map<number, number>();
  for (const t of other.terms) coefs.set(t.slot, t.coef);
  for (const t of side.terms) if (t.slot !== slot) coefs.set(t.slot, (coefs.get(t.slot) ?? 0) - t.coef);
  return { offset: other.offset, terms: [...coefs].filter(([, coef]) => coef !== 0).map(([s, coef]) => ({ slot: s, coef })) };
}

/** A nested sum whose every index is renamed away is just its remaining factors: they join the product around it. */
function inlined(e: Extract<Bound, { kind: 'sum' }>, slotSizes: readonly number[], reorder: boolean): Bound[] {
  const plan = planSum(e.slots, e.body, slotSizes, reorder);
  return plan.looped.length === 0 && plan.before.length === 0 && plan.inner.length === 0 ? [...plan.rest] : [e];
}

/** The outer index a sift renames its index to, when it always lies in range. */
function renaming(s: Sift, slots: readonly number[], slotSizes: readonly number[]): number | undefined {
  const [term] = s.other.terms;
  if (s.offset !== 0 || s.other.offset !== 0 || s.other.terms.length !== 1 || term!.coef !== 1 || slots.includes(term!.slot)) return undefined;
  return slotSizes[term!.slot]! <= slotSizes[s.slot]! ? term!.slot : undefined;
}

function renameSlot(e: Bound, from: number, to: number): Bound {
  if (!freeSlots(e).has(from)) return e;
  const affine = (ix: BoundAffine): BoundAffine => {
    const rest = ix.rest === undefined ? {} : { rest: renameSlot(ix.rest, from, to) };
    if (!ix.terms.some((t) => t.slot === from)) return { ...ix, ...rest };
    const coefs = new Map<number, number>();
    for (const t of ix.terms) coefs.set(t.slot === from ? to : t.slot, (coefs.get(t.slot === from ? to : t.slot) ?? 0) + t.coef);
    return { offset: ix.offset, terms: [...coefs].filter(([, coef]) => coef !== 0).map(([slot, coef]) => ({ slot, coef })), ...rest };
  };
  switch (e.kind) {
    case 'access':
      return { ...e, indices: e.indices.map(affine) };
    case 'delta':
      return { ...e, a: affine(e.a), b: affine(e.b) };
    case 'index':
      return { ...e, index: affine(e.index) };
    case 'sum':
    case 'reduce':
      return { ...e, body: renameSlot(e.body, from, to) };
    case 'binary':
      return { ...e, left: renameSlot(e.left, from, to), right: renameSlot(e.right, from, to) };
    case 'neg':
      return { ...e, arg: renameSlot(e.arg, from, to) };
    case 'call':
      return { ...e, args: e.args.map((a) => renameSlot(a, from, to)) };
    default:
      return e;
  }
}

