// Which index slots a subexpression reads from outside itself: what the
// compiler needs to know to place it in the outermost loop where its value no
// longer changes (loop-invariant code motion). Generic over node kinds through
// boundChildren; the kinds that read or bind slots are listed in two tables.
import { boundChildren, type Bound, type BoundAffine } from '../notation/bind.js';

type Node<K extends Bound['kind']> = Extract<Bound, { kind: K }>;

/** Affine indices a node reads itself (their non-affine `rest` parts are children, found by the walk). */
const READS: { readonly [K in Bound['kind']]?: (e: Node<K>) => readonly BoundAffine[] } = {
  access: (e) => e.indices,
  delta: (e) => [e.a, e.b],
  index: (e) => [e.index],
};

/** Slots a node binds over its children: they are not free outside it. */
const BINDS: { readonly [K in Bound['kind']]?: (e: Node<K>) => readonly number[] } = {
  sum: (e) => e.slots,
  reduce: (e) => e.slots,
};

const cache = new WeakMap<Bound, ReadonlySet<number>>();

/** The slots `e` reads and does not bind. */
export function freeSlots(e: Bound): ReadonlySet<number> {
  let free = cache.get(e);
  if (free !== undefined) return free;
  const out = new Set<number>();
  const reads = READS[e.kind] as ((n: Bound) => readonly BoundAffine[]) | undefined;
  for (const ix of reads?.(e) ?? []) for (const t of ix.terms) out.add(t.slot);
  for (const child of boundChildren(e)) for (const s of freeSlots(child)) out.add(s);
  const binds = BINDS[e.kind] as ((n: Bound) => readonly number[]) | undefined;
  for (const s of binds?.(e) ?? []) out.delete(s);
  cache.set(e, (free = out));
  return free;
}
