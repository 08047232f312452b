// Checks include the points where the forward's non-smooth functions switch
// (0 for abs, relu, step, sign; ties for max, min; equality for comparisons;
// integers for floor; ties of max and min reductions: read from the function
// registry), and derive's formulas are right there wherever the function is
// differentiable.
import { describe, expect, it } from 'vitest';
import { derive, isDerived } from '../../src/calculus/derive.js';
import { seededRandom } from '../../src/numeric/direction.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { Instances } from '../../src/verify/point.js';
import { verifyDerivation } from '../../src/verify/verify.js';
import { derivationOf } from './derivation-of.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const logSigmoid = (result?: string) =>
  derivationOf({
    shapes: { X: ['S', 'N'] },
    forward: ['Y[s,n] = min(X[s,n], 0) - log(1 + exp(-abs(X[s,n])))'],
    gradients: [result === undefined ? { wrt: 'X' } : { wrt: 'X', result }],
  });

describe('switch points', () => {
  it('a formula wrong only where kinks cancel (log-sigmoid at 0) is rejected at every seed, in 5 cases, with a 0 in the counterexample', () => {
    const d = logSigmoid('dX[i,j] = dY[i,j] * (exp(-abs(X[i,j])) * sign(X[i,j]) / (1 + exp(-abs(X[i,j]))) + 1 - step(X[i,j]))');
    for (const seed of SEEDS) {
      const [g] = verifyDerivation(d, { runs: 5, seed }).gradients;
      expect([seed, g!.ok]).toEqual([seed, false]);
      expect((g!.counterexample!.inputs.X as number[][]).flat()).toContain(0);
    }
  });

  it('every switching call gets an input entry moved onto its switch: through definitions, and ties of max', () => {
    const d = derivationOf({
      shapes: { X: ['S', 'M'], W: ['N', 'M'], a: ['N'], b: ['N'] },
      forward: ['Z[s,n] = sum(m, X[s,m] * W[n,m])', 'H[s,n] = relu(Z[s,n]) + max(a[n], b[n])'],
      sizes: { S: [2, 3], M: [2, 3], N: [2, 3] },
      gradients: [{ wrt: 'X', result: 'dX[i,j] = sum(n, dH[i,n] * step(Z[i,n]) * W[n,j])' }],
    });
    const instances = new Instances(d);
    const sizes = new Map([['S', 2], ['M', 3], ['N', 2]]);
    const random = seededRandom(3);
    const values = (n: number) => Float64Array.from({ length: n }, () => Math.round(600 * random() - 300) / 100);
    const point = { sizes, inputs: new Map([['X', values(6)], ['W', values(6)], ['a', values(2)], ['b', values(2)]]), upstream: values(4) };
    const placed = instances.onSwitches(point, seededRandom(9));
    const inst = instances.at(placed);
    expect(Array.from(inst.tensor('Z').data).some((z) => z === 0)).toBe(true);
    const [a, b] = [placed.inputs.get('a')!, placed.inputs.get('b')!];
    expect([0, 1].some((n) => a[n] === b[n])).toBe(true);
    // A correct claim stays correct at such points.
    expect(verifyDerivation(d, { runs: 50, seed: 2 }).gradients.map((g) => g.ok)).toEqual([true]);
  });
});

/** A point (sizes S=2, K=3, V=4) after placing it on the forward's switches. */
function placed(fields: Record<string, unknown>, inputs: Record<string, number[]>, seed: number, outputs = 6) {
  const d = derivationOf(fields);
  const instances = new Instances(d);
  const point = { sizes: new Map([['S', 2], ['K', 3], ['V', 4]]), inputs: new Map(Object.entries(inputs).map(([k, v]) => [k, Float64Array.from(v)])), upstream: new Float64Array(outputs) };
  return { d, instances, point: instances.onSwitches(point, seededRandom(seed)) };
}

