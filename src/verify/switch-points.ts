// Points on the switches of the forward's non-smooth functions (where their
// registry entries say they have a kink or a jump: 0 for abs, relu, step and
// sign, equality for comparisons, integers for floor, ties for max and min,
// and ties of max and min reductions; and the poles where a function's value
// stays finite, sqrt at 0: numeric/switches.ts). At a drawn point,
// each such call or reduction in a forward line is taken at random index
// values, and one input entry it depends on is moved until it sits exactly on
// its switch: a secant search for the zero of the switching quantity, snapped
// to the grid of drawn values where the zero lies on it. The move keeps the
// entry inside its declared domain and the forward finite, or is not made;
// index tensors are never moved.
import { boundChildren, type Bound, type BoundAffine, type BoundEquation } from '../notation/bind.js';
import { dimSize } from '../notation/shapes.js';
import { GRID, type Domain } from '../numeric/domains.js';
import { finitePoleOf, reductionSwitches, switchOf } from '../numeric/switches.js';
import type { Derivation } from '../derivation/derivation.js';
import type { Instance } from './instance.js';

const readsTensor = (e: Bound): boolean => e.kind === 'access' || boundChildren(e).some(readsTensor);
/** Where a call's points are placed: its switch, or a pole on which its value stays finite (of an argument that can move: not sqrt(2)). */
const placedAt = (e: Bound & { kind: 'call' }) => switchOf(e.fn) ?? (readsTensor(e) ? finitePoleOf(e.fn) : undefined);
const switches = (e: Bound): boolean => (e.kind === 'call' && placedAt(e) !== undefined) || (e.kind === 'reduce' && reductionSwitches(e.op));
const callsSwitch = (e: Bound): boolean => switches(e) || boundChildren(e).some(callsSwitch);

/** Whether a forward line calls a function that switches (whatever the sizes). */
export const hasSwitches = (d: Derivation): boolean => d.forward.some((line) => line.form === 'index' && callsSwitch(line.eq.rhs));

/** A switching call or reduction in a forward line, compiled for one draw of sizes: `at` is 0 exactly on its switch. */
interface Site {
  readonly line: number;
  readonly at: (idx: Int32Array) => number;
  readonly reads: Bound;
}

/** An entry of an input tensor. */
interface Entry {
  readonly tensor: string;
  readonly flat: number;
}

/** Entries tried per call, secant steps per entry, and how far an entry may move. */
const ENTRIES_TRIED = 4;
const SECANT_STEPS = 30;
const MAX_MAGNITUDE = 10;
/** Forward definitions followed from a call back to the inputs. */
const MAX_DEPTH = 4;

export class SwitchPoints {
  private readonly sites: Site[] = [];
  private readonly slotSizes: (readonly number[])[];
  private readonly lines: (BoundEquation | undefined)[];

  constructor(
    private readonly d: Derivation,
    private readonly inst: Instance,
  ) {
    this.lines = d.forward.map((line) => (line.form === 'index' ? line.eq : undefined));
    this.slotSizes = this.lines.map((eq) => eq?.slots.map((s) => dimSize(s.dim!, inst.sizes)) ?? []);
    this.lines.forEach((eq, line) => {
      if (eq !== undefined) this.collect(eq.rhs, line);
    });
  }

  get any(): boolean {
    return this.sites.length > 0;
  }

  /**
   * Moves the instance's inputs (at the point it was moved to) so that each
   * switching call, at index values that `random` chooses, sits on its switch
   * where one of its input entries can be moved there. Returns the inputs.
   */
  place(random: () => number): Map<string, Float64Array> {
    for (const site of this.sites) {
      const idx = this.randomIndex(site.line, random);
      const quantity = (): number => {
        this.inst.forward();
        return site.at(idx);
      };
      const entries = shuffled(this.entriesRead(site.reads, site.line, idx, random, 0), random);
      for (const entry of entries.slice(0, ENTRIES_TRIED)) if (this.moveOnto(entry, quantity)) break;
    }
    this.inst.forward();
    return new Map([...this.d.inputs.keys()].map((name) => [name, this.inst.tensor(name).data.slice()]));
  }

  private collect(e: Bound, line: number): void {
    const sizes = this.slotSizes[line]!;
    if (e.kind === 'call') {
      const sw = placedAt(e);
      if (sw !== undefined) {
        const [a, b, c] = e.args.map((x) => this.inst.compileAt(x, sizes));
        this.sites.push({ line, at: (idx) => sw.distance(a!(idx), b?.(idx) ?? 0, c?.(idx) ?? 0), reads: e });
      }
    }
    if (e.kind === 'reduce' && reductionSwitches(e.op)) {
      const body = this.inst.compileAt(e.body, sizes);
      const pick = e.op === 'max' ? Math.max : Math.min;
      // The entry at idx less the best of the others: 0 where it ties with the selected one (above or below it).
      const at = (idx: Int32Array): number => {
        const other = idx.slice();
        let best = NaN;
        forEachCombination(e.slots.map((slot) => sizes[slot]!), (values) => {
          if (values.every((v, k) => v === idx[e.slots[k]!])) return;
          values.forEach((v, k) => (other[e.slots[k]!] = v));
          const value = body(other);
          best = Number.isNaN(best) ? value : pick(best, value);
        });
        return body(idx) - best;
      };
      this.sites.push({ line, at, reads: e.body });
    }
    boundChildren(e).forEach((c) => this.collect(c, line));
  }

  private randomIndex(line: number, random: () => number): Int32Array {
    return Int32Array.from(this.slotSizes[line]!, (size) => Math.floor(random() * size));
  }

