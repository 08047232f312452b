// The function under test at its inputs. The caller's tensors are read once
// and never handed to f: every evaluation gets fresh tensors made from
// copies (the float32 ones perturbed by the checks), and afterwards they are
// compared with the copies, so that a function that changes or disposes its
// inputs is caught rather than silently corrupting the finite differences.
// float32 inputs are differentiated; integer and boolean ones (indices,
// segment ids, masks) are passed through as they are. Each float32 output
// is projected on its own random cotangent u_i: phi = sum_i <u_i, y_i>.
import { randomDirection } from '../numeric/direction.js';
import { FLOAT32, type Precision } from '../numeric/finite-diff.js';
import { unravel } from '../numeric/tensor.js';
import { GradcheckError, SubjectFailure } from './result.js';
import { classifyError, isTensor, type Tensor, type Tfjs } from './tfjs.js';

export type TensorFunction = (...inputs: Tensor[]) => Tensor | Tensor[];

/** f changed or disposed a tensor it was given: the check cannot go on. */
export class MutationError extends Error {}

type Values = Float32Array | Int32Array | Uint8Array;
const ARRAYS = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;
type Dtype = keyof typeof ARRAYS;

export class Subject {
  /** Each input's values: the float32 ones are what the checks perturb in place. */
  readonly data: Values[];
  readonly shapes: number[][];
  readonly dtypes: Dtype[];
  /** The inputs that are differentiated: the float32 ones, in order. */
  readonly wrt: number[];
  evaluations = 0;
  private u: Float32Array[] = [];
  private outputShapes: number[][] = [];
  /** phi at the inputs, sum_i <u_i, f(inputs)_i>. */
  phi0 = NaN;
  /**
   * The scale of phi's float32 rounding in a difference: ||u_i * y_i|| (the
   * L2 norm over every output entry). Outputs that a perturbation leaves
   * alone cancel exactly, so the sum of |u_k y_k| would overstate it.
   */
  phiScale = 0;
  /** Whether f returned an array of tensors (of one, maybe) rather than a tensor. */
  returnsArray = false;
  /** The arithmetic of phi, with the rounding noise of its slopes at this point (see precisionAt). */
  precision: Precision = FLOAT32;
  private readonly deadline: number;

  constructor(
    private readonly tf: Tfjs,
    private readonly f: TensorFunction,
    inputs: readonly unknown[],
    timeLimitMs: number,
  ) {
    if (typeof f !== 'function') throw new GradcheckError(`gradcheck: f must be a function of tensors returning a tensor, got ${describe(f)}`);
    if (inputs.length === 0) throw new GradcheckError('gradcheck: no inputs; pass a tensor or an array of tensors');
    this.shapes = [];
    this.dtypes = [];
    this.data = inputs.map((t, i) => {
      if (!isTensor(t)) throw new GradcheckError(`gradcheck: input ${i} is not a tensor (got ${describe(t)})`);
      if (t.isDisposed) throw new GradcheckError(`gradcheck: input ${i} is disposed`);
      if (!(t.dtype in ARRAYS)) throw new GradcheckError(`gradcheck: input ${i} has dtype ${t.dtype}; inputs are float32 (differentiated), int32 or bool (passed through)`);
      if (t.size === 0) throw new GradcheckError(`gradcheck: input ${i} has no entries (shape [${t.shape.join(', ')}])`);
      const dtype = t.dtype as Dtype;
      const values = ARRAYS[dtype].from(t.dataSync() as ArrayLike<number>);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new GradcheckError(`gradcheck: input ${i} is ${values[bad]} at [${unravel(bad, t.shape).join(',')}]`);
      this.shapes.push([...t.shape]);
      this.dtypes.push(dtype);
      return values;
    });
    this.wrt = this.dtypes.flatMap((d, i) => (d === 'float32' ? [i] : []));
    if (this.wrt.length === 0) throw new GradcheckError('gradcheck: no float32 input to differentiate (int32 and bool inputs are passed through)');
    this.deadline = Date.now() + timeLimitMs;
  }

  /** The cotangents u_i, one per float32 output, with its shape: tf.grads of f with these reproduces tfjs's gradient. */
  cotangents(): { values: number[]; shape: number[] }[] {
    return this.u.map((u, o) => ({ values: Array.from(u), shape: [...this.outputShapes[o]!] }));
  }

  /** Input `i`'s values as the checks perturb them (a float32 input). */
  values(i: number): Float32Array {
    return this.data[i] as Float32Array;
  }

  /** Evaluates f once at the inputs, then draws each u_i over its output (1 for a scalar output). */
  prepare(random: () => number): void {
    let ys: Float32Array[] = [];
    this.evaluate((outs) => {
      this.outputShapes = outs.map((y) => [...y.shape]);
      ys = outs.map((y) => Float32Array.from(y.dataSync() as Float32Array));
    });
    ys.forEach((y, o) => {
      const bad = y.findIndex((v) => !Number.isFinite(v));
      const which = ys.length === 1 ? '' : ` output ${o}`;
      if (bad >= 0) throw new GradcheckError(`gradcheck: f(inputs)${which} is ${y[bad]} at [${unravel(bad, this.outputShapes[o]!).join(',')}]; check f at finite values`);
    });
    this.u = ys.map((y) => (y.length === 1 ? Float32Array.of(1) : Float32Array.from(randomDirection(y.length, random))));
    this.phi0 = this.dot(ys);
    this.phiScale = Math.sqrt(ys.reduce((s, y, o) => s + y.reduce((t, v, k) => t + (v * this.u[o]![k]!) ** 2, 0), 0));
    this.precision = precisionAt(this.phiScale, this.phi0);
  }

