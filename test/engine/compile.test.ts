// The compiler from matrix notation to tfjs: every built-in matrix form that the
// engine can run gives what the float64 reference evaluation (mathjs) gives.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/select.js';
import { compileMatrixExpression, ENGINE_FUNCTIONS } from '../../src/engine/compile.js';
import { compileGradient, EngineCompileError } from '../../src/engine/derived.js';
import { FUNCTIONS, matrixName } from '../../src/notation/functions.js';
import { seededRandom } from '../../src/numeric/direction.js';
import { compileScalar } from '../helpers/scalar.js';
import { dimSize } from '../../src/notation/shapes.js';
import { domainArbitrary, type Domain } from '../../src/numeric/domains.js';
import { evaluateMatrix, squeezedShape } from '../../src/numeric/matrix.js';
import { builtinNames, builtinsDir } from '../../src/derivation/builtins.js';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { Instance } from '../../src/verify/instance.js';
import { loadDerivationFile } from '../../src/derivation/load.js';
import { FLOAT32_RTOL, relativeError, toTf } from './tf-helpers.js';

/** The derivations the engine's layers run on: each must compile. */
const LAYER_DERIVATIONS = [
  'linear-backward', 'relu-backward', 'sigmoid-backward', 'elementwise-backward', 'softmax-cross-entropy-backward',
  'batchnorm-backward', 'dropout-backward', 'conv2d-backward', 'conv2d-same-backward', 'maxpool-backward',
];

beforeAll(() => selectBackend('cpu'));

/** One random point of a derivation at the largest sizes of its ranges: every tensor's float64 value. */
function randomInstance(d: Derivation, seed: number): Instance {
  const sizes = new Map([...d.dimensions].map(([name, [, high]]) => [name, high]));
  const inst = new Instance(d, sizes);
  const draw = (domain: Domain, shape: readonly number[], k: number): Float64Array => fc.sample(domainArbitrary(domain, shape), { seed: 100 * seed + k, numRuns: 1 })[0]!;
  [...d.inputs].forEach(([name, domain], k) => inst.tensor(name).data.set(draw(domain, d.tensors.get(name)!.map((dim) => dimSize(dim, sizes)), k)));
  for (const output of d.outputs) {
    const upstream = inst.tensor(output.upstream);
    if (!output.drawn) upstream.data[0] = 1;
    else upstream.data.set(draw({ kind: 'normal' }, upstream.shape, 99));
  }
  inst.forward();
  return inst;
}

describe('compiled matrix forms', () => {
  it('equal the float64 evaluation for every built-in gradient the engine can run', async () => {
    const refused: string[] = [];
    let compared = 0;
    for (const name of builtinNames()) {
      const d = buildDerivation(await loadDerivationFile(join(builtinsDir(), `${name}.yaml`)));
      for (const g of d.gradients.filter((x) => x.matrix !== undefined)) {
        let fn;
        try {
          fn = compileGradient(d, g.wrt);
        } catch (err) {
          expect(err).toBeInstanceOf(EngineCompileError);
          expect((err as Error).message).toMatch(/no tfjs mapping for (function|operator) \w+|cannot compile a \w+/);
          refused.push(`${name} d${g.wrt}`);
          continue;
        }
        for (const seed of [1, 2, 3]) {
          const inst = randomInstance(d, seed);
          const reference = inst.evaluateClaim(g.matrix!, g.wrt);
          const tensors = Object.fromEntries([...d.tensors.keys()].map((t) => [t, toTf(inst.tensor(t))]));
          const engine = tf.tidy(() => fn(tensors));
          expect(squeezedShape(engine.shape), `${name} d${g.wrt} shape`).toEqual(squeezedShape(reference.shape));
          expect(relativeError(engine.dataSync(), reference.data), `${name} d${g.wrt} seed ${seed}`).toBeLessThan(FLOAT32_RTOL);
          tf.dispose([engine, ...Object.values(tensors)]);
          compared++;
        }
      }
    }
    expect(refused.filter((r) => LAYER_DERIVATIONS.includes(r.split(' ')[0]!))).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(3 * 15);
  });
});