  /** Input entries that `e` (in forward line `line`, at `idx`) reads, directly or through earlier forward lines. */
  private entriesRead(e: Bound, line: number, idx: Int32Array, random: () => number, depth: number): Entry[] {
    if (e.kind !== 'access') return boundChildren(e).flatMap((c) => this.entriesRead(c, line, idx, random, depth));
    const at = e.indices.map((ix) => this.indexAt(ix, line, idx));
    const shape = this.inst.shapes.get(e.tensor)!;
    if (at.some((v, axis) => v < 0 || v >= shape[axis]!)) return [];
    if (this.d.inputs.has(e.tensor)) return movable(this.d.inputs.get(e.tensor)!) ? [{ tensor: e.tensor, flat: flatIndex(at, shape) }] : [];
    const defining = this.lines.findIndex((eq) => eq?.tensor === e.tensor);
    if (defining < 0 || depth === MAX_DEPTH) return [];
    const inner = this.randomIndex(defining, random);
    at.forEach((v, k) => (inner[k] = v));
    return this.entriesRead(this.lines[defining]!.rhs, defining, inner, random, depth + 1);
  }

  /** The value of an index at idx: its affine part and the rest (floor, mod, an index tensor's entry) it may have. */
  private indexAt(ix: BoundAffine, line: number, idx: Int32Array): number {
    const affine = ix.terms.reduce((v, t) => v + t.coef * idx[t.slot]!, ix.offset);
    return ix.rest === undefined ? affine : affine + this.inst.compileAt(ix.rest, this.slotSizes[line]!)(idx);
  }

  /** Moves one entry to a zero of `quantity`; restores it and returns false where there is none in its domain. */
  private moveOnto(entry: Entry, quantity: () => number): boolean {
    const data = this.inst.tensor(entry.tensor).data;
    const start = data[entry.flat]!;
    const g = (t: number): number => {
      data[entry.flat] = t;
      return quantity();
    };
    const zero = secantZero(g, start);
    const domain = this.d.inputs.get(entry.tensor)!;
    if (zero !== undefined && inDomain(zero, domain)) {
      g(zero);
      if (this.forwardFinite()) return true;
    }
    g(start);
    return false;
  }

  /** Whether every forward line is finite where the instance's forward last ran: log(abs(x)) at x = 0 is no point to check at. */
  private forwardFinite(): boolean {
    return this.lines.every((eq) => eq === undefined || this.inst.tensor(eq.tensor).data.every(Number.isFinite));
  }
}

/** A zero of g near `start`, on the grid where one lies there, or undefined. */
function secantZero(g: (t: number) => number, start: number): number | undefined {
  const plain = secant(g, start);
  // The secant creeps towards a zero of high order ((x^2)^3 at x = 0 is g ~ |x|^6) and stops short of it;
  // g / g' ~ (x - zero) / order has a simple zero, which the secant reaches.
  const refined = secant((t) => orderFree(g, t), plain.t).t;
  // Drawn values lie on a grid: a zero on it is taken first, then an exact zero off it (0.07 - 0.06 - 0.01 is not 0).
  const exact = (plain.converged ? [plain.t, refined] : [refined]).flatMap((t) => [Math.round(t * GRID) / GRID, t]).find((t) => g(t) === 0);
  if (exact !== undefined) return exact;
  return plain.converged && Math.abs(g(plain.t)) <= 1e-12 * (1 + Math.abs(plain.t)) ? plain.t : undefined;
}

/** The secant's last iterate from `start`; not converged where it left the range or stalled. */
function secant(g: (t: number) => number, start: number): { t: number; converged: boolean } {
  let [t0, g0] = [start, g(start)];
  if (g0 === 0) return { t: start, converged: true };
  let [t1, g1] = [start + 0.5, g(start + 0.5)];
  for (let step = 0; step < SECANT_STEPS && g1 !== 0; step++) {
    if (!Number.isFinite(g1) || g1 === g0) return { t: t0, converged: false };
    const t2 = t1 - (g1 * (t1 - t0)) / (g1 - g0);
    if (!Number.isFinite(t2) || Math.abs(t2) > MAX_MAGNITUDE) return { t: t1, converged: false };
    [t0, g0, t1, g1] = [t1, g1, t2, g(t2)];
  }
  return { t: t1, converged: true };
}

/** g / g' at t (0 on a zero of g), g' by a central difference. */
function orderFree(g: (t: number) => number, t: number): number {
  const value = g(t);
  if (value === 0) return 0;
  const h = 1e-7 * (1 + Math.abs(t));
  return (2 * h * value) / (g(t + h) - g(t - h));
}

/** Domains whose entries may be moved one at a time (not the structured ones: rows that sum to 1, symmetry). */
const movable = (domain: Domain): boolean => ['normal', 'uniform', 'positive', 'nonzero'].includes(domain.kind);

function inDomain(value: number, domain: Domain): boolean {
  switch (domain.kind) {
    case 'positive':
      return value > 0;
    case 'nonzero':
      return value !== 0;
    case 'uniform':
      return value >= domain.low && value <= domain.high;
    default:
      return true;
  }
}

/** Calls `visit` with every combination of values below `sizes`. */
function forEachCombination(sizes: readonly number[], visit: (values: readonly number[]) => void): void {
  const values = sizes.map(() => 0);
  for (;;) {
    visit(values);
    let k = sizes.length - 1;
    while (k >= 0 && ++values[k]! === sizes[k]) values[k--] = 0;
    if (k < 0) return;
  }
}

const flatIndex = (at: readonly number[], shape: readonly number[]): number => at.reduce((flat, v, axis) => flat * shape[axis]! + v, 0);

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}
