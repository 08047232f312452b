// A derivation at one draw of sizes: data for every tensor, the forward lines
// and claims compiled once for the sizes, the oracle and the claims evaluated
// at one point after another. The oracle's probes also fill the Jacobian
// tables of diff(...) claims.
import type { Bound } from '../notation/bind.js';
import { dimSize } from '../notation/shapes.js';
import { compileEquation, compileExpr, evaluateInto, type CompiledEquation, type Layout, type Scalar } from '../numeric/compile.js';
import type { Tolerance } from '../numeric/compare.js';
import { seededRandom } from '../numeric/direction.js';
import { directionalSlopes, FLOAT64, gradientFull, type LineSlopes, type ProbedGradient } from '../numeric/finite-diff.js';
import { evaluateMatrix } from '../numeric/matrix.js';
import { judgeProjection, smoothDirection, type ProjectionVerdict, type SmoothDirection } from '../numeric/projection.js';
import { lineThrough, roundingNoise } from '../numeric/rounding.js';
import { sizeOf, type Tensor } from '../numeric/tensor.js';
import type { Claim, Derivation } from '../derivation/derivation.js';

type DiffNode = Extract<Bound, { kind: 'diff' }>;

interface DiffTable {
  readonly node: DiffNode;
  /** The data id the table is written to. */
  readonly id: number;
  /** Evaluates the table's rows (node.of over its free slots) on the current forward values. */
  readonly read: (into: Float64Array) => void;
  readonly rows: number;
}

/** The oracle's gradient, and what its diff tables' column k errs by per unit of their rows' rounding. */
type OracleGradient = ProbedGradient & { readonly rowRounding: Float64Array };

/**
 * Measured rounding noise is one sample of an error that could have come out
 * larger: the allowance is this many times what was seen.
 */
const SAFETY = 4;
/** Random sign patterns tried when a diff table's error is carried through a claim. */
const SIGN_PATTERNS = 4;
/**
 * Noise larger than these fractions of a value (plus 1) is a jump within the
 * moves, not rounding (numeric/rounding.ts). phi's noise is divided by the
 * step (about 6e-6), so its bound is tight; a claim's is taken as it is, and
 * may come from terms of 1e8 that cancel to 1e-8 (batch norm's raw
 * differentiated step at a batch of one), so its bound is wider.
 */
const PHI_NOISE_LIMIT = 1e-8;
const CLAIM_NOISE_LIMIT = 1e-4;

export class Instance {
  readonly shapes = new Map<string, number[]>();
  private readonly ids = new Map<string, number>();
  readonly data: Float64Array[] = [];
  private readonly forwardSteps: (() => void)[];
  private readonly compiledClaims = new Map<Claim, { eq: CompiledEquation; diffs: DiffTable[] }>();
  /** Diff tables not yet filled, and the oracle's gradient by input, once computed at the point. */
  private readonly unfilled = new Set<DiffTable>();
  private readonly gradients = new Map<string, OracleGradient>();
  /** Whether phi ran since the forward lines were last run at the point. */
  private probed = false;
  /** The forward lines' values at the point (restored after probes), while the data is that of the last moveTo. */
  private snapshot: Float64Array[] | undefined;
  /** Claim values at the point, by their compiled equation's key: claims that compile alike are evaluated once. */
  private readonly claimValues = new Map<string, Float64Array>();
  private readonly forwardIds: number[];

  constructor(
    readonly derivation: Derivation,
    readonly sizes: ReadonlyMap<string, number>,
  ) {
    for (const [name, dims] of derivation.tensors) this.allocate(name, dims.map((d) => dimSize(d, sizes)));
    for (const g of derivation.gradients) this.allocate(g.gradName, this.shapes.get(g.wrt)!);
    this.forwardSteps = derivation.forward.map((line) => {
      if (line.form === 'matrix') {
        const out = this.tensor(line.tensor);
        return () => {
          let value: Tensor;
          try {
            value = evaluateMatrix(line.expression, this.matrixScope());
          } catch (err) {
            // The forward definition is part of the input: a mathjs failure here is malformed input (exit 2).
            throw line.src.error(`cannot be evaluated for the declared shapes: ${(err as Error).message}`);
          }
          if (value.data.length !== out.data.length) {
            throw line.src.error(`gives shape [${value.shape.join(', ')}] but ${line.tensor} is declared [${out.shape.join(', ')}]`);
          }
          out.data.set(value.data);
        };
      }
      const compiled = compileEquation(line.eq, this.layout([]));
      const out = this.data[this.ids.get(line.eq.tensor)!]!;
      return () => evaluateInto(compiled, this.data, out);
    });
    this.forwardIds = derivation.forward.map((line) => this.ids.get(line.form === 'matrix' ? line.tensor : line.eq.tensor)!);
  }