describe('switch points of the language: the registry says where', () => {
  const offGrid = [0.13, -0.71, 1.37, 0.42, -1.23, 0.86];

  it('comparisons and where switch at equality, floor at integers', () => {
    const where = placed({ shapes: { X: ['S', 'K'] }, forward: ['Y[s,k] = where(X[s,k] > 0.5, X[s,k], 0)'], gradients: [] }, { X: offGrid }, 1);
    expect(Array.from(where.point.inputs.get('X')!)).toContain(0.5);
    const floor = placed({ shapes: { X: ['S', 'K'] }, forward: ['Y[s,k] = floor(X[s,k]) * X[s,k]'], gradients: [] }, { X: offGrid }, 1);
    expect(Array.from(floor.point.inputs.get('X')!).some((x) => Number.isInteger(x))).toBe(true);
  });

  it('a max reduction gets two tied entries, and a claim giving each of them the whole gradient is rejected at every seed', () => {
    const fields = { shapes: { X: ['S', 'K'] }, forward: ['Y[s] = max(k, X[s,k])'], gradients: [{ wrt: 'X', result: 'dX[i,j] = dY[i] * (X[i,j] == Y[i])' }] };
    for (const seed of [1, 2, 3]) {
      const x = placed(fields, { X: offGrid }, seed, 2).point.inputs.get('X')!;
      const rows = [Array.from(x.slice(0, 3)), Array.from(x.slice(3))];
      expect(rows.some((row) => row.filter((v) => v === Math.max(...row)).length > 1)).toBe(true);
    }
    for (const seed of SEEDS) expect([seed, verifyDerivation(derivationOf(fields), { runs: 5, seed }).ok]).toEqual([seed, false]);
  });

  it('never moves an index tensor: only the entries it selects', () => {
    const fields = { shapes: { W: ['V', 'K'], tok: ['S'] }, domains: { tok: 'index(V)' }, forward: ['Y[s,k] = relu(W[tok[s], k])'], gradients: [] };
    const tok = [3, 1];
    for (const seed of [1, 2, 3, 4]) {
      const { instances, point } = placed(fields, { W: [...offGrid, ...offGrid].map(Math.abs), tok }, seed);
      expect(Array.from(point.inputs.get('tok')!)).toEqual(tok);
      const y = instances.at(point).tensor('Y').data;
      expect(Array.from(y).some((v) => v === 0)).toBe(true);
    }
  });
});

describe('derive where kinks cancel', () => {
  it('derives log-sigmoid with the mean of one-sided slopes at the kinks, right at 0, and checks it at every seed', () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const [g] = deriveAndCheck(logSigmoid(), undefined, { runs: 50, seed });
      expect([seed, g!.verified, g!.failure]).toEqual([seed, true, null]);
      expect(g!.derived!.result).toContain('sign(X[i,j])');
      expect(g!.derived!.result).not.toContain('step(');
    }
  });

  it('keeps the textbook conventions where they are right (relu: step)', () => {
    const d = derivationOf({ shapes: { X: ['S', 'N'] }, forward: ['Y[s,n] = relu(X[s,n])'], gradients: [{ wrt: 'X' }] });
    const [g] = deriveAndCheck(d, undefined, { runs: 50, seed: 1 });
    expect([g!.verified, g!.derived!.result]).toEqual([true, 'dX[i,j] = dY[i,j] * step(X[i,j])']);
    const [mean] = derive(d, ['X'], { meanSlopes: true }).gradients;
    expect(isDerived(mean!) && mean.result).toBe('dX[i,j] = dY[i,j] * (0.5 + sign(X[i,j]) / 2)');
  });
});

describe('switch points in fast mode', () => {
  it('a formula wrong only where kinks cancel (log-sigmoid at 0) is rejected in fast mode too, with a 0 in the counterexample', () => {
    const d = logSigmoid('dX[i,j] = dY[i,j] * (exp(-abs(X[i,j])) * sign(X[i,j]) / (1 + exp(-abs(X[i,j]))) + 1 - step(X[i,j]))');
    for (const seed of SEEDS) {
      const [g] = verifyDerivation(d, { runs: 5, seed, mode: 'fast' }).gradients;
      expect([seed, g!.ok, g!.mode]).toEqual([seed, false, 'fast']);
      expect((g!.counterexample!.inputs.X as number[][]).flat()).toContain(0);
    }
  });

  it('the right formula (mean slopes at the cancelling kinks) is verified in fast mode at every seed', () => {
    const d = logSigmoid('dX[i,j] = dY[i,j] * (exp(-abs(X[i,j])) * sign(X[i,j]) / (1 + exp(-abs(X[i,j]))) + 1 - (sign(X[i,j]) + 1) / 2)');
    for (const seed of SEEDS) expect([seed, verifyDerivation(d, { runs: 20, seed, mode: 'fast' }).ok]).toEqual([seed, true]);
  });
});

describe('switches of high order', () => {
  it('pow at a base that vanishes to sixth order (a cubed square of a sum) gets the sum exactly onto 0, where the secant alone stops short', () => {
    const d = derivationOf({ shapes: { x: ['N'], y: ['N'] }, forward: ['y[n] = x[n] * pow((sum(k, x[k])^2)^3, 0.5)'], gradients: [{ wrt: 'x' }] });
    const instances = new Instances(d);
    const point = { sizes: new Map([['N', 3]]), inputs: new Map([['x', Float64Array.from([2.37, -1.42, 0.96])]]), upstream: Float64Array.from([0.5, -0.3, 0.8]) };
    const x = instances.onSwitches(point, seededRandom(1)).inputs.get('x')!;
    expect(x[0]! + x[1]! + x[2]!).toBe(0);
  });
});