  /** phi = sum_i <u_i, f(inputs)_i>, computed in float64 from f's float32 outputs. */
  phi(): number {
    let value = NaN;
    this.evaluate((outs) => (value = this.dot(outs.map((y) => y.dataSync() as Float32Array))));
    return value;
  }

  /**
   * tfjs's gradient of phi with respect to each float32 input, by
   * position; `missing` lists the inputs tfjs's tape found no path to (their
   * gradient is taken as zero, for the checks to compare with the slopes).
   */
  gradients(): { grads: Map<number, Float64Array>; missing: number[] } {
    this.tick();
    this.evaluations++;
    const grads = new Map<number, Float64Array>();
    const missing: number[] = [];
    this.tf.tidy(() => {
      const args = this.arguments();
      const xs = this.wrt.map((i) => args[i]!);
      let out: (Tensor | undefined)[];
      try {
        const phi = (): Tensor => {
          const ys = this.call(args);
          if (ys.length === 1) return ys[0]!;
          return this.tf.addN(ys.map((y, o) => this.tf.sum(this.tf.mul(y, this.tf.tensor(this.u[o]!, this.outputShapes[o], 'float32')))));
        };
        const dy = this.u.length === 1 ? this.tf.tensor(this.u[0]!, this.outputShapes[0], 'float32') : undefined;
        out = this.tf.engine().gradients(phi, xs, dy, true).grads;
      } catch (err) {
        throw err instanceof GradcheckError || err instanceof MutationError || err instanceof SubjectFailure ? err : classifyError(err, 'backward', this.tf);
      }
      this.assertUnchanged(args);
      this.wrt.forEach((i, k) => {
        const g = out[k];
        if (g === undefined || g === null) missing.push(i);
        grads.set(i, g === undefined || g === null ? new Float64Array(this.data[i]!.length) : Float64Array.from(g.dataSync() as Float32Array));
      });
    });
    return { grads, missing };
  }

  /** Stops the check once its time is up: a synchronous call cannot be interrupted, so this runs between evaluations. */
  private tick(): void {
    if (Date.now() > this.deadline) throw new SubjectFailure('hangs', `the check ran past its time limit after ${this.evaluations} evaluations of f`);
  }

  private evaluate(read: (outs: Tensor[]) => void): void {
    this.tick();
    this.evaluations++;
    this.tf.tidy(() => {
      const args = this.arguments();
      let ys: Tensor[];
      try {
        ys = this.call(args);
      } catch (err) {
        throw err instanceof GradcheckError ? err : classifyError(err, 'forward', this.tf);
      }
      this.assertUnchanged(args);
      read(ys);
    });
  }

  /** Fresh tensors over copies: tfjs keeps a reference to the array it is given. */
  private arguments(): Tensor[] {
    return this.data.map((d, i) => this.tf.tensor(d.slice(), this.shapes[i], this.dtypes[i]));
  }

  /** f's float32 outputs (others, such as the indices of topk, are not differentiated). */
  private call(args: Tensor[]): Tensor[] {
    const y: unknown = this.f(...args);
    this.returnsArray = Array.isArray(y);
    const outs = Array.isArray(y) ? (y as unknown[]) : [y];
    if (outs.length === 0 || !outs.every(isTensor)) throw new GradcheckError(`gradcheck: f must return a tensor or an array of tensors, got ${describe(y)}`);
    const floats = outs.filter((t) => t.dtype === 'float32');
    if (floats.length === 0) throw new GradcheckError(`gradcheck: f returns dtype ${outs.map((t) => t.dtype).join(', ')}; gradients exist for float32 outputs only`);
    if (this.outputShapes.length > 0 && floats.some((t, o) => t.shape.join() !== this.outputShapes[o]!.join())) {
      throw new GradcheckError(`gradcheck: f returned shapes ${shapesText(floats.map((t) => t.shape))} after ${shapesText(this.outputShapes)}; its output shapes must not depend on the values`);
    }
    return floats;
  }

  private assertUnchanged(args: readonly Tensor[]): void {
    args.forEach((arg, i) => {
      if (arg.isDisposed) throw new MutationError(`f disposed its input ${i}; gradcheck evaluates f many times and needs it to leave its inputs alone`);
      const now = arg.dataSync() as ArrayLike<number>;
      const was = this.data[i]!;
      const k = was.findIndex((v, j) => !Object.is(v, now[j]));
      if (k >= 0) {
        throw new MutationError(`f changed its input ${i} at [${unravel(k, this.shapes[i]!).join(',')}] from ${was[k]} to ${now[k]}; gradcheck evaluates f many times and needs it to leave its inputs alone`);
      }
    });
  }

  private dot(ys: readonly ArrayLike<number>[]): number {
    let acc = 0;
    ys.forEach((y, o) => {
      const u = this.u[o]!;
      for (let k = 0; k < y.length; k++) acc += u[k]! * y[k]!;
    });
    return acc;
  }
}

const shapesText = (shapes: readonly (readonly number[])[]): string => shapes.map((s) => `[${s.join(', ')}]`).join(', ');

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}

/**
 * FLOAT32's noise floor for one-sided slopes is 1e-2 * (1 + |phi|): coarse
 * where phi sums many outputs, so that two relus at 0 whose slopes nearly
 * cancel (1.98 on one side, 2.03 on the other) read as smooth. What rounding
 * leaves in a slope at the narrow step h/16 is about 16 * eps^(2/3) *
 * ||u * f||; eight times that is the floor here, where it is lower.
 */
export function precisionAt(phiScale: number, phi0: number): Precision {
  const resolved = (8 * 16 * FLOAT32.eps ** (2 / 3) * phiScale) / (1 + Math.abs(phi0));
  return { eps: FLOAT32.eps, noise: Math.min(FLOAT32.noise, resolved) };
}