  /**
   * Moves to a point at these sizes: its inputs and upstream gradient, the
   * forward lines run there, and the oracle and diff tables to be computed
   * anew. What is compiled for the sizes is kept, and so is everything
   * computed at the point when it is the one the instance is at (each
   * gradient of a derivation is checked at the same points).
   */
  moveTo(inputs: ReadonlyMap<string, Float64Array>, upstream: Float64Array): void {
    const upstreams = this.upstreamValues(upstream);
    if (this.snapshot !== undefined && upstreams.every(([data, values]) => equal(data, values)) && [...inputs].every(([name, values]) => equal(this.tensor(name).data, values))) {
      this.restore();
      return;
    }
    for (const [name, values] of inputs) this.tensor(name).data.set(values);
    for (const [data, values] of upstreams) data.set(values);
    this.gradients.clear();
    this.claimValues.clear();
    for (const { diffs } of this.compiledClaims.values()) for (const table of diffs) this.unfilled.add(table);
    this.runForward();
    this.snapshot = this.forwardIds.map((id) => this.data[id]!.slice());
    this.probed = false;
  }

  /** Each output's upstream gradient with the values it takes at a point: 1 for a lone scalar loss, else its slice of `upstream`. */
  private upstreamValues(upstream: Float64Array): [Float64Array, Float64Array][] {
    let from = 0;
    return this.derivation.outputs.map((output): [Float64Array, Float64Array] => {
      const dy = this.tensor(output.upstream).data;
      return [dy, output.drawn ? upstream.subarray(from, (from += dy.length)) : Float64Array.of(1)];
    });
  }

  tensor(name: string): Tensor {
    return { shape: this.shapes.get(name)!, data: this.data[this.ids.get(name)!]! };
  }

  /** Runs the forward lines on the current inputs, which may have been changed in place: the point is left. */
  forward(): void {
    this.snapshot = undefined;
    this.claimValues.clear();
    this.runForward();
  }

  private runForward(): void {
    for (const step of this.forwardSteps) step();
  }

  /** phi = <dY, Y> summed over the outputs, whose gradient is the vector-Jacobian product: the sum of the paths through each output. */
  phi(): number {
    this.runForward();
    this.probed = true;
    return this.phiOfForward();
  }

  /** Puts back the forward lines' values at the point after probes left them at a perturbed one (the inputs are restored by the probes). */
  private restore(): void {
    if (!this.probed) return;
    if (this.snapshot === undefined) this.runForward();
    else this.forwardIds.forEach((id, k) => this.data[id]!.set(this.snapshot![k]!));
    this.probed = false;
  }

  /** phi from the tensors as the last forward run left them. */
  private phiOfForward(): number {
    let acc = 0;
    for (const output of this.derivation.outputs) {
      const y = this.tensor(output.tensor).data;
      const dy = this.tensor(output.upstream).data;
      for (let k = 0; k < y.length; k++) acc += dy[k]! * y[k]!;
    }
    return acc;
  }

  /**
   * The finite-difference gradient with respect to an input, at the point;
   * the diff tables with respect to the same input that are compiled by then
   * (compileClaims) are filled from the same probes.
   */
  oracle(wrt: string): OracleGradient {
    let g = this.gradients.get(wrt);
    const tables = [...this.unfilled].filter((t) => t.node.wrt.tensor === wrt);
    // A claim compiled after the gradient was taken brings tables still to fill: probe again, filling them.
    if (g !== undefined && tables.length === 0) return g;
    const rows = tables.reduce((n, t) => n + t.rows, 0);
    const read = (into: Float64Array): void => {
      let from = 0;
      for (const t of tables) {
        t.read(into.subarray(from, from + t.rows));
        from += t.rows;
      }
    };
    const { jacobian, ...gradient } = gradientFull(this.tensor(wrt).data, () => this.phi(), FLOAT64, { rows, read });
    this.restore();
    const n = gradient.grad.length;
    let from = 0;
    for (const t of tables) {
      this.data[t.id]!.set(jacobian.subarray(from * n, (from + t.rows) * n));
      from += t.rows;
      this.unfilled.delete(t);
    }
    this.gradients.set(wrt, (g = gradient));
    return g;
  }

  /** Compiles the claims to be evaluated here, so that the oracle fills all their diff tables in one pass. */
  compileClaims(claims: readonly Claim[]): void {
    for (const claim of claims) if (claim.form === 'index') this.compiled(claim);
  }

