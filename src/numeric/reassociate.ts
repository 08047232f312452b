// Rewrites that reorder floating-point operations to do less work, as
// einsum optimisers do: a sum is distributed over the + and - among its
// factors (sum(c, A*(delta(c,j) - B)) = sum(c, A*delta(c,j)) - sum(c, A*B)),
// its deltas are sifted, and the factors that no longer read its indices
// are taken out of it (sum(c, A[i,c] * B[i,j]) = B[i,j] * sum(c, A[i,c])),
// so that what is left reads fewer indices and is computed once for them.
// The compiler applies these only where they save work, as counted.
import { boundChildren, type Bound } from '../notation/bind.js';
import { freeSlots } from './free-slots.js';
import { planSum } from './sift.js';

type Sum = Extract<Bound, { kind: 'sum' }>;

/** A sum is split into at most this many by distribution: each + or - among its factors doubles them. */
const MAX_TERMS = 16;

/** The factors of a product, a quotient a / b giving a's factors and 1 / b. */
function factorsOf(e: Bound): Bound[] {
  if (e.kind === 'binary' && e.op === '*') return [...factorsOf(e.left), ...factorsOf(e.right)];
  if (e.kind === 'binary' && e.op === '/' && !(e.left.kind === 'num' && e.left.value === 1)) return [...factorsOf(e.left), { ...e, left: { kind: 'num', value: 1 } }];
  if (e.kind === 'neg') return [{ kind: 'num', value: -1 }, ...factorsOf(e.arg)];
  return [e];
}

const product = (fs: readonly Bound[]): Bound =>
  fs.length === 0 ? { kind: 'num', value: 1 } : fs.reduce((left, right) => ({ kind: 'binary', op: '*', left, right }));

/** The same node with its children replaced (the children in boundChildren's order). */
function withChildren(e: Bound, children: readonly Bound[]): Bound {
  switch (e.kind) {
    case 'sum':
    case 'reduce':
      return { ...e, body: children[0]! };
    case 'binary':
      return { ...e, left: children[0]!, right: children[1]! };
    case 'neg':
      return { ...e, arg: children[0]! };
    case 'call':
      return { ...e, args: children };
    default:
      return e;
  }
}

export function reassociate(e: Bound, slotSizes: readonly number[]): Bound {
  if (e.kind === 'diff') return e;
  const children = boundChildren(e).map((c) => reassociate(c, slotSizes));
  const node = withChildren(e, children);
  return node.kind === 'sum' ? distributed(node, slotSizes, { terms: 1 }) : node;
}

function distributed(s: Sum, slotSizes: readonly number[], budget: { terms: number }): Bound {
  const fs = factorsOf(s.body);
  const k = fs.findIndex((f) => f.kind === 'binary' && (f.op === '+' || f.op === '-'));
  if (k >= 0 && budget.terms < MAX_TERMS) {
    budget.terms *= 2;
    const split = fs[k] as Extract<Bound, { kind: 'binary' }>;
    const part = (term: Bound): Bound => distributed({ ...s, body: product(fs.map((f, j) => (j === k ? term : f))) }, slotSizes, budget);
    return { kind: 'binary', op: split.op, left: part(split.left), right: part(split.right) };
  }
  return factoredOut({ ...s, body: product(fs) }, slotSizes);
}

/** After sifting by renaming, the factors that read none of the indices still looped over, in front of the sum of the others. */
function factoredOut(s: Sum, slotSizes: readonly number[]): Bound {
  const plan = planSum(s.slots, s.body, slotSizes, true);
  if (plan.before.length > 0 || plan.inner.length > 0) return s;
  const reads = (f: Bound): boolean => plan.looped.some((slot) => freeSlots(f).has(slot));
  const inside = plan.rest.filter(reads);
  const outside = plan.rest.filter((f) => !reads(f));
  if (plan.looped.length === 0) return product(plan.rest);
  return product([...outside, { kind: 'sum', slots: plan.looped, body: product(inside) }]);
}
