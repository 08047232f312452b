// The function under test at its inputs. The caller's tensors are read once
// and never handed to f: every evaluation gets fresh tensors made from
// float32 copies (perturbed by the checks), and afterwards they are compared
// with the copies, so that a function that changes or disposes its inputs is
// caught rather than silently corrupting the finite differences.
import { randomDirection } from '../numeric/direction.js';
import { unravel } from '../numeric/tensor.js';
import { GradcheckError } from './result.js';
import { gradientError, isTensor, type Tensor, type Tfjs } from './tfjs.js';

export type TensorFunction = (...inputs: Tensor[]) => Tensor;

/** f changed or disposed a tensor it was given: the check cannot go on. */
export class MutationError extends Error {}

export class Subject {
  /** The input values the checks perturb in place, as float32. */
  readonly data: Float32Array[];
  readonly shapes: number[][];
  evaluations = 0;
  private u = new Float32Array(0);
  private outputShape: number[] = [];
  /** phi at the inputs, <u, f(inputs)>. */
  phi0 = NaN;

  constructor(
    private readonly tf: Tfjs,
    private readonly f: TensorFunction,
    inputs: readonly unknown[],
  ) {
    if (typeof f !== 'function') throw new GradcheckError(`gradcheck: f must be a function of tensors returning a tensor, got ${describe(f)}`);
    if (inputs.length === 0) throw new GradcheckError('gradcheck: no inputs; pass a tensor or an array of tensors');
    this.shapes = [];
    this.data = inputs.map((t, i) => {
      if (!isTensor(t)) throw new GradcheckError(`gradcheck: input ${i} is not a tensor (got ${describe(t)})`);
      if (t.isDisposed) throw new GradcheckError(`gradcheck: input ${i} is disposed`);
      if (t.dtype !== 'float32') throw new GradcheckError(`gradcheck: input ${i} has dtype ${t.dtype}; gradients exist for float32 inputs only`);
      if (t.size === 0) throw new GradcheckError(`gradcheck: input ${i} has no entries (shape [${t.shape.join(', ')}])`);
      const values = Float32Array.from(t.dataSync());
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new GradcheckError(`gradcheck: input ${i} is ${values[bad]} at [${unravel(bad, t.shape).join(',')}]`);
      this.shapes.push([...t.shape]);
      return values;
    });
  }

  /** Evaluates f once at the inputs, then draws u over its output (1 for a scalar output). */
  prepare(random: () => number): void {
    let y = new Float32Array(0);
    this.evaluate((out, shape) => {
      this.outputShape = [...shape];
      y = Float32Array.from(out);
    });
    const bad = y.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new GradcheckError(`gradcheck: f(inputs) is ${y[bad]} at [${unravel(bad, this.outputShape).join(',')}]; check f at finite values`);
    this.u = y.length === 1 ? Float32Array.of(1) : Float32Array.from(randomDirection(y.length, random));
    this.phi0 = this.dotU(y);
  }

  /** phi = <u, f(inputs)>, computed in float64 from f's float32 output. */
  phi(): number {
    let value = NaN;
    this.evaluate((out) => (value = this.dotU(out)));
    return value;
  }

  /** tfjs's gradient of phi with respect to each input: tf.grads of f with upstream gradient u. */
  gradients(): Float64Array[] {
    this.evaluations++;
    let grads: Float64Array[] = [];
    this.tf.tidy(() => {
      const args = this.arguments();
      let out: Tensor[];
      try {
        out = this.tf.grads((...xs: Tensor[]) => this.call(xs))(args, this.tf.tensor(this.u, this.outputShape, 'float32'));
      } catch (err) {
        throw err instanceof GradcheckError || err instanceof MutationError ? err : gradientError(err);
      }
      this.assertUnchanged(args);
      grads = out.map((g) => Float64Array.from(g.dataSync()));
    });
    return grads;
  }

  private evaluate(read: (values: ArrayLike<number>, shape: readonly number[]) => void): void {
    this.evaluations++;
    this.tf.tidy(() => {
      const args = this.arguments();
      const y = this.call(args);
      this.assertUnchanged(args);
      read(y.dataSync(), y.shape);
    });
  }

  /** Fresh tensors over copies: tfjs keeps a reference to the array it is given. */
  private arguments(): Tensor[] {
    return this.data.map((d, i) => this.tf.tensor(d.slice(), this.shapes[i], 'float32'));
  }

  private call(args: Tensor[]): Tensor {
    const y: unknown = this.f(...args);
    if (!isTensor(y)) throw new GradcheckError(`gradcheck: f must return one tensor, got ${describe(y)}`);
    if (y.dtype !== 'float32') throw new GradcheckError(`gradcheck: f returns dtype ${y.dtype}; gradients exist for float32 outputs only`);
    if (this.u.length > 0 && y.shape.join() !== this.outputShape.join()) {
      throw new GradcheckError(`gradcheck: f returned shape [${y.shape.join(', ')}] after [${this.outputShape.join(', ')}]; its output shape must not depend on the values`);
    }
    return y;
  }

  private assertUnchanged(args: readonly Tensor[]): void {
    args.forEach((arg, i) => {
      if (arg.isDisposed) throw new MutationError(`f disposed its input ${i}; gradcheck evaluates f many times and needs it to leave its inputs alone`);
      const now = arg.dataSync();
      const was = this.data[i]!;
      const k = was.findIndex((v, j) => !Object.is(v, now[j]));
      if (k >= 0) {
        throw new MutationError(`f changed its input ${i} at [${unravel(k, this.shapes[i]!).join(',')}] from ${was[k]} to ${now[k]}; gradcheck evaluates f many times and needs it to leave its inputs alone`);
      }
    });
  }

  private dotU(y: ArrayLike<number>): number {
    let acc = 0;
    for (let k = 0; k < y.length; k++) acc += this.u[k]! * y[k]!;
    return acc;
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}