  /** Fast mode's oracle: the derivative of phi along `v` in the input `wrt`, kinks taken out of v (forward already run). */
  oracleAlong(wrt: string, v: Float64Array, maxKinks: number): SmoothDirection {
    const smooth = smoothDirection(this.tensor(wrt).data, v, () => this.phi(), maxKinks, { f0: this.phiOfForward() });
    this.restore();
    return smooth;
  }

  /** phi's one-sided slopes along `v` in the input `wrt` (forward already run). */
  slopesAlong(wrt: string, v: Float64Array): LineSlopes {
    const slopes = directionalSlopes(this.tensor(wrt).data, v, () => this.phi(), { f0: this.phiOfForward() });
    this.restore();
    return slopes;
  }

  /** Fast mode's verdict on `claimed` along the direction from oracleAlong, probing more points before calling it wrong. */
  judgeAlong(wrt: string, smooth: SmoothDirection, claimed: Float64Array, tol: Tolerance, maxKinks: number): ProjectionVerdict {
    const verdict = judgeProjection(this.tensor(wrt).data, smooth, () => this.phi(), claimed, tol, maxKinks, { f0: this.phiOfForward() });
    this.restore();
    return verdict;
  }

  /** The value a claim gives at the current point (forward already run). */
  evaluateClaim(claim: Claim, wrt: string): Tensor {
    if (claim.form === 'matrix') return this.valueOf(claim, wrt);
    const compiled = this.compiled(claim);
    for (const table of compiled.diffs) if (this.unfilled.has(table)) this.oracle(table.node.wrt.tensor);
    // Shared between the claims that compile alike: judging only reads it.
    let data = this.claimValues.get(compiled.eq.key);
    if (data === undefined) {
      data = this.valueOf(claim, wrt).data;
      if (this.snapshot !== undefined) this.claimValues.set(compiled.eq.key, data);
    }
    return { shape: this.shapes.get(wrt)!, data };
  }

  /** A claim's value from the forward values and diff tables as they are (also at perturbed points: never cached). */
  private valueOf(claim: Claim, wrt: string): Tensor {
    if (claim.form === 'matrix') return evaluateMatrix(claim.expression, this.matrixScope());
    const out = new Float64Array(sizeOf(this.shapes.get(wrt)!));
    evaluateInto(this.compiled(claim).eq, this.data, out);
    return { shape: this.shapes.get(wrt)!, data: out };
  }

  /**
   * What entry k of the oracle's gradient with respect to `wrt` and the
   * claim's value `claimed` there may be off by together (numeric/rounding.ts
   * measures the noise): float64 rounding in phi as entry k moves (the
   * oracle's quotients divide it by their steps); the error of the claim's
   * diff tables, whose column k is a finite difference of rows rounded the
   * same way, carried through the claim; and rounding in the claim itself as
   * every input and the upstream gradient move (a claim may round the same
   * whatever x[k], as terms of 1e8 cancelling do).
   */
  roundingAt(wrt: string, k: number, claim: Claim, claimed: Float64Array): number {
    const gradient = this.oracle(wrt);
    const tables = claim.form === 'index' ? this.compiled(claim).diffs.filter((t) => t.node.wrt.tensor === wrt) : [];
    const read = (into: Float64Array): void => {
      into[0] = this.phiOfForward();
      let from = 1;
      for (const t of tables) {
        t.read(into.subarray(from, from + t.rows));
        from += t.rows;
      }
    };
    this.restore();
    const at = new Float64Array(1 + tables.reduce((n, t) => n + t.rows, 0));
    read(at);
    const x = this.tensor(wrt).data;
    const entry = new Float64Array(x.length);
    entry[k] = 1;
    const noise = roundingNoise(
      lineThrough([x], [entry]),
      at,
      (into) => {
        this.phi();
        read(into);
      },
      PHI_NOISE_LIMIT,
    );
    const rowError = noise.subarray(1).map((r) => SAFETY * r * gradient.rowRounding[k]!);
    const claimNoise = this.claimNoise(claim, wrt, k, claimed[k]!);
    return SAFETY * (gradient.rounding[k]! * noise[0]! + claimNoise) + this.tableError(claim, wrt, k, tables, rowError, claimed[k]!);
  }

