// The compiled evaluator (numeric/compile.ts, driven by verify/instance.ts)
// against plain-loop reference implementations written here.
import { describe, expect, it } from 'vitest';
import { derivationOf, evaluate, expectMatchesReference, type Values } from '../helpers/model.js';
import { expectAllClose } from '../helpers/tensor.js';

type Sizes = Record<string, number>;
const at = (x: Float64Array | undefined, i: number): number => x![i]!;

describe('compiled forward lines equal reference implementations', () => {
  it('linear layer: Y = X W^T + b', () => {
    const d = derivationOf({ shapes: { X: ['S', 'M'], W: ['N', 'M'], b: ['N'] }, forward: ['Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[n]'] });
    const reference = ({ S, M, N }: Sizes, { X, W, b }: Values): number[] => {
      const y: number[] = [];
      for (let s = 0; s < S!; s++) {
        for (let n = 0; n < N!; n++) {
          let acc = at(b, n);
          for (let m = 0; m < M!; m++) acc += at(X, s * M! + m) * at(W, n * M! + m);
          y.push(acc);
        }
      }
      return y;
    };
    expectMatchesReference(d, reference, {
      sizes: { S: [1, 4], M: [1, 4], N: [1, 4] },
      counts: ({ S, M, N }) => ({ X: S! * M!, W: N! * M!, b: N! }),
    });
  });

  it('row-wise softmax', () => {
    const d = derivationOf({ shapes: { X: ['S', 'C'] }, forward: ['Y[s,c] = exp(X[s,c]) / sum(k, exp(X[s,k]))'] });
    const reference = ({ S, C }: Sizes, { X }: Values): number[] => {
      const y: number[] = [];
      for (let s = 0; s < S!; s++) {
        const row = Array.from(X!.subarray(s * C!, (s + 1) * C!));
        const z = row.reduce((a, v) => a + Math.exp(v), 0);
        y.push(...row.map((v) => Math.exp(v) / z));
      }
      return y;
    };
    expectMatchesReference(d, reference, { sizes: { S: [1, 4], C: [1, 5] }, counts: ({ S, C }) => ({ X: S! * C! }) });
  });

  it('1-D correlation with zero padding: X[p+u-1] reads 0 outside X', () => {
    const d = derivationOf({ shapes: { X: ['N'], K: [3], Y: ['N'] }, forward: ['Y[p] = sum(u, X[p+u-1] * K[u])'] });
    const reference = ({ N }: Sizes, { X, K }: Values): number[] =>
      Array.from({ length: N! }, (_, p) => {
        let acc = 0;
        for (let u = 0; u < 3; u++) {
          const i = p + u - 1;
          if (i >= 0 && i < N!) acc += at(X, i) * at(K, u);
        }
        return acc;
      });
    expectMatchesReference(d, reference, { sizes: { N: [1, 6] }, counts: ({ N }) => ({ X: N!, K: 3 }) });
  });

  it('strided correlation 2*p+u, reading 0 past the end', () => {
    const d = derivationOf({ shapes: { X: ['N'], K: ['U'], Y: ['P'] }, forward: ['Y[p] = sum(u, X[2*p+u] * K[u])'] });
    const reference = ({ N, U, P }: Sizes, { X, K }: Values): number[] =>
      Array.from({ length: P! }, (_, p) => {
        let acc = 0;
        for (let u = 0; u < U!; u++) if (2 * p + u < N!) acc += at(X, 2 * p + u) * at(K, u);
        return acc;
      });
    expectMatchesReference(d, reference, { sizes: { N: [1, 6], U: [1, 3], P: [1, 4] }, counts: ({ N, U }) => ({ X: N!, K: U! }) });
  });

  it('2-D correlation, same padding, 3 x 3 kernel', () => {
    const d = derivationOf({
      shapes: { X: ['H', 'W'], K: [3, 3], Z: ['H', 'W'] },
      forward: ['Z[p,q] = sum(u, v, X[p+u-1, q+v-1] * K[u,v])'],
    });
    const reference = ({ H, W }: Sizes, { X, K }: Values): number[] => {
      const z: number[] = [];
      for (let p = 0; p < H!; p++) {
        for (let q = 0; q < W!; q++) {
          let acc = 0;
          for (let u = 0; u < 3; u++) {
            for (let v = 0; v < 3; v++) {
              const i = p + u - 1;
              const j = q + v - 1;
              if (i >= 0 && i < H! && j >= 0 && j < W!) acc += at(X, i * W! + j) * at(K, u * 3 + v);
            }
          }
          z.push(acc);
        }
      }
      return z;
    };
    expectMatchesReference(d, reference, { sizes: { H: [1, 4], W: [1, 4] }, counts: ({ H, W }) => ({ X: H! * W!, K: 9 }), numRuns: 100 });
  });

  it('backward difference i-1, with X[-1] read as 0', () => {
    const d = derivationOf({ shapes: { X: ['N'] }, forward: ['Y[i] = X[i] - X[i-1]'] });
    expectMatchesReference(d, ({ N }, { X }) => Array.from({ length: N! }, (_, i) => at(X, i) - (i > 0 ? at(X, i - 1) : 0)), {
      sizes: { N: [1, 6] },
      counts: ({ N }) => ({ X: N! }),
    });
  });

  it('element-wise functions follow their conventions (step(0) = 0, sign(0) = 0)', () => {
    const fns: [string, (x: number) => number][] = [
      ['exp(X[i])', Math.exp],
      ['tanh(X[i])', Math.tanh],
      ['sigmoid(X[i])', (x) => 1 / (1 + Math.exp(-x))],
      ['relu(X[i])', (x) => Math.max(x, 0)],
      ['step(X[i])', (x) => (x > 0 ? 1 : 0)],
      ['sign(X[i])', (x) => (x > 0 ? 1 : x < 0 ? -1 : 0)],
      ['abs(X[i])', Math.abs],
      ['log(abs(X[i]) + 1)', (x) => Math.log(Math.abs(x) + 1)],
      ['sqrt(abs(X[i]))', (x) => Math.sqrt(Math.abs(x))],
      ['max(X[i], 0.5)', (x) => Math.max(x, 0.5)],
      ['min(X[i], 0.5)', (x) => Math.min(x, 0.5)],
      ['-X[i]^2 / 4', (x) => -(x ** 2) / 4],
    ];
    const x = [-2.5, -1, -0.25, 0, 0.25, 0.5, 1, 3];
    for (const [expr, f] of fns) {
      const d = derivationOf({ shapes: { X: ['N'] }, forward: [`Y[i] = ${expr}`] });
      expectAllClose(evaluate(d, { N: x.length }, { X: x })('Y').data, x.map(f), { rtol: 1e-14, atol: 1e-15 });
    }
  });

  it('delta, dimension symbols and constants evaluate as numbers', () => {
    const d = derivationOf({ shapes: { A: ['N', 'N'], E: ['N', 'N'] }, constants: { two: 2 }, forward: ['E[i,j] = delta(i,j) * N + two * A[i,j] - pi * 0'] });
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(Array.from(evaluate(d, { N: 3 }, { A: a })('E').data)).toEqual([5, 4, 6, 8, 13, 12, 14, 16, 21]);
  });

  it('a scalar output and a chain of forward lines (batch mean, then centring)', () => {
    const d = derivationOf({
      shapes: { X: ['S', 'M'] },
      forward: ['mu[m] = sum(s, X[s,m]) / S', 'Z[s,m] = X[s,m] - mu[m]', 'L = sum(s, m, Z[s,m]^2)'],
    });
    const x = [1, 2, 3, 6]; // S = 2, M = 2: columns (1, 3) and (2, 6), means 2 and 4
    const t = evaluate(d, { S: 2, M: 2 }, { X: x });
    expect(Array.from(t('mu').data)).toEqual([2, 4]);
    expect(Array.from(t('Z').data)).toEqual([-1, -2, 1, 2]);
    expect(t('L').shape).toEqual([]);
    expect(Array.from(t('L').data)).toEqual([10]);
  });

  it('the trace sums the diagonal (the same index twice in one access)', () => {
    const d = derivationOf({ shapes: { A: ['N', 'N'] }, forward: ['t = sum(i, A[i,i])'] });
    expect(Array.from(evaluate(d, { N: 3 }, { A: [1, 2, 3, 4, 5, 6, 7, 8, 9] })('t').data)).toEqual([15]);
  });

  it('the reference check rejects an evaluator that disagrees (here: a reference without zero padding)', () => {
    const d = derivationOf({ shapes: { X: ['N'] }, forward: ['Y[i] = X[i] - X[i-1]'] });
    // Wraps around instead of reading 0 before the start: wrong for every N > 1 with X[N-1] != 0.
    const wrapping = ({ N }: Sizes, { X }: Values): number[] => Array.from({ length: N! }, (_, i) => at(X, i) - at(X, (i - 1 + N!) % N!));
    expect(() => expectMatchesReference(d, wrapping, { sizes: { N: [2, 4] }, counts: ({ N }) => ({ X: N! }), numRuns: 50 })).toThrow();
  });
});