describe('compiled transposed matrix forms', () => {
  it('equal the transpose of the compiled form, for every rank-2 gradient the engine can run', async () => {
    let compared = 0;
    for (const name of LAYER_DERIVATIONS) {
      const d = buildDerivation(await loadDerivationFile(join(builtinsDir(), `${name}.yaml`)));
      for (const g of d.gradients.filter((x) => x.matrix !== undefined && d.tensors.get(x.wrt)!.length === 2)) {
        const [plain, transposed] = [compileGradient(d, g.wrt), compileGradient(d, g.wrt, { transposed: true })];
        const inst = randomInstance(d, 4);
        const tensors = Object.fromEntries([...d.tensors.keys()].map((t) => [t, toTf(inst.tensor(t))]));
        const [expected, actual] = tf.tidy(() => [tf.transpose(plain(tensors)), transposed(tensors)]);
        expect(actual.shape, `${name} d${g.wrt}'`).toEqual(expected.shape);
        expect(relativeError(actual.dataSync(), expected.dataSync()), `${name} d${g.wrt}'`).toBeLessThan(FLOAT32_RTOL);
        tf.dispose([expected, actual, ...Object.values(tensors)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it("carries the transpose into products and cancels it on transposed operands: (dY' * X)' is X' * dY", async () => {
    const [dY, X] = [tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor2d([[1, 0, -1], [2, 1, 0], [0, 3, 1]])];
    const compiled = compileMatrixExpression("dY' * X", new Map(), { transposed: true });
    const scope = new Map([['dY', dY], ['X', X]]);
    let out: tf.Tensor | undefined;
    const info = await tf.profile(() => void (out = compiled(scope)));
    expect(Array.from(out!.dataSync())).toEqual(Array.from(tf.matMul(X, dY, true, false).dataSync()));
    // One transpose, of X; none of dY and none of the product.
    expect(info.kernels.filter((k) => k.name === 'Transpose').map((k) => k.inputShapes[0])).toEqual([[3, 3]]);
  });
});

describe('compileMatrixExpression', () => {
  const X = (): tf.Tensor => tf.tensor2d([[1, -2, 0], [3, 0.5, -1]]);

  it('maps every registry function with a tfjs op, with the float64 evaluator\'s values (step(0) = 0)', () => {
    const random = seededRandom(7);
    for (const [name, f] of Object.entries(FUNCTIONS)) {
      const as = matrixName(name) ?? name;
      expect(ENGINE_FUNCTIONS.includes(as), name).toBe(f.tfjs !== undefined && matrixName(name) !== undefined);
      if (!ENGINE_FUNCTIONS.includes(as)) continue;
      const args = ['a', 'b', 'c'].slice(0, f.arity);
      const reference = compileScalar(`${name}(${args.join(', ')})`, ['a', 'b', 'c']);
      // Points inside the domain and clear of the non-smooth ones, where float32 and float64 agree to rounding.
      const points: [number, number, number][] = [[0, 1, 2]];
      while (points.length < 20) {
        const [a, b, c] = [0, 1, 2].map(() => Math.fround(6 * random() - 3)) as [number, number, number];
        if ((f.defined?.(a, b, c) ?? true) && !(f.nonSmooth ?? []).some((p) => p.distance(a, b, c) < 0.01)) points.push([a, b, c]);
      }
      const [A, B, C] = [0, 1, 2].map((k) => tf.tensor1d(points.map((p) => p[k]!)));
      const out = compileMatrixExpression(`${as}(${args.map((x) => x.toUpperCase()).join(', ')})`)(new Map([['A', A!], ['B', B!], ['C', C!]])).dataSync();
      points.forEach(([a, b, c], k) => {
        const want = reference(a, b, c);
        if (!Number.isFinite(want)) expect(out[k], `${name}(${a}, ${b}, ${c})`).toBe(want);
        else expect(Math.abs(out[k]! - want), `${name}(${a}, ${b}, ${c}): ${out[k]} vs ${want}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want)));
      });
    }
  });

  it('compiles comparisons and % written as operators, and where, with the float64 evaluator\'s values', () => {
    const [A, B] = [tf.tensor1d([-1, 0, 2, 3]), tf.tensor1d([0, 0, 3, -1])];
    const tensors = new Map([['A', A], ['B', B]]);
    const reference = new Map([['A', { shape: [4], data: Float64Array.from([-1, 0, 2, 3]) }], ['B', { shape: [4], data: Float64Array.from([0, 0, 3, -1]) }]]);
    for (const expression of ['(A < B) + 2 * (A <= B) + 4 * (A > B) + 8 * (A >= B) + 16 * (A == B) + 32 * (A != B)', 'A % 2 + B % 3', 'where(A > B, A, B)', 'where(A, 1, 0)']) {
      const out = Array.from(compileMatrixExpression(expression)(tensors).dataSync());
      expect(out, expression).toEqual(Array.from(evaluateMatrix(expression, reference).data));
    }
  });

  it('multiplies batches of matrices matrix by matrix and transposes each, as the float64 evaluator does', () => {
    const random = seededRandom(3);
    const draw = (shape: number[]) => ({ shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.round(8 * random() - 4)) });
    const reference = new Map([['A', draw([2, 3, 4])], ['X', draw([2, 4, 5])], ['W', draw([4, 5])], ['dY', draw([2, 3, 5])]]);
    const tensors = new Map([...reference].map(([name, t]) => [name, toTf(t)]));
    for (const expression of ['A * X', "dY * X'", "A' * dY", "sum(A' * dY, 1)", 'A * W', "(A * X)'"]) {
      const out = compileMatrixExpression(expression)(tensors);
      const want = evaluateMatrix(expression, reference);
      expect(out.shape, expression).toEqual(want.shape);
      expect(Array.from(out.dataSync()), expression).toEqual(Array.from(want.data));
    }
    expect(Array.from(compileMatrixExpression('A * X', new Map(), { transposed: true })(tensors).dataSync())).toEqual(Array.from(evaluateMatrix("(A * X)'", reference).data));
  });

  it('where never lets the branch not taken reach the value (the square root of a negative number)', () => {
    const out = compileMatrixExpression('where(A > 0, sqrt(A), 0)')(new Map([['A', tf.tensor1d([-1, 0, 4])]])).dataSync();
    expect(Array.from(out)).toEqual([0, 0, 2]);
  });

  it('reads sum, mean, max and min dimensions 1-based, as mathjs does', () => {
    expect(Array.from(compileMatrixExpression('sum(X, 1)')(new Map([['X', X()]])).dataSync())).toEqual([4, -1.5, -1]);
    expect(Array.from(compileMatrixExpression('mean(X, 2)')(new Map([['X', X()]])).dataSync())).toEqual([-1 / 3, 2.5 / 3].map((v) => Math.fround(v)));
    expect(Array.from(compileMatrixExpression('max(X, 2)')(new Map([['X', X()]])).dataSync())).toEqual([1, 3]);
    expect(Array.from(compileMatrixExpression('min(X, 1)')(new Map([['X', X()]])).dataSync())).toEqual([1, -2, -1]);
  });

  it("multiplies matrices with * and transposes with '", () => {
    const out = compileMatrixExpression("X' * X")(new Map([['X', X()]]));
    expect(out.shape).toEqual([3, 3]);
    expect(out.dataSync()[0]).toBe(10);
  });

  it('keeps sizes as numbers and binds constants at compile time', () => {
    const out = compileMatrixExpression('X / S * eps', new Map([['eps', 2]]))(new Map<string, tf.Tensor | number>([['X', X()], ['S', 4]]));
    expect(out.dataSync()[1]).toBe(-1);
  });

  it('refuses what it has no tfjs mapping for, by name', () => {
    expect(() => compileMatrixExpression('inv(X)')).toThrow(/no tfjs mapping for function inv/);
    expect(() => compileMatrixExpression('constructor(X)')).toThrow(/no tfjs mapping for function constructor/);
    expect(() => compileMatrixExpression('X[1, 2]')).toThrow(/cannot compile a AccessorNode/);
    expect(() => compileMatrixExpression('X / X')(new Map([['X', X()]]))).toThrow(/divide by scalars only/);
  });
});