  /** The rounding noise of entry k of a claim as every input that is not an index tensor, and the upstream gradients, move along random signs. */
  private claimNoise(claim: Claim, wrt: string, k: number, claimedK: number): number {
    const moved = [...this.derivation.inputs].filter(([, domain]) => domain.kind !== 'index').map(([name]) => this.tensor(name).data);
    for (const { upstream } of this.derivation.outputs) moved.push(this.tensor(upstream).data);
    const random = seededRandom(k);
    const signs = moved.map((v) => v.map(() => (random() < 0.5 ? -1 : 1)));
    const [noise] = roundingNoise(
      lineThrough(moved, signs),
      Float64Array.of(claimedK),
      (into) => {
        this.phi();
        into[0] = this.valueOf(claim, wrt).data[k]!;
      },
      CLAIM_NOISE_LIMIT,
    );
    this.restore();
    return noise!;
  }

  /** How far entry k of the claim moves when column k of its tables moves within `rowError` (random signs). */
  private tableError(claim: Claim, wrt: string, k: number, tables: readonly DiffTable[], rowError: Float64Array, claimedK: number): number {
    if (tables.length === 0) return 0;
    const n = sizeOf(this.shapes.get(wrt)!);
    const saved = tables.map((t) => this.data[t.id]!.slice());
    const random = seededRandom(k);
    let error = 0;
    for (let pattern = 0; pattern < SIGN_PATTERNS; pattern++) {
      let row = 0;
      for (const t of tables) {
        const data = this.data[t.id]!;
        for (let r = 0; r < t.rows; r++, row++) data[r * n + k]! += (random() < 0.5 ? -1 : 1) * rowError[row]!;
      }
      error = Math.max(error, Math.abs(this.valueOf(claim, wrt).data[k]! - claimedK));
      tables.forEach((t, j) => this.data[t.id]!.set(saved[j]!));
    }
    return error;
  }

  /** A subexpression of a forward line, to be evaluated at index values set slot by slot, on the forward values last computed. */
  compileAt(e: Bound, slotSizes: readonly number[]): (idx: Int32Array) => number {
    const scalar = compileExpr(e, this.layout([]), slotSizes);
    return (idx) => scalar({ idx, data: this.data });
  }

  private compiled(claim: Claim & { form: 'index' }): { eq: CompiledEquation; diffs: DiffTable[] } {
    let compiled = this.compiledClaims.get(claim);
    if (compiled === undefined) {
      const diffs: DiffTable[] = [];
      compiled = { eq: compileEquation(claim.eq, this.layout(diffs)), diffs };
      this.compiledClaims.set(claim, compiled);
    }
    return compiled;
  }

  private allocate(name: string, shape: number[]): void {
    this.ids.set(name, this.data.length);
    this.shapes.set(name, shape);
    this.data.push(new Float64Array(sizeOf(shape)));
  }

  private layout(diffs: DiffTable[]): Layout {
    const tensors = new Map([...this.ids].map(([name, id]) => [name, { id, shape: this.shapes.get(name)! }]));
    return {
      tensors,
      sizes: this.sizes,
      diffTable: (node, slotSizes) => {
        const shape = [...node.ofSlots.map((s) => slotSizes[s]!), ...this.shapes.get(node.wrt.tensor)!];
        const id = this.data.length;
        this.data.push(new Float64Array(sizeOf(shape)));
        const table = { node, id, ...this.rowReader(node, slotSizes) };
        diffs.push(table);
        this.unfilled.add(table);
        return id;
      },
    };
  }

  /**
   * diff(of, X[..]) is a Jacobian table: `of` over its free slots, one row
   * each, differentiated by central differences in each entry of X as the
   * oracle perturbs it. It never depends on symbolic differentiation.
   */
  private rowReader(node: DiffNode, slotSizes: readonly number[]): Pick<DiffTable, 'read' | 'rows'> {
    const of: Scalar = compileExpr(node.of, this.layout([]), slotSizes);
    const ofSizes = node.ofSlots.map((s) => slotSizes[s]!);
    const frame = { idx: new Int32Array(slotSizes.length), data: this.data };
    const idx = frame.idx;
    const rows = sizeOf(ofSizes);
    const read = (into: Float64Array): void => {
      for (let r = 0; r < rows; r++) {
        let rest = r;
        for (let k = node.ofSlots.length - 1; k >= 0; k--) {
          idx[node.ofSlots[k]!] = rest % ofSizes[k]!;
          rest = Math.floor(rest / ofSizes[k]!);
        }
        into[r] = of(frame);
      }
    };
    return { read, rows };
  }

  private matrixScope(): Map<string, Tensor> {
    const scope = new Map<string, Tensor>();
    for (const name of this.ids.keys()) scope.set(name, this.tensor(name));
    for (const [dim, size] of this.sizes) scope.set(dim, { shape: [], data: Float64Array.of(size) });
    for (const [name, value] of this.derivation.constants) scope.set(name, { shape: [], data: Float64Array.of(value) });
    return scope;
  }
}

function equal(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}
