// Kronecker deltas sifted at compile time (numeric/sift.ts) give the values of
// the sums as written: checked against loops written here, including deltas
// buried in nested sums, affine indices that fall off the range, and ranges
// that differ.
import { describe, expect, it } from 'vitest';
import { derivationOf, evaluate } from '../helpers/model.js';
import { expectAllClose } from '../helpers/tensor.js';

const values = (n: number, seed: number): number[] => Array.from({ length: n }, (_, k) => Math.round(100 * Math.sin(seed * 7.3 + k * 1.7)) / 100);

describe('delta sifting', () => {
  it('sifts deltas out of nested sums (a derivation step) to the plain product', () => {
    const [S, M, N] = [3, 4, 2];
    const d = derivationOf({
      shapes: { A: ['S', 'N'], B: ['S', 'M'], Z: ['N', 'M'] },
      forward: ['Z[i,j] = sum(s, n, A[s,n] * sum(m, B[s,m] * delta(n,i) * delta(m,j)))'],
    });
    const [A, B] = [values(S * N, 1), values(S * M, 2)];
    const expected: number[] = [];
    for (let i = 0; i < N; i++) for (let j = 0; j < M; j++) expected.push([0, 1, 2].reduce((acc, s) => acc + A[s * N + i]! * B[s * M + j]!, 0));
    expectAllClose(evaluate(d, { S, M, N }, { A, B })('Z').data, expected);
  });

  it('reads 0 where the sifted index falls outside its range (affine offsets)', () => {
    const d = derivationOf({
      shapes: { A: ['N'], Z: ['N'], W: ['N'] },
      forward: ['Z[i] = sum(k, A[k] * delta(k, i+1))', 'W[i] = sum(k, -A[k] * delta(k+1, i)) + Z[i]'],
    });
    const A = [0.5, -1.5, 2.5, 4];
    const get = evaluate(d, { N: 4 }, { A });
    expectAllClose(get('Z').data, [-1.5, 2.5, 4, 0]);
    expectAllClose(get('W').data, [-1.5 - 0, 2.5 - 0.5, 4 + 1.5, 0 - 2.5]);
  });

  it('checks the range when the delta joins indices over different dimensions', () => {
    const d = derivationOf({ shapes: { A: ['M'], Z: ['P'] }, forward: ['Z[i] = sum(k, A[k] * delta(i, k))'] });
    expectAllClose(evaluate(d, { M: 2, P: 4 }, { A: [3, -2] })('Z').data, [3, -2, 0, 0]);
  });

  it('sifts a chain of deltas and leaves a sum with no delta on its index alone', () => {
    const d = derivationOf({
      shapes: { A: ['N'], B: ['N', 'N'], Z: ['N', 'N'] },
      forward: ['Z[i,j] = sum(m, n, A[m] * delta(m, n) * delta(n, i)) * sum(k, B[j,k])'],
    });
    const [A, B] = [values(3, 3), values(9, 4)];
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expected.push(A[i]! * (B[j * 3]! + B[j * 3 + 1]! + B[j * 3 + 2]!));
    expectAllClose(evaluate(d, { N: 3 }, { A, B })('Z').data, expected);
  });

  it('costs one term per entry once sifted: a 256 x 784 x 128 step takes one pass, not 128 x 784', () => {
    const [S, M, N] = [256, 784, 128];
    const d = derivationOf({
      shapes: { A: ['S', 'N'], B: ['S', 'M'], Z: ['N', 'M'] },
      forward: ['Z[i,j] = sum(s, n, A[s,n] * sum(m, B[s,m] * delta(n,i) * delta(m,j)))'],
    });
    // Unsifted this is 1e5 entries x 2.6e7 terms: it would not finish. Sifted, the entry [5, 7] is sum(s, A[s,5] B[s,7]).
    const [A, B] = [values(S * N, 5), values(S * M, 6)];
    const z = evaluate(d, { S, M, N }, { A, B })('Z').data;
    let expected = 0;
    for (let s = 0; s < S; s++) expected += A[s * N + 5]! * B[s * M + 7]!;
    expect(z[5 * M + 7]).toBeCloseTo(expected, 9);
  });
});
